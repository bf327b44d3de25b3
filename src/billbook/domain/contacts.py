"""Contacts: the people at a customer who receive its documents and messages."""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from billbook.domain import iso_codes, values
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam, RuleViolation
from billbook.domain.listing import typed_filter

MAX_CONTACTS_PER_CUSTOMER = 100


@dataclass(slots=True)
class Contact:
    id: int | None
    customer_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    email: str | None = None
    title: str | None = None
    department: str | None = None
    phone: str | None = None
    primary: bool = True
    sms_enabled: bool = False
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "Contact":
        return replace(self, **changes, updated_at=now)


EDITABLE_FIELDS = frozenset(f.name for f in fields(Contact)) - {"id", "customer_id", "created_at", "updated_at"}
FILTERABLE_FIELDS = EDITABLE_FIELDS
SORTABLE_FIELDS = EDITABLE_FIELDS | {"id", "created_at", "updated_at"}
# Fields with a default: null (an empty form value, or the Go client's unset pointer) means "not sent".
DEFAULTED_FIELDS = frozenset({"primary", "sms_enabled"})
TEXT_LIMITS = {"title": 100, "department": 100, "phone": 50, "city": 100, "state": 100, "postal_code": 20}
DEFAULT_TEXT_LIMIT = 255


def _normalize(name: str, value: Any) -> Any:
    if name == "name":
        if not value.strip():
            raise InvalidParam(name, "is required")
        return values.text(name, value.strip(), DEFAULT_TEXT_LIMIT)
    if name == "email":
        return email_address(name, value)
    if name == "country":
        return iso_codes.country_code(name, value)
    return values.bounded(name, value, TEXT_LIMITS.get(name, DEFAULT_TEXT_LIMIT))


def clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise InvalidParam(name, "is not a contact field")
        if value is None:
            if name == "name":
                raise InvalidParam(name, "cannot be null")
            if name not in DEFAULTED_FIELDS:
                cleaned[name] = None
            continue
        cleaned[name] = _normalize(name, value)
    return cleaned


def filter_value(name: str, text: str | None) -> Any:
    """A `filter[name]` value as stored: typed, and normalised like an input (`fr` matches `FR`)."""
    value = typed_filter(Contact, name, text)
    return iso_codes.country_code(f"filter[{name}]", value) if name == "country" and value else value


def new_contact(changes: Mapping[str, Any], *, customer_id: int, customer_country: str | None,
                existing_contacts: int, now: datetime) -> Contact:
    """A contact for a customer; its country defaults to the customer's."""
    if existing_contacts >= MAX_CONTACTS_PER_CUSTOMER:
        raise RuleViolation(f"A customer can have at most {MAX_CONTACTS_PER_CUSTOMER} contacts")
    if not changes.get("name"):
        raise InvalidParam("name", "is required")
    values = {"country": customer_country, **changes}
    return Contact(id=None, customer_id=customer_id, created_at=now, updated_at=now, **values)
