"""Payments, credit balance adjustments and balances as the Invoiced API shows them."""

from typing import Any

from billbook.api.invoiced.invoice_render import day, money
from billbook.api.invoiced.render import unix
from billbook.domain.balances import Balance
from billbook.domain.credits import CreditEntry
from billbook.domain.payments import Payment


def render_payment(payment: Payment, invoice_ids: dict[int, int] | None = None) -> dict[str, Any]:
    return {
        "id": payment.id,
        "object": "payment",
        "customer": payment.customer_id,
        "date": day(payment.date),
        "currency": payment.currency.lower(),
        "amount": money(payment.amount),
        "balance": money(payment.balance),
        "voided": payment.voided,
        "method": payment.method,
        "reference": payment.reference,
        "notes": payment.notes,
        "applied_to": [{"type": application.kind, "amount": money(application.amount),
                        **({"invoice": application.invoice_id} if application.invoice_id else {}),
                        **({"credit_note": application.credit_note_id} if application.credit_note_id else {})}
                       for application in payment.applications],
        "metadata": payment.metadata,
        "created_at": unix(payment.created_at),
        "updated_at": unix(payment.created_at if payment.updated_at is None else payment.updated_at),
    }


def render_adjustment(entry: CreditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "object": "credit_balance_adjustment",
        "customer": entry.customer_id,
        "currency": entry.currency.lower(),
        "amount": money(entry.amount),
        "date": day(entry.date),
        "notes": entry.notes,
        "created_at": unix(entry.created_at),
    }


def render_balance(balance: Balance) -> dict[str, Any]:
    currency = balance.currency.lower()
    return {
        "currency": currency,
        "total_outstanding": money(balance.total_outstanding),
        "due_now": money(balance.due_now),
        "past_due": balance.past_due,
        "available_credits": money(balance.available_credits),
        "open_credit_notes": money(balance.open_credit_notes),
        "history": [{"timestamp": unix(entry.created_at), "currency": currency, "balance": money(entry.balance)}
                    for entry in balance.history],
    }
