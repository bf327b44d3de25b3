"""Payment sources: a customer's card or bank account as a payment gateway knows it.

Only the gateway's reference and what may be shown (brand, last four digits, expiry, country) are
kept; a full card number is refused wherever it turns up, so the ledger never holds one.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from stdnum import luhn

from billbook.domain import iso_codes, metadata, values
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import FieldRules

CARD_TYPES = frozenset({"credit card", "debit card", "card"})
BANK_TYPES = frozenset({"transfer", "bank account", "bank_account", "sepa direct debit", "sepa debit", "ach"})
MAX_EXPIRY_YEAR = 2200
# Card numbers as written: one run of digits, or groups split by spaces or dashes (4-4-4-4…, 4-6-5).
_CARD_NUMBER = re.compile(r"(?<!\d)(?:\d{12,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5})(?!\d)")


@dataclass(slots=True)
class PaymentSource:
    id: int | None
    public_id: str
    customer_id: int
    type: str  # as the gateway or caller names it: "Credit Card", "Transfer", "Check"…
    created_at: datetime
    updated_at: datetime
    reference: str | None = None  # the gateway's id for it: "card_1029383qsfqs"
    gateway: str | None = None
    country: str | None = None
    exp_month: int | None = None
    exp_year: int | None = None
    # What may be shown of it: brand, last4, funding, bank_name…
    details: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """`card`, `bank_account`, or `other`: what an Invoiced client can charge it as."""
        lowered = self.type.lower()
        if lowered in CARD_TYPES:
            return "card"
        if lowered in BANK_TYPES:
            return "bank_account"
        return "other"

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "PaymentSource":
        return replace(self, **changes, updated_at=now)


def refuse_card_numbers(param: str, text: str) -> str:
    """12 to 19 digits written as a card number is (passing the Luhn check) one: it must not be stored."""
    for written in _CARD_NUMBER.findall(text):
        digits = re.sub(r"\D", "", written)
        if 12 <= len(digits) <= 19 and luhn.is_valid(digits):
            raise InvalidParam(param, "looks like a full card number; send the gateway's reference instead")
    return text


def _text(limit: int):
    def clean(param: str, value: str) -> str:
        return refuse_card_numbers(param, values.text(param, value.strip(), limit))
    return clean


def _month(param: str, value: int) -> int:
    if not 1 <= value <= 12:
        raise InvalidParam(param, "must be between 1 and 12")
    return value


def _year(param: str, value: int) -> int:
    if not 1900 <= value <= MAX_EXPIRY_YEAR:
        raise InvalidParam(param, f"must be a four-digit year up to {MAX_EXPIRY_YEAR}")
    return value


def _details(param: str, value: Mapping[str, Any]) -> dict[str, str]:
    cleaned = metadata.validate(param, value)
    for key, text in cleaned.items():
        refuse_card_numbers(f"{param}[{key}]", text)
    last4 = cleaned.get("last4")
    if last4 is not None and not re.fullmatch(r"\d{4}", last4):
        raise InvalidParam(f"{param}[last4]", "must be the last four digits")
    return cleaned


EDITABLE_FIELDS = frozenset(f.name for f in fields(PaymentSource)) - {
    "id", "public_id", "customer_id", "created_at", "updated_at"}
RULES = FieldRules(
    entity=PaymentSource,
    label="payment source",
    editable=EDITABLE_FIELDS,
    not_null=frozenset({"type"}),
    cleared={"details": dict},
    normalizers={
        "type": _text(40), "reference": _text(100), "gateway": _text(40), "country": iso_codes.country_code,
        "exp_month": _month, "exp_year": _year, "details": _details,
    },
)
clean_changes = RULES.clean


def new_payment_source(changes: Mapping[str, Any], *, customer_id: int, public_id: str,
                       now: datetime) -> PaymentSource:
    if not changes.get("type"):
        raise InvalidParam("type", "is required")
    return PaymentSource(id=None, public_id=public_id, customer_id=customer_id, created_at=now, updated_at=now,
                         **changes)
