"""The customer: who is billed, where, and how they are chased and taxed."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from billbook.domain import iso_codes, metadata, tax_numbers, values
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import FieldRules, required_text
from billbook.domain.payment_sources import PaymentSource

CUSTOMER_TYPES = ("company", "person")
# For VAT: a B2B customer is registered for VAT, a B2C one (a person, or an unregistered company) is not.
BUSINESS_TYPES = ("B2B", "B2C")
SOURCE_FIELDS = ("gateway", "source_type", "identifier")
MAX_SOURCES = 20
# A change to some metadata keys only (see `metadata.updates`), where `metadata` replaces them all.
METADATA_UPDATES = "metadata_updates"
NUMBER_PREFIX = "CUST-"
NUMBER_DIGITS = 5


@dataclass(slots=True)
class Customer:
    id: int | None
    public_id: str
    number: str
    name: str | None
    created_at: datetime
    updated_at: datetime
    portal_token: str = ""
    statement_token: str | None = None
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
    business_type: str = "B2C"
    # References to the objects of integrations (a Stripe customer…) this customer stands for.
    sources: list[dict[str, str | None]] = field(default_factory=list)
    # Read with the customer, oldest first; changed only through the payment sources' own use cases.
    payment_sources: list[PaymentSource] = field(default_factory=list)

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "Customer":
        """The customer with cleaned changes (see `clean_changes`) applied."""
        changes = dict(changes)
        if METADATA_UPDATES in changes:
            changes["metadata"] = metadata.updated("metadata", self.metadata, changes.pop(METADATA_UPDATES))
        return replace(self, **changes, updated_at=now)

    @property
    def default_payment_source(self) -> PaymentSource | None:
        """The source charged when none is named: the first card or bank account attached."""
        return next((source for source in self.payment_sources if source.kind != "other"), None)


# Fields a caller may set; the rest (id, public_id, timestamps) belong to the ledger.
LEDGER_FIELDS = frozenset({"id", "public_id", "portal_token", "statement_token", "created_at", "updated_at",
                           "payment_sources"})
EDITABLE_FIELDS = frozenset(f.name for f in fields(Customer)) - LEDGER_FIELDS

# Fields callers may match exactly with filter[...]: scalar columns, not lists or metadata.
FILTERABLE_FIELDS = EDITABLE_FIELDS - {"taxes", "disabled_payment_methods", "metadata", "sources"}
SORTABLE_FIELDS = FILTERABLE_FIELDS | {"id", "created_at", "updated_at"}



def _customer_type(param: str, value: str) -> str:
    if value not in CUSTOMER_TYPES:
        raise InvalidParam(param, f"must be one of: {', '.join(CUSTOMER_TYPES)}")
    return value


def _business_type(param: str, value: str) -> str:
    upper = value.strip().upper()
    if upper not in BUSINESS_TYPES:
        raise InvalidParam(param, f"must be one of: {', '.join(BUSINESS_TYPES)}")
    return upper


def _sources(param: str, value: list[Any]) -> list[dict[str, str | None]]:
    if len(value) > MAX_SOURCES:
        raise InvalidParam(param, f"can have at most {MAX_SOURCES} items")
    cleaned = []
    for index, source in enumerate(value):
        where = f"{param}[{index}]"
        if not isinstance(source, Mapping):
            raise InvalidParam(where, "must be an object with gateway, source_type and identifier")
        unknown = set(source) - set(SOURCE_FIELDS)
        if unknown:
            raise InvalidParam(f"{where}[{sorted(unknown)[0]}]", "is not a source field")
        entry = {}
        for name in SOURCE_FIELDS:
            text = source.get(name)
            if text is not None and not isinstance(text, str | int):
                raise InvalidParam(f"{where}[{name}]", "must be text")
            entry[name] = values.text(f"{where}[{name}]", str(text).strip(), 100) if text not in (None, "") else None
        if not entry["identifier"]:
            raise InvalidParam(f"{where}[identifier]", "is required")
        cleaned.append(entry)
    return cleaned


def _number(param: str, value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidParam(param, "cannot be blank")
    return values.text(param, text, 32)


RULES = FieldRules(
    entity=Customer,
    label="customer",
    editable=EDITABLE_FIELDS,
    not_null=frozenset(),
    defaulted=frozenset({"number", "type", "autopay", "chase", "credit_hold", "taxable", "business_type"}),
    cleared={"taxes": list, "disabled_payment_methods": list, "metadata": dict, "sources": list},
    normalizers={
        "name": required_text,
        "number": _number,
        "email": email_address,
        "type": _customer_type,
        "country": iso_codes.country_code,
        "currency": iso_codes.currency_code,
        "language": iso_codes.language_code,
        "metadata": metadata.validate,
        "business_type": _business_type,
        "sources": _sources,
    },
    normalized_filters=frozenset({"email", "type", "country", "currency", "language", "business_type"}),
    text_limits={"payment_terms": 50, "city": 100, "state": 100, "postal_code": 20, "phone": 50,
                 "other_phone": 50, "tax_id": 50, "avalara_entity_use_code": 50, "avalara_exemption_number": 50,
                 "notes": 10_000},
)
filter_value = RULES.filter_value


def clean_changes(changes: Mapping[str, Any], current_country: str | None = None) -> dict[str, Any]:
    """Caller-supplied fields, normalised and checked.

    `vat_number` sets the tax id to a VAT registration number, which must then pass its country's
    format and checksum (read as one of the customer's billing country when it has no prefix).
    `metadata_updates` changes only the metadata keys it names, where `metadata` replaces them all."""
    changes = dict(changes)
    _refuse_gateway_token(changes.pop("stripe_token", None))
    given_metadata_updates = METADATA_UPDATES in changes
    metadata_updates = metadata.updates("metadata", changes.pop(METADATA_UPDATES, None))
    given_vat_number = "vat_number" in changes
    vat_number = changes.pop("vat_number", None)
    cleaned = RULES.clean(changes)
    if given_vat_number:
        country = cleaned.get("country") or current_country
        cleaned["tax_id"] = tax_numbers.vat_number("vat_number", vat_number, country) if vat_number else None
    if given_metadata_updates:
        cleaned[METADATA_UPDATES] = metadata_updates
    return cleaned


def _refuse_gateway_token(token: object) -> None:
    """A payment gateway's token (Stripe.js gives one for a card) becomes a payment source only
    through that gateway; none is connected, and keeping the token unused would hide that the
    customer has no card on file."""
    if token not in (None, ""):
        raise InvalidParam("stripe_token", "cannot be used: no payment gateway is connected to turn it into "
                                           "a payment source")


def new_customer(changes: Mapping[str, Any], *, number: str, public_id: str, portal_token: str,
                 now: datetime, statement_token: str | None = None) -> Customer:
    """A customer from cleaned fields (see `clean_changes`) and the ledger's own values.

    Without a stated business type, a customer with a tax id is taken as a VAT-registered
    business (B2B), any other as B2C."""
    fields_ = {**changes, "number": number}
    if METADATA_UPDATES in fields_:
        fields_["metadata"] = metadata.updated("metadata", {}, fields_.pop(METADATA_UPDATES))
    if "business_type" not in fields_:
        fields_["business_type"] = "B2B" if fields_.get("tax_id") else "B2C"
    fields_.setdefault("name", None)
    return Customer(id=None, public_id=public_id, portal_token=portal_token, statement_token=statement_token,
                    created_at=now, updated_at=now, **fields_)


def format_number(sequence: int) -> str:
    return f"{NUMBER_PREFIX}{sequence:0{NUMBER_DIGITS}d}"


def position_in_series(number: str) -> int | None:
    """Where a number stands in the generated series (CUST-00042 is 42); None for any other number."""
    digits = number.removeprefix(NUMBER_PREFIX)
    if digits == number or not (digits.isascii() and digits.isdigit()):
        return None
    position = int(digits)
    return position if format_number(position) == number else None
