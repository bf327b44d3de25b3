"""The balance-forward statement: every ledger event of a period, with a running balance.

The running balance is the customer's balance due as `GET /customers/:id/balance` counts it:
what is owed on invoices dated up to the day, less what is left of open credit notes, less the
available credit. Each ledger event moves it by what it changes of those three figures:

- an invoice adds its total, on its date;
- a credit note takes off its total, on its date: what it credits of its invoice lowers what is
  owed, the rest is an open credit note;
- a payment takes off what its own money went to: what it paid on invoices and what it added to
  the credit balance. Money not applied to anything changes no figure: the line says 0 (its
  `total` is the amount received);
- applied credit (a payment spending the credit balance on an invoice) and a credit note's
  remainder spent on another invoice move an amount from one figure to another and leave the
  balance as it was: the line says 0 (its `total` is the amount applied, its reference the invoice);
- a credit adjustment takes off what it adds to the credit balance (or adds what it takes away);
- a voided payment, a voided credit note and a voided invoice whose cancelling credit note was
  voided too left nothing behind and are not listed; an invoice voided by its cancelling credit
  note is listed, with that credit note taking its total off again;
- what an invoice was marked paid or credited without a payment or credit note behind it (an
  Octobat invoice created paid) is a payment on the invoice's date.

An amount applied to an invoice counts from the later of the day it was applied and the
invoice's date: an invoice dated ahead is not owed yet, so neither is what was applied to it. A
payment, credit note or adjustment dated after the day the statement is made already counts in
the balance, so it counts from that day (listed last, under its own date). Hence a
balance-forward statement ending the day it is made closes on the balance due.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from billbook.domain.payments import APPLIED_CREDIT as SPENDS_CREDIT
from billbook.domain.payments import CREDIT as ADDS_CREDIT
from billbook.domain.payments import CREDIT_NOTE as SPENDS_CREDIT_NOTE
from billbook.domain.payments import INVOICE as PAYS_INVOICE
from billbook.domain.statements import (
    ADJUSTMENT,
    APPLIED_CREDIT,
    BALANCE_FORWARD,
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    CreditAdjustment,
    Figures,
    LedgerDocument,
    LedgerPayment,
    Statement,
    StatementLine,
    age,
    figures_fields,
    open_invoices,
)

_KIND_ORDER = {INVOICE: 0, CREDIT_NOTE: 1, PAYMENT: 2, APPLIED_CREDIT: 3, ADJUSTMENT: 4}


@dataclass(slots=True)
class _Entry:
    """One line in the making: the movements of one source of one kind taking effect on one day."""
    counts_on: date
    day: date
    kind: str
    order: tuple
    reference: str | None
    amount: int = 0
    due_date: date | None = None
    total: int | None = None


class _Movements:
    def __init__(self) -> None:
        self.entries: dict[tuple, _Entry] = {}

    def add(self, counts_on: date, own_day: date, kind: str, source: tuple, amount: int,
            reference: str | None = None, due_date: date | None = None, total: int | None = None) -> None:
        key = (counts_on, kind, source)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Entry(counts_on, max(own_day, counts_on), kind,
                                               (counts_on, _KIND_ORDER[kind], source), reference, 0, due_date)
        entry.amount += amount
        if total is not None:
            entry.total = (entry.total or 0) + total


def _ledger(documents: list[LedgerDocument], payments: list[LedgerPayment], adjustments: list[CreditAdjustment],
            available_credit: int, today: date) -> list[_Entry]:
    """Every movement of the balance due, grouped into lines (see the module's docstring)."""
    by_id = {d.id: d for d in documents}
    standing = [p for p in payments if not p.voided]
    spent_of_note: dict[int, int] = {}
    applied_to: dict[int, int] = {}  # invoice → what standing payments and credit notes applied to it
    for payment in standing:
        for application in payment.applications:
            if application.kind == SPENDS_CREDIT_NOTE and application.credit_note_id is not None:
                spent_of_note[application.credit_note_id] = spent_of_note.get(application.credit_note_id, 0) \
                    + application.amount
            if application.kind in (PAYS_INVOICE, SPENDS_CREDIT, SPENDS_CREDIT_NOTE) and application.invoice_id:
                applied_to[application.invoice_id] = applied_to.get(application.invoice_id, 0) + application.amount
    # What each standing credit note credited its invoice when issued: all it has applied, less
    # what payments spent of it on other invoices.
    credited_at_issue: dict[int, int] = {}
    for note in documents:
        if note.kind == CREDIT_NOTE and not note.voided:
            credited_at_issue[note.id] = note.paid + note.credited - spent_of_note.get(note.id, 0)
            if note.credits_invoice is not None:
                applied_to[note.credits_invoice] = applied_to.get(note.credits_invoice, 0) \
                    + credited_at_issue[note.id]
    # An invoice voided by its cancelling credit note is listed with it; one whose cancelling note
    # was voided too is not (nor anything applied to it, which is nothing).
    listed = {d.id for d in documents if d.kind == INVOICE
              and (not d.voided or applied_to.get(d.id, 0) == d.total)}

    def invoice_side(invoice_id: int | None, counts_on: date) -> date | None:
        """The day an amount applied to an invoice counts from; None if it never counts."""
        if invoice_id not in listed:
            return None
        return max(counts_on, by_id[invoice_id].day)

    movements = _Movements()
    for document in documents:
        if document.kind == INVOICE and document.id in listed:
            movements.add(document.day, document.day, INVOICE, (0, document.id), document.total, document.number,
                          document.due_date)
            unexplained = 0 if document.voided else document.paid + document.credited - applied_to.get(document.id, 0)
            if unexplained:
                movements.add(document.day, document.day, PAYMENT, (0, document.id), -unexplained, document.number)
        elif document.kind == CREDIT_NOTE and not document.voided:
            counts_on = min(document.day, today)
            at_issue = credited_at_issue[document.id]
            source = (1, document.id)
            movements.add(counts_on, document.day, CREDIT_NOTE, source, -(document.total - at_issue), document.number)
            on_invoice = invoice_side(document.credits_invoice, counts_on)
            if on_invoice is not None:
                movements.add(on_invoice, document.day, CREDIT_NOTE, source, -at_issue, document.number)
    credit = sum(adjustment.amount for adjustment in adjustments)
    for payment in sorted(standing, key=lambda p: p.id):
        counts_on = min(payment.day, today)
        source = (2, payment.id)
        if payment.amount:
            movements.add(counts_on, payment.day, PAYMENT, source, 0, payment.reference, total=payment.amount)
        for application in payment.applications:
            on_invoice = invoice_side(application.invoice_id, counts_on)
            if application.kind == ADDS_CREDIT:
                credit += application.amount
                movements.add(counts_on, payment.day, PAYMENT, source, -application.amount, payment.reference)
            elif application.kind == PAYS_INVOICE:
                if on_invoice is not None:
                    movements.add(on_invoice, payment.day, PAYMENT, source, -application.amount, payment.reference)
            else:
                # Credit (or a credit note's remainder) spent on an invoice: what the one figure loses
                # the other gains.
                if application.kind == SPENDS_CREDIT:
                    credit -= application.amount
                invoice = by_id.get(application.invoice_id)
                applied = (3, payment.id, application.invoice_id)
                reference = invoice.number if invoice else None
                movements.add(counts_on, payment.day, APPLIED_CREDIT, applied, application.amount, reference,
                              total=application.amount)
                if on_invoice is not None:
                    movements.add(on_invoice, payment.day, APPLIED_CREDIT, applied, -application.amount, reference)
    for index, adjustment in enumerate(adjustments):
        movements.add(min(adjustment.day, today), adjustment.day, ADJUSTMENT, (4, index), -adjustment.amount,
                      adjustment.notes)
    if available_credit != credit:
        # The credit balance moved by something no payment or adjustment explains: kept, so that
        # the statement still closes on the balance due.
        movements.add(today, today, ADJUSTMENT, (5,), -(available_credit - credit))
    return sorted(movements.entries.values(), key=lambda entry: entry.order)


def balance_forward_statement(*, customer: dict, supplier: dict, currency: str, start: date, end: date,
                              today: date, documents: Iterable[LedgerDocument], payments: Iterable[LedgerPayment],
                              adjustments: Iterable[CreditAdjustment], available_credit: int,
                              figures: Figures) -> Statement:
    """The balance before `start`, every event from `start` to `end` with the balance after it, and
    the closing balance; `figures` are the balance endpoint's, as of `today`."""
    documents = list(documents)
    previous, lines = 0, []
    invoiced = paid = credited = 0
    for entry in _ledger(documents, list(payments), list(adjustments), available_credit, today):
        if entry.counts_on < start:
            previous += entry.amount
            continue
        if entry.counts_on > end:
            break
        lines.append(entry)
        if entry.kind == INVOICE:
            invoiced += entry.amount
        elif entry.kind == PAYMENT:
            paid -= entry.amount
        else:
            credited -= entry.amount
    running, shown = previous, []
    for entry in lines:
        running += entry.amount
        shown.append(StatementLine(entry.day, entry.kind, entry.reference, entry.amount, due_date=entry.due_date,
                                   total=entry.total, balance=running))
    still_open = open_invoices(documents, end)
    return Statement(BALANCE_FORWARD, currency, start, end, customer, supplier, shown, previous_balance=previous,
                     total_invoiced=invoiced, total_paid=paid, total_credited=credited,
                     aging=age(((d.due_date, d.open_amount) for d in still_open), end),
                     closing_balance=running, **figures_fields(figures))
