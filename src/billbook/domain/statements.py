"""Account statements as Invoiced defines them, in one currency: `open_item` (what is open as of a
day) and `balance_forward` (every ledger event of a period, with a running balance). Both carry
an aging summary by due date. Amounts are integer minor units."""

from dataclasses import dataclass, field
from datetime import date

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
