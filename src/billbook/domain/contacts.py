"""Contacts: the people at a customer who receive its documents and messages."""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from billbook.domain import iso_codes
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam, RuleViolation

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
_NOT_NULL = ("name", "primary", "sms_enabled")


def clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise InvalidParam(name, "is not a contact field")
        if value is None:
            if name in _NOT_NULL:
                raise InvalidParam(name, "cannot be null")
            cleaned[name] = None
        elif name == "name":
            if not value.strip():
                raise InvalidParam(name, "is required")
            cleaned[name] = value.strip()
        elif name == "email":
            cleaned[name] = email_address(name, value)
        elif name == "country":
            cleaned[name] = iso_codes.country_code(name, value)
        else:
            cleaned[name] = value
    return cleaned


def new_contact(changes: Mapping[str, Any], *, customer_id: int, customer_country: str | None,
                existing_contacts: int, now: datetime) -> Contact:
    """A contact for a customer; its country defaults to the customer's."""
    if existing_contacts >= MAX_CONTACTS_PER_CUSTOMER:
        raise RuleViolation(f"A customer can have at most {MAX_CONTACTS_PER_CUSTOMER} contacts")
    if not changes.get("name"):
        raise InvalidParam("name", "is required")
    values = {"country": customer_country, **changes}
    return Contact(id=None, customer_id=customer_id, created_at=now, updated_at=now, **values)
