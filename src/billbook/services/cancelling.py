"""Voiding an issued document. An invoice is cancelled, legally, by the credit note that cancels it;
a credit note gives back what it credited, unless payments have spent it."""

from dataclasses import replace

from billbook.domain.errors import Conflict, RuleViolation
from billbook.domain.identifiers import link_token, public_id
from billbook.domain.invoices import CREDIT_NOTE, INVOICE, Invoice, IssuedInvoice
from billbook.services import issuing
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import InvoiceReference, document, shown_invoices
from billbook.services.issuing import next_credit_note_number
from billbook.store.unit_of_work import UnitOfWork


def void_invoice(ctx: AccountContext, invoice_id: InvoiceReference, kind: str = INVOICE) -> IssuedInvoice:
    """An issued invoice is voided, legally, by a credit note for its whole total: it stays,
    numbered, with nothing owed. A voided credit note gives back what it credited. A draft is
    deleted instead."""
    now = utc_now()
    with ctx.unit_of_work() as uow:
        invoice = document(uow, invoice_id, kind, for_update=True)
        if invoice.draft:
            raise RuleViolation("A draft is not voided but deleted", param="draft")
        if invoice.voided:
            raise Conflict(f"{invoice.number} is already voided")
        if kind == INVOICE:
            if invoice.amount_paid or invoice.amount_credited:
                raise RuleViolation(f"Invoice {invoice.number} has payments or credits applied: void those first")
            issuing.store(uow, _cancelling_credit_note(uow, invoice, now), now, credit_invoice=False)
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


def _cancelling_credit_note(uow: UnitOfWork, invoice: Invoice, now) -> Invoice:
    """The credit note that cancels an invoice: the same lines and figures, fully applied to it."""
    note = replace(invoice, public_id=public_id("invoice", now), pdf_token=link_token(), kind=CREDIT_NOTE,
                   credited_invoice_id=invoice.id,
                   number=next_credit_note_number(uow, now.date()),
                   sequence_id=None, issue_date=now.date(),
                   due_date=None, draft=False, amount_paid=0, amount_credited=invoice.gross, voided=False,
                   sent=False, viewed=False, closed=False, created_at=now, updated_at=now, id=None, payment=None,
                   name=f"Credit note for {invoice.number}",
                   lines=[replace(line, public_id=public_id("invoice_line", now), id=None, invoice_id=None)
                          for line in invoice.lines])
    return note
