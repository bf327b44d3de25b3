"""The customer: who is billed, where, and how they are chased and taxed."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from billbook.domain import iso_codes, metadata, values
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import FieldRules, required_text

CUSTOMER_TYPES = ("company", "person")
NUMBER_PREFIX = "CUST-"
NUMBER_DIGITS = 5


@dataclass(slots=True)
class Customer:
    id: int | None
    public_id: str
    number: str
    name: str
    created_at: datetime
    updated_at: datetime
    portal_token: str = ""
    email: str | None = None
    type: str = "company"
    autopay: bool = False
    autopay_delay_days: int | None = None
    payment_terms: str | None = None
    attention_to: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    language: str | None = None
    currency: str | None = None
    chase: bool = True
    chasing_cadence: int | None = None
    next_chase_step: int | None = None
    phone: str | None = None
    other_phone: str | None = None
    website: str | None = None
    credit_hold: bool = False
    credit_limit: Decimal | None = None
    owner: int | None = None
    taxable: bool = True
    taxes: list[Any] = field(default_factory=list)
    tax_id: str | None = None
    avalara_entity_use_code: str | None = None
    avalara_exemption_number: str | None = None
    parent_customer: int | None = None
    notes: str | None = None
    sign_up_page: int | None = None
    disabled_payment_methods: list[str] = field(default_factory=list)
    ach_gateway: int | None = None
    cc_gateway: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "Customer":
        return replace(self, **changes, updated_at=now)


# Fields a caller may set; the rest (id, public_id, timestamps) belong to the ledger.
LEDGER_FIELDS = frozenset({"id", "public_id", "portal_token", "created_at", "updated_at"})
EDITABLE_FIELDS = frozenset(f.name for f in fields(Customer)) - LEDGER_FIELDS

# Fields callers may match exactly with filter[...]: scalar columns, not lists or metadata.
FILTERABLE_FIELDS = EDITABLE_FIELDS - {"taxes", "disabled_payment_methods", "metadata"}
SORTABLE_FIELDS = FILTERABLE_FIELDS | {"id", "created_at", "updated_at"}



def _customer_type(param: str, value: str) -> str:
    if value not in CUSTOMER_TYPES:
        raise InvalidParam(param, f"must be one of: {', '.join(CUSTOMER_TYPES)}")
    return value


def _number(param: str, value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidParam(param, "cannot be blank")
    return values.text(param, text, 32)


RULES = FieldRules(
    entity=Customer,
    label="customer",
    editable=EDITABLE_FIELDS,
    defaulted=frozenset({"number", "type", "autopay", "chase", "credit_hold", "taxable"}),
    cleared={"taxes": list, "disabled_payment_methods": list, "metadata": dict},
    normalizers={
        "name": required_text,
        "number": _number,
        "email": email_address,
        "type": _customer_type,
        "country": iso_codes.country_code,
        "currency": iso_codes.currency_code,
        "language": iso_codes.language_code,
        "metadata": metadata.validate,
    },
    normalized_filters=frozenset({"email", "type", "country", "currency", "language"}),
    text_limits={"payment_terms": 50, "city": 100, "state": 100, "postal_code": 20, "phone": 50,
                 "other_phone": 50, "tax_id": 50, "avalara_entity_use_code": 50, "avalara_exemption_number": 50,
                 "notes": 10_000},
)
clean_changes = RULES.clean
filter_value = RULES.filter_value


def new_customer(changes: Mapping[str, Any], *, number: str, public_id: str, portal_token: str,
                 now: datetime) -> Customer:
    """A customer from cleaned fields (see `clean_changes`) and the ledger's own values."""
    if not changes.get("name"):
        raise InvalidParam("name", "is required")
    return Customer(id=None, public_id=public_id, portal_token=portal_token, created_at=now, updated_at=now,
                    **{**changes, "number": number})


def format_number(sequence: int) -> str:
    return f"{NUMBER_PREFIX}{sequence:0{NUMBER_DIGITS}d}"
