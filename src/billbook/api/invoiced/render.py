"""Customers and contacts as the Invoiced API shows them: integer ids, Unix seconds, decimal money."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from billbook.domain.contacts import Contact
from billbook.domain.customers import Customer

_CUSTOMER_FIELDS = (
    "name", "number", "email", "autopay", "autopay_delay_days", "payment_terms", "attention_to",
    "address1", "address2", "city", "state", "postal_code", "country", "language", "currency", "chase",
    "chasing_cadence", "next_chase_step", "phone", "credit_hold", "owner", "taxable", "taxes", "tax_id",
    "avalara_entity_use_code", "avalara_exemption_number", "type", "parent_customer", "notes", "sign_up_page",
    "disabled_payment_methods", "ach_gateway", "cc_gateway", "metadata",
)
_CONTACT_FIELDS = (
    "name", "email", "title", "department", "phone", "primary", "sms_enabled", "address1", "address2", "city",
    "state", "postal_code", "country",
)


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def amount(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def render_customer(customer: Customer, expanded: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": customer.id, "object": "customer"}
    for name in _CUSTOMER_FIELDS:
        body[name] = getattr(customer, name)
    body["currency"] = customer.currency.lower() if customer.currency else None
    body["credit_limit"] = amount(customer.credit_limit)
    body["payment_source"] = None
    body["sign_up_url"] = None
    body["statement_pdf_url"] = None
    body["created_at"] = unix(customer.created_at)
    body["updated_at"] = unix(customer.updated_at)
    if expanded and customer.parent_customer in expanded:
        body["parent_customer"] = expanded[customer.parent_customer]
    return body


def render_contact(contact: Contact) -> dict[str, Any]:
    body: dict[str, Any] = {"id": contact.id, "object": "contact", "customer": contact.customer_id}
    for name in _CONTACT_FIELDS:
        body[name] = getattr(contact, name)
    body["created_at"] = unix(contact.created_at)
    body["updated_at"] = unix(contact.updated_at)
    return body
