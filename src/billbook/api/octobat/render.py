"""Objects as both Octobat versions show them: public ids, ISO 8601 times, countries by name on
customers (as every seed example shows them), integer cents."""

from datetime import datetime
from typing import Any

from billbook.domain.customers import Customer
from billbook.domain.iso_codes import country_name
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.payment_sources import PaymentSource


def iso_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def country(code: str | None) -> str | None:
    return country_name(code) if code else None


def customer_fields(customer: Customer) -> dict[str, Any]:
    """What v1 and v2 both show of a customer, in their order."""
    return {
        "id": customer.public_id,
        "object": "customer",
        "name": customer.name,
        "email": customer.email,
        "phone_number": customer.phone,
        "billing_address_line1": customer.address1,
        "billing_address_line2": customer.address2,
        "billing_address_city": customer.city,
        "billing_address_zip": customer.postal_code,
        "billing_address_state": customer.state,
        "billing_address_country": country(customer.country),
        "business_type": customer.business_type,
    }


def payment_mode_details(mode: PaymentMode) -> dict[str, str]:
    """What a customer needs to pay this way: the IBAN and BIC first, then anything else."""
    details = {}
    if mode.iban:
        details["iban"] = mode.iban
    if mode.bic:
        details["bic"] = mode.bic
    return {**details, **mode.details}


def render_payment_source(source: PaymentSource, customer_public_id: str) -> dict[str, Any]:
    return {
        "id": source.public_id,
        "object": "payment_source",
        "customer": customer_public_id,
        "source": source.reference,
        "payment_source_type": source.type,
        "details": source.details,
        "country": source.country,
        "exp_month": source.exp_month,
        "exp_year": source.exp_year,
    }


def deleted(public_id: str, kind: str) -> dict[str, Any]:
    """Every Octobat response has a JSON body, deletes included: the Ruby gem parses them all."""
    return {"id": public_id, "object": kind, "deleted": True}
