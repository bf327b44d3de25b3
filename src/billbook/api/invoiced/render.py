"""Customers and contacts as the Invoiced API shows them: integer ids, Unix seconds, decimal money."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from billbook.api.http.links import statement_pdf_url
from billbook.domain.contacts import Contact
from billbook.domain.customers import Customer
from billbook.domain.payment_sources import PaymentSource

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
    body["payment_source"] = render_payment_source(customer.default_payment_source)
    body["sign_up_url"] = None
    body["statement_pdf_url"] = statement_pdf_url(customer.statement_token)
    body["created_at"] = unix(customer.created_at)
    body["updated_at"] = unix(customer.updated_at)
    if expanded and customer.parent_customer in expanded:
        body["parent_customer"] = expanded[customer.parent_customer]
    return body


def render_payment_source(source: PaymentSource | None) -> dict[str, Any] | None:
    """A card or bank account object; what the gateway told of it is in the source's details."""
    if source is None:
        return None
    shown = source.details
    if source.kind == "card":
        return {"id": source.id, "object": "card", "brand": shown.get("brand"), "last4": shown.get("last4"),
                "exp_month": source.exp_month, "exp_year": source.exp_year, "funding": shown.get("funding"),
                "gateway": source.gateway, "gateway_id": source.reference}
    return {"id": source.id, "object": "bank_account", "bank_name": shown.get("bank_name"),
            "last4": shown.get("last4"), "routing_number": shown.get("routing_number"),
            "country": source.country, "currency": shown.get("currency"), "gateway": source.gateway,
            "gateway_id": source.reference}


def render_contact(contact: Contact) -> dict[str, Any]:
    body: dict[str, Any] = {"id": contact.id, "object": "contact", "customer": contact.customer_id}
    for name in _CONTACT_FIELDS:
        body[name] = getattr(contact, name)
    body["created_at"] = unix(contact.created_at)
    body["updated_at"] = unix(contact.updated_at)
    return body
