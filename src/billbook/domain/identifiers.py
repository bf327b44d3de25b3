"""Public identifiers: the prefixed random ids of the Octobat face (`oc_cu_1421878635hksc26e4de79`)."""

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
    """An unguessable token for a customer's own pages (billing page, statements)."""
    return secrets.token_urlsafe(24)
