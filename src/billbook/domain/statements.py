"""Account statements as Invoiced defines them, in one currency: `open_item` (what is open as of a
day) and `balance_forward` (every ledger event of a period, with a running balance). Both carry
an aging summary by due date. Amounts are integer minor units.

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
from dataclasses import dataclass, field
from datetime import date

from billbook.domain import dates
from billbook.domain.errors import InvalidParam
from billbook.domain.payments import APPLIED_CREDIT as SPENDS_CREDIT
from billbook.domain.payments import CREDIT as ADDS_CREDIT
from billbook.domain.payments import CREDIT_NOTE as SPENDS_CREDIT_NOTE
from billbook.domain.payments import INVOICE as PAYS_INVOICE

OPEN_ITEM = "open_item"
BALANCE_FORWARD = "balance_forward"
STATEMENT_TYPES = (OPEN_ITEM, BALANCE_FORWARD)
PAST_DUE_ITEMS = "past_due"  # `items=past_due`: an open-item statement of past-due invoices only

# Kinds of statement lines.
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
PAYMENT = "payment"
APPLIED_CREDIT = "applied_credit"
ADJUSTMENT = "adjustment"


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: date
    kind: str  # one of the kinds above
    reference: str | None  # the document's number, or the payment's reference
    amount: int  # what the line adds to what is owed: positive for invoices, negative for the rest
    due_date: date | None = None  # invoices
    total: int | None = None  # open item: the document's total
    open_amount: int | None = None  # open item: what is still open of it
    balance: int | None = None  # balance forward: the running balance after this line


@dataclass(frozen=True, slots=True)
class Aging:
    """What is owed on open invoices, by days past their due date (not yet due counts as current)."""
    current: int = 0
    days_1_30: int = 0
    days_31_60: int = 0
    days_61_90: int = 0
    over_90: int = 0

    @property
    def total(self) -> int:
        return self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.over_90


@dataclass(frozen=True, slots=True)
class Statement:
    type: str
    currency: str
    start: date | None  # balance forward only
    end: date  # the as-of day (open item) or the last day of the period
    customer: dict  # the customer as printed: name, address lines, city, zip, country, vat_number, number
    supplier: dict  # the account as printed (domain.invoices.supplier_snapshot)
    lines: list[StatementLine] = field(default_factory=list)
    past_due_only: bool = False  # open item with items=past_due
    previous_balance: int = 0  # balance forward: the balance before `start`
    total_invoiced: int = 0  # balance forward: invoices of the period
    total_paid: int = 0  # balance forward: payments of the period
    total_credited: int = 0  # balance forward: credit notes, applied credit and adjustments of the period
    # What the customer owes on open invoices, what open credit notes and available credit take off,
    # and the balance due (total_outstanding − open_credit_notes − available_credits): the figures
    # `GET /customers/:id/balance` gives at the same moment; a balance-forward statement ending now
    # closes on balance_due.
    total_outstanding: int = 0
    open_credit_notes: int = 0
    available_credits: int = 0
    balance_due: int = 0
    aging: Aging = field(default_factory=Aging)
    # Balance forward: previous_balance + Σ line amounts (equal to balance_due when the period ends
    # today). Open item: Σ line amounts, the open invoices less the open credit notes listed.
    closing_balance: int = 0


# The ledger facts a statement is computed from, in the statement's currency.

@dataclass(frozen=True, slots=True)
class LedgerDocument:
    """An issued invoice or credit note."""
    id: int
    kind: str  # INVOICE or CREDIT_NOTE
    number: str | None
    day: date
    total: int
    paid: int = 0
    credited: int = 0
    voided: bool = False
    due_date: date | None = None
    credits_invoice: int | None = None  # a credit note: the invoice it credits

    @property
    def open_amount(self) -> int:
        """What is still owed on an invoice, or left to apply of a credit note."""
        return 0 if self.voided else self.total - self.paid - self.credited


@dataclass(frozen=True, slots=True)
class LedgerApplication:
    kind: str  # as domain.payments: invoice, credit, applied_credit, credit_note
    amount: int
    invoice_id: int | None = None
    credit_note_id: int | None = None


@dataclass(frozen=True, slots=True)
class LedgerPayment:
    id: int
    day: date
    amount: int
    reference: str | None = None
    applications: tuple[LedgerApplication, ...] = ()
    voided: bool = False


@dataclass(frozen=True, slots=True)
class CreditAdjustment:
    """A direct change of the credit balance (payments' credit comes with the payments)."""
    day: date
    amount: int  # credit added; negative, taken away
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """The balance endpoint's figures, as of the day the statement is made."""
    total_outstanding: int = 0
    open_credit_notes: int = 0
    available_credits: int = 0

    @property
    def balance_due(self) -> int:
        return self.total_outstanding - self.open_credit_notes - self.available_credits


def balance_figures(documents: Iterable[LedgerDocument], available_credit: int, today: date) -> Figures:
    """What the balance endpoint counts: open invoices dated up to today, open credit notes of any
    date, the credit balance."""
    outstanding = notes = 0
    for document in documents:
        left = document.open_amount
        if left > 0 and document.kind == INVOICE and document.day <= today:
            outstanding += left
        elif left > 0 and document.kind == CREDIT_NOTE:
            notes += left
    return Figures(outstanding, notes, available_credit)


# Aging

def days_past_due(due_date: date | None, as_of: date) -> int:
    """0 when not yet due (or due on no particular day)."""
    return max((as_of - due_date).days, 0) if due_date is not None else 0


def age(owed: Iterable[tuple[date | None, int]], as_of: date) -> Aging:
    """What is owed (due date, amount), by days past due as of a day: current (not yet due), 1–30,
    31–60, 61–90, over 90."""
    buckets = [0, 0, 0, 0, 0]
    for due_date, amount in owed:
        late = days_past_due(due_date, as_of)
        buckets[0 if late == 0 else 1 if late <= 30 else 2 if late <= 60 else 3 if late <= 90 else 4] += amount
    return Aging(*buckets)


def _open_invoices(documents: Iterable[LedgerDocument], end: date) -> list[LedgerDocument]:
    return [d for d in documents if d.kind == INVOICE and d.open_amount > 0 and d.day <= end]


# What is asked for

@dataclass(frozen=True, slots=True)
class StatementRequest:
    type: str
    start: date | None
    end: date
    past_due_only: bool


def statement_request(type: str | None, start: date | None, end: date | None, items: str | None,
                      today: date) -> StatementRequest:
    """The statement asked for, with Invoiced's defaults: open item as of today; balance forward
    from the first day of the month it ends in (the current month by default) to today."""
    kind = type or OPEN_ITEM
    if kind not in STATEMENT_TYPES:
        raise InvalidParam("type", f"must be one of: {', '.join(STATEMENT_TYPES)}")
    start, end = _day("start", start, today), _day("end", end, today)
    if items not in (None, "") and items != PAST_DUE_ITEMS:
        raise InvalidParam("items", f"must be {PAST_DUE_ITEMS} or left out")
    end = end or today
    if kind == OPEN_ITEM:
        if start is not None:
            raise InvalidParam("start", "is for balance_forward statements: an open-item statement has only an end")
        return StatementRequest(kind, None, end, items == PAST_DUE_ITEMS)
    if items:
        raise InvalidParam("items", "is for open_item statements")
    start = start or end.replace(day=1)
    if start > end:
        raise InvalidParam("start", f"is after end: {start.isoformat()} > {end.isoformat()}")
    return StatementRequest(kind, start, end, False)


def _day(param: str, value, today: date) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise InvalidParam(param, "must be a date")
    day = value.date() if hasattr(value, "date") else value
    return dates.plausible(param, day, today)


# Open item

def open_item_statement(*, customer: dict, supplier: dict, currency: str, end: date, today: date,
                        documents: Iterable[LedgerDocument], figures: Figures,
                        past_due_only: bool = False) -> Statement:
    """The invoices dated up to `end` with something left to pay and the open credit notes (only
    past-due invoices with `past_due_only`), each with its total and what is still open."""
    documents = sorted(documents, key=lambda d: (d.day, d.id))
    invoices = _open_invoices(documents, end)
    if past_due_only:
        invoices = [d for d in invoices if days_past_due(d.due_date, end) > 0]
    notes = [] if past_due_only else [d for d in documents if d.kind == CREDIT_NOTE and d.open_amount > 0
                                      and min(d.day, today) <= end]
    lines = [StatementLine(d.day, d.kind, d.number, d.open_amount if d.kind == INVOICE else -d.open_amount,
                           due_date=d.due_date, total=d.total, open_amount=d.open_amount)
             for d in sorted(invoices + notes, key=lambda d: (d.day, d.kind != INVOICE, d.id))]
    return Statement(OPEN_ITEM, currency, None, end, customer, supplier, lines, past_due_only=past_due_only,
                     aging=age(((d.due_date, d.open_amount) for d in invoices), end),
                     closing_balance=sum(line.amount for line in lines), **_figures(figures))


def _figures(figures: Figures) -> dict:
    return {"total_outstanding": figures.total_outstanding, "open_credit_notes": figures.open_credit_notes,
            "available_credits": figures.available_credits, "balance_due": figures.balance_due}


# Balance forward

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
    open_invoices = _open_invoices(documents, end)
    return Statement(BALANCE_FORWARD, currency, start, end, customer, supplier, shown, previous_balance=previous,
                     total_invoiced=invoiced, total_paid=paid, total_credited=credited,
                     aging=age(((d.due_date, d.open_amount) for d in open_invoices), end),
                     closing_balance=running, **_figures(figures))
