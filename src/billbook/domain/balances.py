"""A customer's balance: what is owed on issued invoices, what is past due, what credit is left.

What counts as owed is an issued, unvoided invoice with something left to pay, dated today or
before; past due, such an invoice (in any currency) whose due date has passed. A customer may
have thousands of invoices, so the store sums them per currency (`Outstanding`) and this module
puts the figures together.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from billbook.domain.credits import CreditEntry


@dataclass(frozen=True, slots=True)
class Outstanding:
    owed: Mapping[str, int]  # currency → cents owed on invoices dated up to today
    past_due: bool  # some invoice, in any currency, is unpaid past its due date
    open_credit_notes: Mapping[str, int]  # currency → cents left to apply of open credit notes


@dataclass(frozen=True, slots=True)
class Balance:
    currency: str
    total_outstanding: int
    due_now: int
    past_due: bool
    available_credits: int
    open_credit_notes: int
    history: list[CreditEntry]  # newest first, in this currency


def customer_balance(currency: str, outstanding: Outstanding, history: list[CreditEntry]) -> Balance:
    """The balance in one currency. Nothing is paid automatically (no AutoPay), so all that is
    outstanding is due now; the credit available is the latest entry's balance."""
    owed = outstanding.owed.get(currency, 0)
    in_currency = [entry for entry in history if entry.currency == currency]
    credit = in_currency[0].balance if in_currency else 0
    return Balance(currency, owed, owed, outstanding.past_due, credit, outstanding.open_credit_notes.get(currency, 0),
                   in_currency)
