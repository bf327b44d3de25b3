"""A customer's credit balance, per currency: every change is kept with the balance it left."""

from dataclasses import dataclass
from datetime import date, datetime

from billbook.domain.errors import InvalidParam

ADJUSTMENT, PAYMENT, SPENT, PAYMENT_VOIDED = "adjustment", "payment", "applied_credit", "payment_voided"


@dataclass(slots=True)
class CreditEntry:
    customer_id: int
    currency: str
    amount: int  # cents added (or, negative, taken away)
    balance: int  # the credit balance once this entry was made
    kind: str  # adjustment, payment, applied_credit, payment_voided
    date: date
    created_at: datetime
    notes: str | None = None
    payment_id: int | None = None
    id: int | None = None


def entry(customer_id: int, currency: str, amount: int, current: int, kind: str, on: date, now: datetime,
          param: str = "amount", notes: str | None = None, payment_id: int | None = None) -> CreditEntry:
    """The next entry of a credit balance now at `current`; a balance never goes below zero."""
    if current + amount < 0:
        raise InvalidParam(param, f"would take the credit balance below zero (it is {current / 100:.2f})")
    return CreditEntry(customer_id, currency, amount, current + amount, kind, on, now, notes, payment_id)
