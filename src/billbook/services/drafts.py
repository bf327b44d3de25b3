"""Invoices and credit notes written the Invoiced way: drafts changed freely or deleted, then issued
through the issuing steps every dialect shares (taxed, numbered, frozen)."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from billbook.domain import dates, values
from billbook.domain import invoice_drafts as drafts
from billbook.domain import metadata as metadata_rules
from billbook.domain.accounts import Account
from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam, RuleViolation
from billbook.domain.identifiers import public_id
from billbook.domain.invoices import (
    CREDIT_NOTE,
    INVOICE,
    Invoice,
    InvoiceLine,
    IssuedInvoice,
)
from billbook.domain.tax import engine
from billbook.domain.tax.evidence import Location, locate
from billbook.domain.tax.place_of_supply import Category
from billbook.services import issuing
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import ledger_customer
from billbook.services.invoices import InvoiceReference, document, shown_invoices
from billbook.store.unit_of_work import UnitOfWork

# What a caller may set on a draft; on an issued invoice, only what happens to it afterwards.
DRAFT_FIELDS = frozenset({"customer", "name", "number", "currency", "draft", "date", "due_date", "payment_terms",
                          "purchase_order", "notes", "metadata", "items", "discounts", "sent", "closed"})
ISSUED_FIELDS = frozenset({"metadata", "sent", "closed", "draft"})


def create_invoice(ctx: AccountContext, changes: Mapping[str, Any], kind: str = INVOICE) -> IssuedInvoice:
    """A new invoice, or credit note (`kind`), issued unless `draft` is set."""
    if changes.get("customer") is None:
        raise InvalidParam("customer", "is required")
    now = utc_now()
    with ctx.unit_of_work() as uow:
        invoice, customer = _compose(ctx, uow, dict(changes), None, now, kind)
        issuing.store(uow, invoice, now)
        uow.commit()
    return IssuedInvoice(invoice, customer, None, {})


def update_invoice(ctx: AccountContext, invoice_id: InvoiceReference, changes: Mapping[str, Any],
                   kind: str = INVOICE) -> IssuedInvoice:
    now = utc_now()
    with ctx.unit_of_work() as uow:
        invoice = document(uow, invoice_id, kind, for_update=True)
        if invoice.draft:
            fields = {**_draft_fields(invoice), **changes}
            if ("draft" in changes and not changes["draft"] and "date" not in changes
                    and invoice.issue_date == invoice.created_at.date()):
                # A draft dated the day it was written (the default) is dated the day it is issued;
                # one given another date keeps it.
                fields["date"] = None
            invoice, _ = _compose(ctx, uow, fields, invoice, now, kind)
            issuing.store(uow, invoice, now, replacing_draft=True)
        else:
            _change_issued(invoice, changes, now)
            uow.invoices.save_state(invoice)
        shown = shown_invoices(uow, [invoice])[0]
        uow.commit()
    return shown






def delete_draft(ctx: AccountContext, invoice_id: InvoiceReference, kind: str = INVOICE) -> None:
    with ctx.unit_of_work() as uow:
        invoice = document(uow, invoice_id, kind, for_update=True)
        if not invoice.draft:
            label = "Invoice" if kind == INVOICE else "Credit note"
            raise RuleViolation(f"{label} {invoice.number} is issued and is kept: void it"
                                + (" or issue a credit note" if kind == INVOICE else ""))
        uow.invoices.remove_draft(invoice)
        uow.commit()








def _draft_fields(invoice: Invoice) -> dict[str, Any]:
    """A draft's current values in the terms callers change them with."""
    # A due date that follows from the payment terms is left to follow them if they change.
    derived = invoice.due_date == drafts.due_date(invoice.payment_terms, invoice.issue_date)
    return {
        "customer": invoice.customer_id, "name": invoice.name, "number": invoice.number,
        "currency": invoice.currency, "draft": True, "date": invoice.issue_date,
        **({} if derived else {"due_date": invoice.due_date}),
        "payment_terms": invoice.payment_terms, "purchase_order": invoice.purchase_order, "notes": invoice.notes,
        "metadata": invoice.metadata, "sent": invoice.sent, "closed": invoice.closed,
        "items": [{"name": line.name, "description": line.description, "quantity": line.quantity,
                   "unit_cost": line.unit_cost, "discountable": line.discountable, "taxable": line.taxable,
                   "discounts": [{"amount": _money_text(line.discount)}] if line.discount else [],
                   "metadata": line.metadata} for line in invoice.lines],
        "discounts": [],
        **({"invoice": invoice.credited_invoice_id} if invoice.kind == CREDIT_NOTE else {}),
    }


def _money_text(cents: int) -> str:
    return f"{cents / 100:.2f}"


def _change_issued(invoice: Invoice, changes: Mapping[str, Any], now) -> None:
    for name, value in changes.items():
        if name not in ISSUED_FIELDS:
            raise RuleViolation(f"Invoice {invoice.number} is issued: its {name} cannot change (issue a credit note)",
                                param=name)
        if name == "draft" and values.flag(name, value, False):
            raise RuleViolation(f"Invoice {invoice.number} is issued and cannot become a draft again", param=name)
        if name == "metadata":
            invoice.metadata = metadata_rules.validate(name, value)
        elif name in ("sent", "closed"):
            setattr(invoice, name, values.flag(name, value, False))
    invoice.updated_at = now


def _compose(ctx: AccountContext, uow: UnitOfWork, fields: dict[str, Any], existing: Invoice | None,
             now, kind: str = INVOICE) -> tuple[Invoice, Customer]:
    """The invoice (or credit note) the fields describe, taxed line by line; numbered when issued;
    and its customer."""
    for name in fields:
        if name not in DRAFT_FIELDS and not (kind == CREDIT_NOTE and name == "invoice"):
            raise InvalidParam(name, f"is not {'an invoice' if kind == INVOICE else 'a credit note'} field")
    # Kept from being deleted meanwhile; changes to its ledger (which lock it) wait.
    customer = ledger_customer(uow, fields["customer"], for_update=False)
    account = uow.account()
    lines = drafts.clean_lines(fields.get("items"), drafts.clean_discounts("discounts", fields.get("discounts")))
    taxed_customer = issuing.tax_party(customer, ctx.country)
    location = locate(taxed_customer.billing_country)
    issue_date = dates.plausible("date", fields.get("date"), now.date()) or now.date()
    taxed = [_taxed_line(line, account, taxed_customer, location, customer, issue_date, now) for line in lines]
    payment_terms = values.optional_text("payment_terms", fields.get("payment_terms", customer.payment_terms), 50)
    draft = values.flag("draft", fields.get("draft"), False)
    invoice = issuing.new_document(
        public_id=existing.public_id if existing else public_id("invoice", now),
        pdf_token=existing.pdf_token if existing else None, customer=customer, account=account,
        taxed_customer=taxed_customer, location=location, lines=taxed,
        currency=drafts.clean_currency("currency", fields.get("currency") or customer.currency or "EUR"),
        issue_date=issue_date, now=now, draft=draft,
        name=values.optional_text("name", fields.get("name"), 255) or "Invoice",
        due_date=(dates.plausible("due_date", fields.get("due_date"), now.date(), dates.DUE_AHEAD)
                  or drafts.due_date(payment_terms, issue_date)),
        payment_terms=payment_terms,
        purchase_order=values.optional_text("purchase_order", fields.get("purchase_order"), 100),
        notes=values.optional_text("notes", fields.get("notes"), 10_000),
        metadata=metadata_rules.validate("metadata", fields.get("metadata")), payable_by=[],
        sent=values.flag("sent", fields.get("sent"), False), closed=values.flag("closed", fields.get("closed"), False))
    invoice.number = values.optional_text("number", fields.get("number"), 64)
    if existing is not None:
        invoice.created_at = existing.created_at
    if existing is not None:
        invoice.id = existing.id
    if kind == CREDIT_NOTE:
        invoice.kind, invoice.due_date = CREDIT_NOTE, None
        invoice.name = values.optional_text("name", fields.get("name"), 255) or "Credit Note"
        invoice.credited_invoice_id = _credited(uow, fields.get("invoice"), customer, invoice.currency)
    if draft:
        issuing.check_hand_number(uow, invoice)
    else:
        issuing.issue(uow, invoice, uow.numbering_sequences.default(), now.date())
    return invoice, customer


def _credited(uow: UnitOfWork, reference: Any, customer: Customer, currency: str) -> int | None:
    if reference in (None, ""):
        return None
    if isinstance(reference, bool) or not str(reference).isdigit():
        raise InvalidParam("invoice", "must be an invoice id")
    # Locked now, before the note is written: two notes crediting it are decided in turn.
    invoice = uow.invoices.get(int(reference), for_update=True)
    if invoice is None or invoice.kind != INVOICE or invoice.customer_id != customer.id:
        raise InvalidParam("invoice", f"is not an invoice of this customer: {reference}")
    if invoice.draft or invoice.voided:
        raise InvalidParam("invoice", "is a draft or voided: there is nothing to credit")
    if invoice.currency != currency:
        raise InvalidParam("invoice", f"is in {invoice.currency}, not {currency}")
    return invoice.id


def _taxed_line(line: drafts.DraftLine, account: Account, customer: engine.Customer, location: Location,
                owner: Customer, on: date, now) -> InvoiceLine:
    """An Invoiced line: quantity × unit cost less its discounts, before VAT; untaxed (exempt) when
    the line or its customer is not taxable."""
    exempt = not (owner.taxable and line.taxable)
    taxed = issuing.tax(account, customer, location, line.amount - line.discount, on,
                        eservice=account.eservice_default, rate_override=Decimal(0) if exempt else None)
    fields = issuing.taxed_fields(taxed)
    if exempt and taxed.decision.category is Category.STANDARD:
        fields["tax_category"] = Category.EXEMPT.value
    return InvoiceLine(
        public_id=public_id("invoice_line", now), name=line.name, description=line.description,
        quantity=line.quantity, unit_cost=line.unit_cost, amount=line.amount, discount=line.discount,
        eservice=account.eservice_default, discountable=line.discountable, taxable=line.taxable,
        metadata=line.metadata, created_at=now, **fields)
