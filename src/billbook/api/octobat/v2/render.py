"""Octobat v2 objects: customers with `livemode`, `tax_number`, billing page, sources, payment
sources and metadata; invoice numbering sequences; payment recipients."""

from typing import Any

from billbook.api.http.links import billing_page_url
from billbook.api.octobat.lists import nested_list
from billbook.api.octobat.render import customer_fields, iso_time, payment_mode_details, render_payment_source
from billbook.domain.customers import Customer
from billbook.domain.numbering import NumberingSequence
from billbook.domain.payment_modes import PaymentMode


def render_customer(customer: Customer, livemode: bool) -> dict[str, Any]:
    shared = customer_fields(customer)
    return {
        "id": shared.pop("id"),
        "object": shared.pop("object"),
        "livemode": livemode,
        **shared,
        "tax_number": customer.tax_id,
        "octobat_billing_page": billing_page_url(customer.portal_token),
        "sources": customer.sources,
        "payment_sources": nested_list(
            customer.payment_sources, lambda source: render_payment_source(source, customer.public_id),
            f"/customers/{customer.public_id}/payment_sources"),
        "metadata": customer.metadata,
    }


def render_sequence(sequence: NumberingSequence, livemode: bool) -> dict[str, Any]:
    return {
        "id": sequence.public_id,
        "object": "invoice_numbering_sequence",
        "livemode": livemode,
        "name": sequence.name,
        "prefix": sequence.prefix,
        "format": sequence.format,
        "reset": sequence.reset,
        "reset_to_zero": sequence.reset != "never",
        "is_default": sequence.is_default,
        "next_number": sequence.next_number,
        "created_at": iso_time(sequence.created_at),
        "updated_at": iso_time(sequence.updated_at),
    }


def render_payment_recipient(mode: PaymentMode, livemode: bool) -> dict[str, Any]:
    return {
        "id": mode.public_id,
        "object": "payment_recipient",
        "livemode": livemode,
        "name": mode.name,
        "payment_recipient_type": mode.type,
        "details": payment_mode_details(mode),
        "created_at": iso_time(mode.created_at),
        "updated_at": iso_time(mode.updated_at),
    }
