"""Octobat v1 objects: customers with `vat_number` and timestamps, numbering sequences with an
`example`, payment modes, invoices with their items and payment."""

from typing import Any

from billbook.api.http.links import document_pdf_url
from billbook.api.octobat.lists import nested_list
from billbook.api.octobat.render import country, customer_fields, iso_time, payment_mode_details
from billbook.domain.customers import Customer
from billbook.domain.invoices import Invoice, InvoiceLine, IssuedInvoice
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


def render_invoice(issued: IssuedInvoice, livemode: bool) -> dict[str, Any]:
    """The invoice as the v1 seed shows it: the customer and supplier as they were when it was
    issued, its lines with their VAT, how it can be paid, and its payment."""
    invoice = issued.invoice
    customer, supplier = invoice.customer, invoice.supplier
    return {
        "id": invoice.public_id,
        "object": "invoice",
        "livemode": livemode,
        "state": "cancelled" if invoice.voided else "paid" if invoice.paid else "confirmed",
        "numbering_sequence_id": issued.sequence_public_id,
        "invoice_number": invoice.number,
        "invoice_date": invoice.issue_date.isoformat(),
        "currency": invoice.currency.lower(),
        "pdf_file_url": document_pdf_url(invoice.pdf_token),
        "customer": render_customer(issued.customer),
        "customer_id": issued.customer.public_id,
        "customer_name": customer["name"],
        "customer_address_line1": customer["address_line1"],
        "customer_address_line2": customer["address_line2"],
        "customer_address_city": customer["city"],
        "customer_address_state": customer["state"],
        "customer_address_zip": customer["zip"],
        "customer_address_country": country(customer["country"]),
        "customer_vat_number": customer["vat_number"],
        "supplier_name": supplier["name"],
        "supplier_legal_form": supplier["legal_form"] or "",
        "supplier_siret": supplier["siret"] or "",
        "supplier_address": supplier["address"] or "",
        "supplier_zip_code": supplier["zip_code"] or "",
        "supplier_city": supplier["city"] or "",
        "supplier_country": country(supplier["country"]),
        "supplier_vat_number": supplier["vat_number"] or "",
        "supplier_capital_stock": supplier["capital_stock"] or "",
        "business_type": invoice.business_type,
        "invoice_items": render_invoice_items(invoice),
        "payable_by": [render_payment_mode(issued.payment_modes[mode_id]) for mode_id in invoice.payable_by],
        "payment": render_payment(issued) if invoice.payment else None,
        "extratax_cents": invoice.extratax,
        "vat_cents": invoice.tax,
        "total_cents": invoice.gross,
        "created_at": iso_time(invoice.created_at),
        "updated_at": iso_time(invoice.updated_at),
    }


def render_invoice_items(invoice: Invoice) -> dict[str, Any]:
    """The invoice's lines, whole, as a list object. The Ruby gem reads them again from its
    `request_url` (`invoice.invoice_items.all`), so that URL answers this same list."""
    return nested_list(invoice.lines, render_invoice_item, f"/invoices/{invoice.public_id}/invoice_items")


def render_invoice_item(line: InvoiceLine) -> dict[str, Any]:
    return {
        "id": line.public_id,
        "object": "invoice_item",
        "description": line.name,
        "extratax_cents": line.extratax,
        "quantity": int(line.quantity) if line.quantity == line.quantity.to_integral_value() else float(line.quantity),
        "vat_rate": float(line.vat_rate),
        "payment_cents": line.gross,
        "eservice": line.eservice,
        "vat_cents": line.tax,
        "tax_category": line.tax_category,
        "declare_in": line.declare_in,
        "legal_mention": line.mention,
        "created_at": iso_time(line.created_at),
        "updated_at": iso_time(line.created_at),
    }


def render_payment(issued: IssuedInvoice) -> dict[str, Any]:
    payment = issued.invoice.payment
    return {
        "id": payment.public_id,
        "object": "payment",
        "invoice": issued.invoice.public_id,
        "payment_date": payment.date.isoformat(),
        "customer_bank_country": country(payment.customer_bank_country),
        # A payment recorded through Invoiced names no payment mode.
        "payment_mode": render_payment_mode(issued.payment_modes[payment.payment_mode_id])
        if payment.payment_mode_id in issued.payment_modes else None,
        "created_at": iso_time(payment.created_at),
        "updated_at": iso_time(payment.updated_at),
    }
