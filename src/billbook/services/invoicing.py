"""Invoices written the Invoiced way: drafts changed freely, then issued (numbered, taxed, frozen),
voided, or deleted while still drafts."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from billbook.domain import dates, values
from billbook.domain import invoice_drafts as drafts
from billbook.domain import invoices as rules
from billbook.domain import metadata as metadata_rules
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam, NotFound, RuleViolation
from billbook.domain.identifiers import public_id
from billbook.domain.invoices import (
    CREDIT_NOTE,
    CREDIT_NOTE_COUNTER,
    INVOICE,
    Invoice,
    InvoiceLine,
    IssuedInvoice,
    credit_note_number,
)
from billbook.domain.tax import engine
from billbook.domain.tax.evidence import locate
from billbook.domain.tax.place_of_supply import Category, Party, SupplyKind
from billbook.domain.tax.rates import UnknownRate, shipped_rates
from billbook.services import issuing
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import InvoiceReference, locked_document, shown_invoices, tax_party
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
        if not uow.invoices.add(invoice):
            raise _number_taken(invoice.number)
        if not invoice.draft:
            _apply_credit_note(uow, invoice, now)
        uow.commit()
    return IssuedInvoice(invoice, customer, None, {})


def update_invoice(ctx: AccountContext, invoice_id: InvoiceReference, changes: Mapping[str, Any],
                   kind: str = INVOICE) -> IssuedInvoice:
    now = utc_now()
    with ctx.unit_of_work() as uow:
        invoice = _get(uow, invoice_id, kind, for_update=True)
        if invoice.draft:
            fields = {**_draft_fields(invoice), **changes}
            if ("draft" in changes and not changes["draft"] and "date" not in changes
                    and invoice.issue_date == invoice.created_at.date()):
                # A draft dated the day it was written (the default) is dated the day it is issued;
                # one given another date keeps it.
                fields["date"] = None
            composed, _ = _compose(ctx, uow, fields, invoice, now, kind)
            if not uow.invoices.replace_draft(composed):
                raise _number_taken(composed.number)
            if not composed.draft:
                _apply_credit_note(uow, composed, now)
            invoice = composed
        else:
            _change_issued(invoice, changes, now)
            uow.invoices.save_state(invoice)
        shown = shown_invoices(uow, [invoice])[0]
        uow.commit()
    return shown


def void_invoice(ctx: AccountContext, invoice_id: InvoiceReference, kind: str = INVOICE) -> IssuedInvoice:
    """An issued invoice is voided, legally, by a credit note for its whole total: it stays,
    numbered, with nothing owed. A voided credit note gives back what it credited. A draft is
    deleted instead."""
    now = utc_now()
    with ctx.unit_of_work() as uow:
        invoice = _get(uow, invoice_id, kind, for_update=True)
        if invoice.draft:
            raise RuleViolation("A draft is not voided but deleted", param="draft")
        if invoice.voided:
            raise Conflict(f"{invoice.number} is already voided")
        if kind == INVOICE:
            if invoice.amount_paid or invoice.amount_credited:
                raise RuleViolation(f"Invoice {invoice.number} has payments or credits applied: void those first")
            cancelling = _cancelling_credit_note(uow, invoice, now)
            uow.invoices.add(cancelling)
            invoice.amount_credited = invoice.gross
        else:
            # What payments spent of the note paid other invoices: voiding the note under them
            # would leave those invoices credited by nothing.
            if uow.payments.spent_of_credit_note(invoice.id):
                raise RuleViolation(f"Credit note {invoice.number} is spent by payments on other invoices: "
                                    "void those payments first")
            if invoice.credited_invoice_id is not None and invoice.amount_credited:
                credited = uow.invoices.get(invoice.credited_invoice_id, for_update=True)
                credited.amount_credited -= invoice.amount_credited
                credited.updated_at = now
                uow.invoices.save_state(credited)
        invoice.voided, invoice.updated_at = True, now
        uow.invoices.save_state(invoice)
        shown = shown_invoices(uow, [invoice])[0]
        uow.commit()
    return shown


def collect(ctx: AccountContext, invoice_id: InvoiceReference) -> IssuedInvoice:
    """Charge the customer's payment source for what the invoice owes. No payment gateway is
    connected, so nothing can be charged: recording a payment that did not happen would falsify the
    ledger, and payments received are recorded with the payments' own use case instead."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = _get(uow, invoice_id, INVOICE)
    if invoice.draft or invoice.voided or invoice.paid:
        raise RuleViolation(f"Invoice {invoice.number or invoice.id} owes nothing to collect")
    raise RuleViolation("No payment gateway is connected to charge the customer's payment source: "
                        "record the payment received with POST /payments")


def delete_draft(ctx: AccountContext, invoice_id: InvoiceReference, kind: str = INVOICE) -> None:
    with ctx.unit_of_work() as uow:
        invoice = _get(uow, invoice_id, kind, for_update=True)
        if not invoice.draft:
            label = "Invoice" if kind == INVOICE else "Credit note"
            raise RuleViolation(f"{label} {invoice.number} is issued and is kept: void it"
                                + (" or issue a credit note" if kind == INVOICE else ""))
        uow.invoices.remove_draft(invoice)
        uow.commit()


def _get(uow: UnitOfWork, invoice_id: InvoiceReference, kind: str, for_update: bool = False) -> Invoice:
    invoice = locked_document(uow, invoice_id) if for_update else uow.invoices.get(invoice_id)
    if invoice is None or invoice.kind != kind:
        raise NotFound("Invoice" if kind == INVOICE else "Credit note", invoice_id)
    return invoice


def _apply_credit_note(uow: UnitOfWork, note: Invoice, now) -> None:
    """An issued credit note naming an invoice credits it first, up to what it owes; the rest of
    the note stays open."""
    if note.kind != CREDIT_NOTE or note.credited_invoice_id is None:
        return
    invoice = uow.invoices.get(note.credited_invoice_id, for_update=True)
    applied = min(note.gross, max(invoice.balance, 0))
    if applied:
        invoice.amount_credited += applied
        invoice.updated_at = now
        uow.invoices.save_state(invoice)
        note.amount_credited = applied
        uow.invoices.save_state(note)


def _cancelling_credit_note(uow: UnitOfWork, invoice: Invoice, now) -> Invoice:
    """The credit note that cancels an invoice: the same lines and figures, fully applied to it."""
    note = replace(invoice, public_id=public_id("invoice", now), kind=CREDIT_NOTE, credited_invoice_id=invoice.id,
                   number=credit_note_number(uow.counters.next(CREDIT_NOTE_COUNTER), now.date()),
                   sequence_id=None, issue_date=now.date(),
                   due_date=None, draft=False, amount_paid=0, amount_credited=invoice.gross, voided=False,
                   sent=False, viewed=False, closed=False, created_at=now, updated_at=now, id=None, payment=None,
                   name=f"Credit note for {invoice.number}",
                   lines=[replace(line, public_id=public_id("invoice_line", now), id=None, invoice_id=None)
                          for line in invoice.lines])
    return note


def _number_taken(number: str | None) -> Conflict:
    return Conflict(f"An invoice numbered {number} already exists", param="number")


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
    customer = _customer(uow, fields["customer"])
    account = uow.account()
    lines = drafts.clean_lines(fields.get("items"), drafts.clean_discounts("discounts", fields.get("discounts")))
    taxed_customer = tax_party(customer, ctx.country)
    location = locate(taxed_customer.billing_country)
    supplier = Party(account.country, account.zip, account.vat_number)
    issue_date = dates.plausible("date", fields.get("date"), now.date()) or now.date()
    taxed = [_taxed_line(line, supplier, taxed_customer, location, account, customer, issue_date, now)
             for line in lines]
    payment_terms = values.optional_text("payment_terms", fields.get("payment_terms", customer.payment_terms), 50)
    draft = values.flag("draft", fields.get("draft"), False)
    vat_number = engine.valid_vat_number(taxed_customer)
    invoice = Invoice(
        public_id=existing.public_id if existing else public_id("invoice", now), customer_id=customer.id,
        sequence_id=None, number=values.optional_text("number", fields.get("number"), 64), draft=draft,
        name=values.optional_text("name", fields.get("name"), 255) or "Invoice",
        currency=drafts.clean_currency("currency", fields.get("currency") or customer.currency or "EUR"),
        issue_date=issue_date,
        due_date=(dates.plausible("due_date", fields.get("due_date"), now.date(), dates.DUE_AHEAD)
                  or drafts.due_date(payment_terms, issue_date)),
        payment_terms=payment_terms,
        purchase_order=values.optional_text("purchase_order", fields.get("purchase_order"), 100),
        notes=values.optional_text("notes", fields.get("notes"), 10_000),
        metadata=metadata_rules.validate("metadata", fields.get("metadata")),
        business_type=engine.business_type(taxed_customer),
        customer=rules.customer_snapshot(customer), supplier=rules.supplier_snapshot(account),
        evidence={"pieces": location.evidence, "country": location.country, "conflict": location.conflict,
                  "vat_number": vat_number},
        payable_by=[], subtotal=sum(line.amount for line in taxed), discounts=sum(line.discount for line in taxed),
        extratax=sum(line.extratax for line in taxed), tax=sum(line.tax for line in taxed),
        gross=sum(line.gross for line in taxed), lines=taxed, sent=values.flag("sent", fields.get("sent"), False),
        closed=values.flag("closed", fields.get("closed"), False),
        created_at=existing.created_at if existing else now, updated_at=now)
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
    invoice = uow.invoices.get(int(reference))
    if invoice is None or invoice.kind != INVOICE or invoice.customer_id != customer.id:
        raise InvalidParam("invoice", f"is not an invoice of this customer: {reference}")
    if invoice.draft or invoice.voided:
        raise InvalidParam("invoice", "is a draft or voided: there is nothing to credit")
    if invoice.currency != currency:
        raise InvalidParam("invoice", f"is in {invoice.currency}, not {currency}")
    return invoice.id


def _customer(uow: UnitOfWork, reference: Any) -> Customer:
    if isinstance(reference, bool) or not isinstance(reference, int):
        raise InvalidParam("customer", "must be a customer id")
    customer = uow.customers.get(reference, for_update=True)  # its ledger changes one writer at a time
    if customer is None:
        raise InvalidParam("customer", f"is not a customer of this account: {reference}")
    return customer


def _taxed_line(line: drafts.DraftLine, supplier: Party, customer: engine.Customer, location, account,
                owner: Customer, on: date, now) -> InvoiceLine:
    base = line.amount - line.discount
    exempt = not (owner.taxable and line.taxable)
    try:
        taxed = engine.tax_line(
            supplier=supplier, customer=customer, location=location,
            supply=SupplyKind.ESERVICE if account.eservice_default else SupplyKind.SERVICES, on=on,
            rates=shipped_rates(), threshold_exceeded=account.oss_threshold_exceeded, amount=base,
            tax_included=False, rate_override=Decimal(0) if exempt else None)
    except UnknownRate as error:
        raise InvalidParam("items", f"cannot be taxed: {error}") from None
    decision = taxed.decision
    return InvoiceLine(
        public_id=public_id("invoice_line", now), name=line.name, description=line.description,
        quantity=line.quantity, unit_cost=line.unit_cost, amount=line.amount, discount=line.discount,
        extratax=taxed.amounts.extratax, tax=taxed.amounts.tax, gross=taxed.amounts.gross, vat_rate=decision.rate,
        eservice=account.eservice_default, discountable=line.discountable, taxable=line.taxable,
        metadata=line.metadata, tax_category=(Category.EXEMPT.value if exempt and decision.category is Category.STANDARD
                                              else decision.category.value),
        declare_in=decision.declare_in, mention=decision.mention, rule=decision.rule,
        rate_overridden=taxed.rate_overridden, created_at=now)
