"""Account statements as Invoiced defines them, in one currency: `open_item` (what is open as of a
day) and `balance_forward` (every ledger event of a period, with a running balance: see
`domain/balance_forward.py`). Both carry an aging summary by due date. Amounts are integer minor
units."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from billbook.domain import dates
from billbook.domain.errors import InvalidParam

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


def open_invoices(documents: Iterable[LedgerDocument], end: date) -> list[LedgerDocument]:
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
    invoices = open_invoices(documents, end)
    if past_due_only:
        invoices = [d for d in invoices if days_past_due(d.due_date, end) > 0]
    notes = [] if past_due_only else [d for d in documents if d.kind == CREDIT_NOTE and d.open_amount > 0
                                      and min(d.day, today) <= end]
    lines = [StatementLine(d.day, d.kind, d.number, d.open_amount if d.kind == INVOICE else -d.open_amount,
                           due_date=d.due_date, total=d.total, open_amount=d.open_amount)
             for d in sorted(invoices + notes, key=lambda d: (d.day, d.kind != INVOICE, d.id))]
    return Statement(OPEN_ITEM, currency, None, end, customer, supplier, lines, past_due_only=past_due_only,
                     aging=age(((d.due_date, d.open_amount) for d in invoices), end),
                     closing_balance=sum(line.amount for line in lines), **figures_fields(figures))


def figures_fields(figures: Figures) -> dict:
    return {"total_outstanding": figures.total_outstanding, "open_credit_notes": figures.open_credit_notes,
            "available_credits": figures.available_credits, "balance_due": figures.balance_due}
