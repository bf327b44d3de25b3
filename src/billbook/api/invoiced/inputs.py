"""What the Invoiced dialect accepts on create and update."""

from typing import Any

from billbook.api.http.inputs import wire_input
from billbook.domain import contacts
from billbook.domain.contacts import Contact
from billbook.domain.customers import Customer

_CUSTOMER_READ_ONLY = frozenset({
    "id", "object", "created_at", "updated_at", "payment_source", "sign_up_url", "statement_pdf_url",
    "balance", "stripe_customer",
})
# Metadata values and tax rate ids arrive as numbers too; the domain turns them into text.
_CUSTOMER_WIRE_TYPES = {"metadata": dict[str, Any], "taxes": list[str]}
_CUSTOMER_FIELDS = frozenset({
    "name", "number", "email", "type", "autopay", "autopay_delay_days", "payment_terms", "attention_to",
    "address1", "address2", "city", "state", "postal_code", "country", "language", "currency", "chase",
    "chasing_cadence", "next_chase_step", "phone", "credit_hold", "credit_limit", "owner", "taxable", "taxes",
    "tax_id", "avalara_entity_use_code", "avalara_exemption_number", "parent_customer", "notes", "sign_up_page",
    "disabled_payment_methods", "ach_gateway", "cc_gateway", "metadata",
})

# `stripe_token` is accepted on the wire so the ledger can say why it cannot be used.
CustomerInput = wire_input("CustomerInput", Customer, _CUSTOMER_FIELDS, read_only=_CUSTOMER_READ_ONLY,
                           overrides=_CUSTOMER_WIRE_TYPES, extra={"stripe_token": str},
                           required=frozenset({"name"}), not_null=frozenset({"name"}))
# The oldest API's customer: fewer fields, and `other_phone` and `website`.
LegacyCustomerInput = wire_input(
    "LegacyCustomerInput", Customer,
    ("name", "number", "email", "address1", "address2", "city", "state", "postal_code", "country", "tax_id",
     "phone", "other_phone", "website", "notes"),
    read_only=_CUSTOMER_READ_ONLY, required=frozenset({"name"}), not_null=frozenset({"name"}))
ContactInput = wire_input("ContactInput", Contact, contacts.EDITABLE_FIELDS,
                          read_only=frozenset({"id", "object", "created_at", "updated_at", "customer"}))
