"""What an account statement reads: the ledger columns of one customer in one currency, in a fixed
number of queries however long the ledger is."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from billbook.domain.invoice_requests import clean_request
from billbook.domain.invoices import CREDIT_NOTE
from billbook.domain.statements import CreditAdjustment, LedgerApplication
from billbook.services import cancelling, customers, drafts, invoice_requests, payment_modes, payments
from billbook.services.statements import statement
from tests.support.octobat_invoices import IBAN


@pytest.fixture
def ctx(account):
    return account.context()


@pytest.fixture
def customer(ctx) -> int:
    return customers.create(ctx, {"name": "Acme", "country": "FR", "currency": "EUR"}).id


def invoice(ctx, customer, unit_cost=100, currency="EUR", **fields):
    return drafts.create_invoice(ctx, {"customer": customer, "currency": currency,
                                       "items": [{"name": "A", "unit_cost": unit_cost}], **fields}).invoice


def test_documents_are_the_issued_ones_of_the_currency_and_open_only_keeps_what_is_left(ctx, customer):
    paid, open_, voided = invoice(ctx, customer), invoice(ctx, customer), invoice(ctx, customer)
    invoice(ctx, customer, currency="USD")
    invoice(ctx, customer, draft=True)
    payments.record(ctx, {"customer": customer, "amount": "120",
                          "applied_to": [{"type": "invoice", "invoice": paid.id, "amount": "120"}]})
    cancelling.void_invoice(ctx, voided.id)
    note = drafts.create_invoice(ctx, {"customer": customer, "items": [{"name": "R", "unit_cost": 10}]},
                                 kind=CREDIT_NOTE).invoice
    with ctx.unit_of_work(write=False) as uow:
        everything = uow.invoices.statement_documents(customer, "EUR")
        still_open = uow.invoices.statement_documents(customer, "EUR", open_only=True)
    assert [(d.id, d.kind) for d in everything][:3] == [(paid.id, "invoice"), (open_.id, "invoice"),
                                                        (voided.id, "invoice")]
    assert len(everything) == 5  # and the note cancelling the voided one, and the credit note
    assert [(d.id, d.open_amount) for d in still_open] == [(open_.id, 12000), (note.id, 1200)]
    cancelled = next(d for d in everything if d.credits_invoice == voided.id)
    assert (cancelled.kind, cancelled.total, cancelled.credited, cancelled.voided) == (CREDIT_NOTE, 12000, 12000, False)


def test_payments_are_those_standing_in_the_currency_with_what_they_applied(ctx, customer):
    billed = invoice(ctx, customer)
    kept = payments.record(ctx, {"customer": customer, "amount": "150", "reference": "CHQ-9",
                                 "applied_to": [{"type": "invoice", "invoice": billed.id, "amount": "150"}]})
    dropped = payments.record(ctx, {"customer": customer, "amount": "5"})
    payments.void(ctx, dropped.id)
    payments.record(ctx, {"customer": customer, "amount": "5", "currency": "USD"})
    payments.adjust_credit(ctx, {"customer": customer, "amount": "-10", "notes": "fee"})
    with ctx.unit_of_work(write=False) as uow:
        found = uow.payments.statement_payments(customer, "EUR")
        adjustments = uow.credits.adjustments(customer, "EUR")
    assert [(p.id, p.amount, p.reference) for p in found] == [(kept.id, 15000, "CHQ-9")]
    assert found[0].applications == (LedgerApplication("invoice", 12000, billed.id),
                                      LedgerApplication("credit", 3000))
    today = datetime.now(timezone.utc).date()
    assert adjustments == [CreditAdjustment(today, -1000, "fee")]


def count_queries(database, action) -> int:
    seen = []

    def record(*_):
        seen.append(1)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return len(seen)


@pytest.mark.parametrize("type", ["open_item", "balance_forward"])
def test_a_statement_takes_as_many_queries_for_a_long_ledger_as_for_a_short_one(database, ctx, customer, type):
    def ledger_of(count: int) -> None:
        for _ in range(count):
            billed = invoice(ctx, customer)
            payments.record(ctx, {"customer": customer, "amount": "50",
                                  "applied_to": [{"type": "invoice", "invoice": billed.id, "amount": "50"}]})

    ledger_of(2)
    short = count_queries(database, lambda: statement(ctx, customer, type=type))
    ledger_of(10)
    assert count_queries(database, lambda: statement(ctx, customer, type=type)) == short


def test_an_octobat_invoice_created_paid_with_a_payment_dated_before_it_closes_on_the_balance(ctx):
    bank = payment_modes.create(ctx, {"name": "Bank", "type": "transfer", "iban": IBAN}).public_id
    customer = customers.create(ctx, {"name": "Payer", "country": "FR"}).public_id
    today = datetime.now(timezone.utc).date()
    paid_on = today - timedelta(days=10)
    request = clean_request({"livemode": True, "state": "paid", "currency": "EUR", "customer_id": customer,
                             "items": [{"description": "Service", "gross": 1200}], "payable_by": [bank],
                             "payment": {"payment_date": paid_on.isoformat(), "mode": bank}}, True)
    invoice_requests.issue(ctx, request)
    found = statement(ctx, customer, type="balance_forward", start=paid_on)
    # Received ten days before: what it paid counts from the invoice's day, when there was something owed.
    assert [(line.day, line.kind, line.amount, line.total, line.balance) for line in found.lines] == [
        (paid_on, "payment", 0, 1200, 0), (today, "invoice", 1200, None, 1200), (today, "payment", -1200, None, 0)]
    assert found.closing_balance == found.balance_due == 0
