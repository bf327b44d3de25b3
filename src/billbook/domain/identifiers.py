"""Public identifiers: the prefixed random ids of the Octobat face (`oc_cu_1421878635hksc26e4de79`)."""

import re
import secrets
import string
from datetime import datetime

_ALPHANUMERIC = string.ascii_lowercase + string.digits

PREFIXES = {
    "customer": "cu",
    "payment_source": "ps",
    "numbering_sequence": "ns",
    "payment_mode": "pm",
    "invoice": "in",
    "invoice_line": "ii",
    "payment": "pa",
}


def public_id(kind: str, now: datetime) -> str:
    """`oc_<prefix>_<10-digit unix time><4 [a-z0-9]><8 hex>`, as the Octobat clients expect."""
    letters = "".join(secrets.choice(_ALPHANUMERIC) for _ in range(4))
    return f"oc_{PREFIXES[kind]}_{int(now.timestamp()):010d}{letters}{secrets.token_hex(4)}"


def portal_token() -> str:
    """An unguessable token (192 random bits) for a link that reaches one thing without an API
    key: a customer's billing page, a customer's statements, one document's PDF."""
    return secrets.token_urlsafe(24)


link_token = portal_token
_LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def could_be_link_token(text: str) -> bool:
    """Whether the text has a link token's form (anything else is looked up for nothing)."""
    return _LINK_TOKEN.fullmatch(text) is not None
