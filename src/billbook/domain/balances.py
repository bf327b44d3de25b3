"""A customer's balance: what is owed on issued invoices, what is past due, what credit is left."""

from dataclasses import dataclass
from datetime import date

from billbook.domain.credits import CreditEntry


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An issued, unvoided invoice with something still owed."""
    currency: str
    balance: int  # cents
    issue_date: date
    due_date: date | None


@dataclass(frozen=True, slots=True)
class Balance:
    currency: str
    total_outstanding: int
    due_now: int
    past_due: bool
    available_credits: int
    open_credit_notes: int
    history: list[CreditEntry]  # newest first, in this currency


def customer_balance(currency: str, open_items: list[OpenItem], history: list[CreditEntry], today: date,
                     open_credit_notes: int = 0) -> Balance:
    """Outstanding: invoices in `currency` dated today or before; past due: any invoice, in any
    currency, whose due date has passed; available credit: the latest credit balance."""
    owed = [item for item in open_items if item.currency == currency and item.issue_date <= today]
    outstanding = sum(item.balance for item in owed)
    past_due = any(item.due_date is not None and item.due_date < today for item in open_items)
    in_currency = [entry for entry in history if entry.currency == currency]
    credit = in_currency[0].balance if in_currency else 0
    return Balance(currency, outstanding, outstanding, past_due, credit, open_credit_notes, in_currency)
