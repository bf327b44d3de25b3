"""Contacts: the people at a customer who receive its documents and messages."""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from billbook.domain import iso_codes
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam, RuleViolation
from billbook.domain.fields import FieldRules, required_text

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
RULES = FieldRules(
    entity=Contact,
    label="contact",
    editable=EDITABLE_FIELDS,
    defaulted=frozenset({"primary", "sms_enabled"}),
    normalizers={"name": required_text, "email": email_address, "country": iso_codes.country_code},
    normalized_filters=frozenset({"email", "country"}),
    text_limits={"title": 100, "department": 100, "phone": 50, "city": 100, "state": 100, "postal_code": 20},
)
clean_changes = RULES.clean
filter_value = RULES.filter_value


def new_contact(changes: Mapping[str, Any], *, customer_id: int, customer_country: str | None,
                existing_contacts: int, now: datetime) -> Contact:
    """A contact for a customer; its country defaults to the customer's."""
    if existing_contacts >= MAX_CONTACTS_PER_CUSTOMER:
        raise RuleViolation(f"A customer can have at most {MAX_CONTACTS_PER_CUSTOMER} contacts")
    if not changes.get("name"):
        raise InvalidParam("name", "is required")
    values = {"country": customer_country, **changes}
    return Contact(id=None, customer_id=customer_id, created_at=now, updated_at=now, **values)
