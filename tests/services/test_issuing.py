"""Issuing, the one path of both dialects: numbers never leave the series, dates keep the order
their sequence asks for, and implausible dates are refused naming them."""

import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from billbook.domain.errors import InvalidParam
from billbook.domain.invoice_requests import clean_request
from billbook.domain.invoices import CREDIT_NOTE
from billbook.domain.listing import ListQuery, Page
from billbook.services import (
    cancelling,
    customers,
    drafts,
    invoice_requests,
    invoices,
    numbering,
    payment_modes,
    payments,
)


def today() -> date:
    return datetime.now(timezone.utc).date()


def series(n: int) -> str:
    return f"INV-{today():%Y-%m}-{n:03d}"


@pytest.fixture
def ctx(account):
    return account.context()


@pytest.fixture
def customer(ctx) -> int:
    return customers.create(ctx, {"name": "Acme", "country": "FR", "currency": "EUR"}).id


def invoice(ctx, customer: int, **fields):
    return drafts.create_invoice(ctx, {"customer": customer, "items": [{"name": "A", "unit_cost": 10}], **fields})


def numbers(ctx) -> list[str]:
    found, _ = invoices.list_invoices(ctx, ListQuery(page=Page(1, 100)))
    return sorted(issued.invoice.number for issued in found if not issued.invoice.draft)


def test_a_draft_cannot_take_a_number_out_of_the_series(ctx, customer):
    with pytest.raises(InvalidParam) as refused:
        invoice(ctx, customer, draft=True, number=series(1))
    assert refused.value.param == "number"
    draft = invoice(ctx, customer, draft=True, number="IMPORT-17")
    invoice(ctx, customer)
    drafts.delete_draft(ctx, draft.invoice.id)
    invoice(ctx, customer)
    invoice(ctx, customer)
    assert numbers(ctx) == [series(1), series(2), series(3)]


def test_the_series_next_number_typed_by_hand_is_drawn_and_any_other_refused(ctx, customer):
    invoice(ctx, customer)
    assert invoice(ctx, customer, number=series(2)).invoice.number == series(2)
    with pytest.raises(InvalidParam) as ahead:
        invoice(ctx, customer, number=series(9))
    assert ahead.value.param == "number" and series(3) in ahead.value.message
    assert invoice(ctx, customer, number="LEGACY-1").invoice.number == "LEGACY-1"
    assert invoice(ctx, customer).invoice.number == series(3)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1969, 12, 31), date(9999, 12, 31)])
def test_implausible_invoice_dates_are_refused_naming_date(ctx, customer, day):
    with pytest.raises(InvalidParam) as refused:
        invoice(ctx, customer, date=day)
    assert refused.value.param == "date"
    assert invoice(ctx, customer).invoice.number == series(1)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_implausible_payment_dates_are_refused_naming_date(ctx, customer, day):
    with pytest.raises(InvalidParam) as refused:
        payments.record(ctx, {"customer": customer, "amount": "10", "date": day})
    assert refused.value.param == "date"
    with pytest.raises(InvalidParam) as adjusted:
        payments.adjust_credit(ctx, {"customer": customer, "amount": "10", "date": day})
    assert adjusted.value.param == "date"


def test_an_eu_sellers_invoices_run_in_date_order_and_none_is_dated_ahead(ctx, customer):
    with pytest.raises(InvalidParam) as ahead:
        invoice(ctx, customer, date=today() + timedelta(days=10))
    assert ahead.value.param == "date"
    invoice(ctx, customer)
    with pytest.raises(InvalidParam) as backdated:
        invoice(ctx, customer, date=today() - timedelta(days=10))
    assert backdated.value.param == "date"
    assert numbers(ctx) == [series(1)]


def test_a_seller_outside_the_eu_backdates_and_postdates_freely(make_account):
    ctx = make_account(country="US", currency="USD").context()
    customer = customers.create(ctx, {"name": "Acme", "country": "US", "currency": "USD"}).id
    invoice(ctx, customer, date=today() + timedelta(days=10))
    assert invoice(ctx, customer, date=today() - timedelta(days=300)).invoice.number
    assert len(numbers(ctx)) == 2


def test_both_dialects_keep_the_same_order_rule(ctx, customer):
    [sequence] = numbering.all_sequences(ctx)
    numbering.update(ctx, sequence.public_id, {"chronological": False})
    invoice(ctx, customer, date=today() + timedelta(days=5))
    numbering.update(ctx, sequence.public_id, {"chronological": True})
    mode = payment_modes.create(ctx, {"name": "Bank", "type": "transfer", "iban": "FR76 3000 6000 0112 3456 7890 189"})
    octobat = customers.retrieve(ctx, customer).public_id
    request = clean_request({
        "livemode": True, "state": "confirmed", "currency": "eur", "customer_id": octobat,
        "payable_by": [mode.public_id], "items": [{"description": "A", "extratax": 1000}]}, livemode=True)
    with pytest.raises(InvalidParam) as refused:
        invoice_requests.issue(ctx, request)
    assert refused.value.param == "date"
    assert numbers(ctx) == [series(1)]


def test_a_number_of_the_credit_notes_form_is_theirs_alone(ctx, customer):
    billed = invoice(ctx, customer)
    note_number = f"CN-{today():%Y-%m}-001"
    for kind, fields in (("invoice", {}), ("credit_note", {"invoice": billed.invoice.id})):
        with pytest.raises(InvalidParam) as refused:
            drafts.create_invoice(ctx, {"customer": customer, "items": [{"name": "A", "unit_cost": 1}],
                                        "number": note_number, "draft": True, **fields}, kind)
        assert refused.value.param == "number"
    cancelling.void_invoice(ctx, billed.invoice.id)
    notes, _ = invoices.list_invoices(ctx, ListQuery(page=Page(1, 100)), CREDIT_NOTE)
    assert [issued.invoice.number for issued in notes] == [note_number]


@pytest.mark.postgres
def test_invoices_issued_at_once_keep_dates_in_number_order(database, account):
    """While the counter is held, one invoice dated today and one dated yesterday race; whichever
    is numbered second must not be dated before the first."""
    if database.backend != "postgresql":
        pytest.skip("SQLite admits one writer at a time: nothing can race")
    ctx = account.context()
    customer = customers.create(ctx, {"name": "Acme", "country": "FR", "currency": "EUR"}).id
    invoice(ctx, customer, date=today() - timedelta(days=2))
    [sequence] = numbering.all_sequences(ctx)
    counter = sequence.counter_name(today())
    results: dict[str, object] = {}
    with database.engine.connect() as holder:
        holder.execute(text("SELECT value FROM counters WHERE account_id = :a AND livemode AND name = :n FOR UPDATE"),
                       {"a": account.id, "n": counter})

        def issue(label: str, day: date) -> None:
            try:
                results[label] = invoice(ctx, customer, date=day).invoice
            except InvalidParam as error:
                results[label] = error

        racers = [threading.Thread(target=issue, args=("today", today())),
                  threading.Thread(target=issue, args=("yesterday", today() - timedelta(days=1)))]
        for racer in racers:
            racer.start()
            time.sleep(0.5)  # each reaches the counter (or a lock before it) and waits there
        holder.rollback()
    for racer in racers:
        racer.join(30)
    issued = sorted((found for found in results.values() if not isinstance(found, Exception)),
                    key=lambda found: found.number)
    assert [found.issue_date for found in issued] == sorted(found.issue_date for found in issued), results


def test_an_invoice_in_another_currency_keeps_the_euro_rate_of_its_date(ctx):
    dollars = customers.create(ctx, {"name": "Acme Inc", "country": "FR", "currency": "USD"}).id
    issued = invoice(ctx, dollars, currency="USD", date=date(2025, 1, 2))
    assert issued.invoice.evidence["euro_rate"] == {"currency": "USD", "rate": "1.0321", "published": "2025-01-02",
                                                    "source": "ECB"}
    stored = invoices.retrieve(ctx, issued.invoice.id)
    assert stored.invoice.evidence["euro_rate"]["rate"] == "1.0321"
    assert "euro_rate" not in invoice(ctx, customers.create(ctx, {"name": "B", "country": "FR"}).id).invoice.evidence
