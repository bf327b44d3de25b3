"""What the Octobat dialects accept, under their own field names."""

from collections.abc import Mapping
from typing import Any

from billbook.api.http.inputs import wire_input
from billbook.api.http.params import optional_bool
from billbook.domain.customers import METADATA_UPDATES, Customer
from billbook.domain.numbering import NumberingSequence
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.payment_sources import PaymentSource

# Domain field → Octobat parameter, for inputs and for the errors the domain raises about them.
CUSTOMER_WIRE_NAMES = {
    "phone": "phone_number",
    "address1": "billing_address_line1",
    "address2": "billing_address_line2",
    "city": "billing_address_city",
    "postal_code": "billing_address_zip",
    "state": "billing_address_state",
    "country": "billing_address_country",
}
# v2 clients send only the metadata keys that changed (an empty value removes one), as Stripe's do.
V2_CUSTOMER_WIRE_NAMES = {**CUSTOMER_WIRE_NAMES, "vat_number": "tax_number", METADATA_UPDATES: "metadata"}
PAYMENT_SOURCE_WIRE_NAMES = {"reference": "source", "type": "payment_source_type"}

_CUSTOMER_FIELDS = frozenset({"name", "email", "business_type", *CUSTOMER_WIRE_NAMES})
_READ_ONLY = frozenset({"id", "object", "livemode", "created_at", "updated_at"})

V1CustomerInput = wire_input(
    "OctobatV1CustomerInput", Customer, _CUSTOMER_FIELDS, read_only=_READ_ONLY, extra={"vat_number": str},
    wire_names=CUSTOMER_WIRE_NAMES,
    required=frozenset({"name", "email", "billing_address_city", "billing_address_zip",
                        "billing_address_country", "business_type"}),
    not_null=frozenset({"billing_address_country"}))

V2CustomerInput = wire_input(
    "OctobatV2CustomerInput", Customer, _CUSTOMER_FIELDS | {"sources"},
    read_only=_READ_ONLY | {"octobat_billing_page", "payment_sources"},
    overrides={"sources": list[dict[str, Any]]}, extra={"vat_number": str, METADATA_UPDATES: dict[str, Any]},
    wire_names=V2_CUSTOMER_WIRE_NAMES,
    required=frozenset({"billing_address_country"}), not_null=frozenset({"billing_address_country"}))

PaymentSourceInput = wire_input(
    "OctobatPaymentSourceInput", PaymentSource, ("reference", "type", "details", "country", "exp_month", "exp_year"),
    read_only=_READ_ONLY | {"customer"}, overrides={"details": dict[str, Any]}, wire_names=PAYMENT_SOURCE_WIRE_NAMES,
    required=frozenset({"payment_source_type"}), not_null=frozenset({"payment_source_type"}))

SequenceInput = wire_input(
    "OctobatSequenceInput", NumberingSequence, ("name", "prefix", "format", "reset"),
    read_only=_READ_ONLY | {"next_number", "example", "is_default"})


PaymentRecipientInput = wire_input(
    "OctobatPaymentRecipientInput", PaymentMode, ("name", "type", "details"),
    read_only=_READ_ONLY, overrides={"details": dict[str, Any]}, wire_names={"type": "payment_recipient_type"},
    required=frozenset({"name"}), not_null=frozenset({"name"}))


def recipient_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """v2 sends the IBAN and BIC inside `details`; the ledger keeps them apart, to check them."""
    details = changes.get("details")
    if isinstance(details, Mapping):
        details = dict(details)
        for field in ("iban", "bic"):
            if field in details:
                changes[field] = details.pop(field)
        changes["details"] = details
    return changes


def sequence_default_flag(params: Mapping[str, Any]) -> bool:
    return optional_bool(params, "is_default") or False
