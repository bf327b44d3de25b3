"""Invoices as the Invoiced API shows them: integer ids, Unix times, decimal money, a status."""

from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import Any

from billbook.api.http.links import document_pdf_url, invoice_on_billing_page_url
from billbook.api.invoiced.render import amount, unix
from billbook.domain.invoices import CREDIT_NOTE, InvoiceLine, IssuedInvoice


def money(cents: int) -> int | float:
    return amount(Decimal(cents) / 100)


def day(value: date | None) -> int | None:
    return unix(datetime.combine(value, time(), tzinfo=timezone.utc)) if value else None


def render_invoice(issued: IssuedInvoice, today: date) -> dict[str, Any]:
    """An invoice, or a credit note (the same shape, and the invoice it credits)."""
    invoice = issued.invoice
    body = {
        "id": invoice.id,
        "object": invoice.kind,
        "customer": invoice.customer_id,
        "name": invoice.name,
        "number": invoice.number,
        "currency": invoice.currency.lower(),
        "draft": invoice.draft,
        "closed": invoice.closed or invoice.paid,
        "paid": invoice.paid,
        "voided": invoice.voided,
        "status": invoice.status(today),
        "autopay": False,
        "attempt_count": 0,
        "next_payment_attempt": None,
        "date": day(invoice.issue_date),
        "due_date": day(invoice.due_date),
        "payment_terms": invoice.payment_terms,
        "purchase_order": invoice.purchase_order,
        "items": [render_line_item(line) for line in invoice.lines],
        "notes": invoice.notes,
        "subtotal": money(invoice.subtotal),
        "discounts": [{"object": "discount", "amount": money(invoice.discounts)}] if invoice.discounts else [],
        "taxes": [],
        "total": money(invoice.gross),
        "balance": money(invoice.balance),
        # The invoice on its customer's billing page (a draft is not shown there).
        "url": None if invoice.draft else invoice_on_billing_page_url(
            getattr(issued.customer, "portal_token", None), invoice.id),
        "payment_url": None,
        # A draft is no document yet: it has no PDF.
        "pdf_url": None if invoice.draft else document_pdf_url(invoice.pdf_token),
        "metadata": invoice.metadata,
        "created_at": unix(invoice.created_at),
        "updated_at": unix(invoice.updated_at),
    }
    if invoice.kind == CREDIT_NOTE:
        body["invoice"] = invoice.credited_invoice_id
    return body


def render_line_item(line: InvoiceLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "object": "line_item",
        "catalog_item": None,
        "type": None,
        "name": line.name,
        "description": line.description,
        "quantity": amount(line.quantity.normalize()),
        "unit_cost": amount(line.unit_cost.normalize()),
        "amount": money(line.amount),
        "discountable": line.discountable,
        "discounts": [{"object": "discount", "amount": money(line.discount)}] if line.discount else [],
        "taxable": line.taxable,
        # The VAT the line carries, with its EN 16931 category and the mention the law requires.
        "taxes": [{
            "object": "tax",
            "amount": money(line.tax),
            "tax_rate": {"object": "tax_rate",
                         "id": f"vat-{(line.declare_in or 'none').lower()}-{format(line.vat_rate.normalize(), 'f')}",
                         "name": "VAT", "value": amount(line.vat_rate.normalize()), "is_percent": True,
                         "category": line.tax_category, "country": line.declare_in, "mention": line.mention},
        }],
        "metadata": line.metadata,
    }
