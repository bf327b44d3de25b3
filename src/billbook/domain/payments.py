"""Payments and how they are applied: to invoices, to the customer's credit balance, or spending
that credit on an invoice. A voided payment undoes what it paid."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from billbook.domain.errors import InvalidParam

METHODS = ("ach", "cash", "check", "credit_card", "eft", "direct_debit", "other", "paypal", "wire_transfer")
INVOICE, CREDIT, APPLIED_CREDIT, CREDIT_NOTE = "invoice", "credit", "applied_credit", "credit_note"
APPLICATION_TYPES = (INVOICE, CREDIT, APPLIED_CREDIT, CREDIT_NOTE)
# Applications that move what the customer already had (credit, a credit note), not the payment's money.
NOT_FROM_PAYMENT = frozenset({APPLIED_CREDIT, CREDIT_NOTE})


@dataclass(slots=True)
class Application:
    kind: str  # invoice, credit, applied_credit
    amount: int  # cents
    invoice_id: int | None = None
    credit_note_id: int | None = None
    id: int | None = None
    payment_id: int | None = None


@dataclass(slots=True)
class Payment:
    public_id: str
    customer_id: int
    currency: str
    amount: int  # cents received
    date: date
    created_at: datetime
    updated_at: datetime
    method: str = "other"
    reference: str | None = None
    notes: str | None = None
    voided: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    # Octobat v1 records how an invoice was paid: which payment mode, from which country's bank.
    payment_mode_id: int | None = None
    customer_bank_country: str | None = None
    id: int | None = None
    applications: list[Application] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """What the payment's own money went to (spent credit does not count against it)."""
        return sum(a.amount for a in self.applications if a.kind not in NOT_FROM_PAYMENT)

    @property
    def balance(self) -> int:
        """The part of the payment not applied to anything yet."""
        return 0 if self.voided else self.amount - self.applied


@dataclass(frozen=True, slots=True)
class RequestedApplication:
    kind: str
    amount: int
    invoice_id: int | None
    credit_note_id: int | None = None


def plan_applications(amount: int, requested: list[RequestedApplication], invoice_balances: Mapping[int, int],
                      available_credit: int,
                      credit_note_balances: Mapping[int, int] | None = None) -> list[Application]:
    """What a payment of `amount` does. Paying an invoice more than it owes makes the excess the
    customer's credit; spent credit, or an open credit note's remainder, must exist; the payment's
    own money cannot be applied twice."""
    planned: list[Application] = []
    owed = dict(invoice_balances)
    open_notes = dict(credit_note_balances or {})
    credit = available_credit
    for index, wanted in enumerate(requested):
        where = f"applied_to[{index}]"
        if wanted.kind in (INVOICE, APPLIED_CREDIT, CREDIT_NOTE):
            if wanted.invoice_id not in owed:
                raise InvalidParam(f"{where}[invoice]", "is required: the invoice this pays")
            if owed[wanted.invoice_id] <= 0:
                raise InvalidParam(f"{where}[invoice]", "has nothing left to pay")
        if wanted.kind == INVOICE:
            paid = min(wanted.amount, owed[wanted.invoice_id])
            owed[wanted.invoice_id] -= paid
            planned.append(Application(INVOICE, paid, wanted.invoice_id))
            if wanted.amount > paid:
                planned.append(Application(CREDIT, wanted.amount - paid))
        elif wanted.kind == APPLIED_CREDIT:
            if wanted.amount > credit:
                raise InvalidParam(f"{where}[amount]", "is more than the customer's available credit")
            if wanted.amount > owed[wanted.invoice_id]:
                raise InvalidParam(f"{where}[amount]", "is more than the invoice's balance")
            owed[wanted.invoice_id] -= wanted.amount
            credit -= wanted.amount
            planned.append(Application(APPLIED_CREDIT, wanted.amount, wanted.invoice_id))
        elif wanted.kind == CREDIT_NOTE:
            if wanted.credit_note_id not in open_notes:
                raise InvalidParam(f"{where}[credit_note]", "is required: the open credit note to apply")
            if wanted.amount > open_notes[wanted.credit_note_id]:
                raise InvalidParam(f"{where}[amount]", "is more than what is left of the credit note")
            if wanted.amount > owed[wanted.invoice_id]:
                raise InvalidParam(f"{where}[amount]", "is more than the invoice's balance")
            owed[wanted.invoice_id] -= wanted.amount
            open_notes[wanted.credit_note_id] -= wanted.amount
            planned.append(Application(CREDIT_NOTE, wanted.amount, wanted.invoice_id, wanted.credit_note_id))
        else:
            planned.append(Application(CREDIT, wanted.amount))
    if sum(a.amount for a in planned if a.kind not in NOT_FROM_PAYMENT) > amount:
        raise InvalidParam("applied_to", "applies more than the payment's amount")
    return planned


def clean_method(param: str, value: Any) -> str:
    if value in (None, ""):
        return "other"
    if value not in METHODS:
        raise InvalidParam(param, f"must be one of: {', '.join(METHODS)}")
    return value
