"""Octobat v1 objects: customers with `vat_number` and timestamps, numbering sequences with an
`example`, payment modes."""

from typing import Any

from billbook.api.octobat.render import customer_fields, iso_time, payment_mode_details
from billbook.domain.customers import Customer
from billbook.domain.numbering import NumberingSequence
from billbook.domain.payment_modes import PaymentMode


def render_customer(customer: Customer) -> dict[str, Any]:
    return {
        **customer_fields(customer),
        "vat_number": customer.tax_id,
        "created_at": iso_time(customer.created_at),
        "updated_at": iso_time(customer.updated_at),
    }


def render_sequence(sequence: NumberingSequence) -> dict[str, Any]:
    return {
        "id": sequence.public_id,
        "object": "numbering_sequence",
        "is_default": sequence.is_default,
        "prefix": sequence.prefix,
        "example": sequence.next_number,
    }


def render_payment_mode(mode: PaymentMode) -> dict[str, Any]:
    return {
        "id": mode.public_id,
        "object": "payment_mode",
        "name": mode.name,
        "payment_mode_type": mode.type,
        "details": payment_mode_details(mode),
        "created_at": iso_time(mode.created_at),
        "updated_at": iso_time(mode.updated_at),
    }
