"""An invoice's balance, whether it is paid, and its status, as Invoiced defines them:
balance = total − amount paid − amount credited (nothing once voided); paid = nothing left to pay on
an issued invoice; status = the first that applies of voided, draft, paid, past_due, viewed, sent,
not_sent."""

from datetime import date, datetime

import pytest

from billbook.domain.invoices import Invoice

TODAY = date(2025, 3, 15)
YESTERDAY = date(2025, 3, 14)
TOMORROW = date(2025, 3, 16)


def invoice(**state) -> Invoice:
    """A 100.00 invoice issued on 1 March 2025, nothing paid, credited or sent, unless told otherwise."""
    gross = state.pop("gross", 10000)
    at = datetime(2025, 3, 1, 9, 0)
    return Invoice(
        public_id="inv_1", customer_id=1, sequence_id=1, number="F-2025-0001", currency="EUR",
        issue_date=date(2025, 3, 1), business_type="b2b", customer={}, supplier={}, evidence={}, payable_by=[1],
        subtotal=gross, discounts=0, extratax=gross, tax=0, gross=gross, created_at=at, updated_at=at, **state)


@pytest.mark.parametrize(("state", "balance"), [
    ({}, 10000),
    ({"amount_paid": 3000}, 7000),
    ({"amount_credited": 2000}, 8000),
    ({"amount_paid": 3000, "amount_credited": 2000}, 5000),
    ({"amount_paid": 10000}, 0),
    ({"amount_paid": 6000, "amount_credited": 4000}, 0),
    ({"amount_paid": 12000}, -2000),  # overpaid
    ({"gross": 0}, 0),
    ({"draft": True, "amount_paid": 1000}, 9000),
    ({"voided": True}, 0),
    ({"voided": True, "amount_paid": 3000, "amount_credited": 2000}, 0),
    ({"voided": True, "amount_paid": 12000}, 0),
])
def test_balance_is_the_total_less_what_was_paid_and_credited_and_nothing_once_voided(state, balance):
    assert invoice(**state).balance == balance


@pytest.mark.parametrize(("state", "paid"), [
    ({}, False),
    ({"amount_paid": 9999}, False),
    ({"amount_paid": 10000}, True),
    ({"amount_paid": 5000, "amount_credited": 5000}, True),
    ({"amount_credited": 10000}, True),
    ({"amount_paid": 12000}, True),  # overpaid
    ({"gross": 0}, True),  # nothing to pay
    ({"draft": True, "amount_paid": 10000}, False),
    ({"draft": True, "gross": 0}, False),
    ({"voided": True}, False),  # its balance is zero, but a voided invoice is not paid
    ({"voided": True, "amount_paid": 10000}, False),
])
def test_paid_means_nothing_left_to_pay_on_an_issued_invoice(state, paid):
    assert invoice(**state).paid is paid


@pytest.mark.parametrize(("state", "status"), [
    # voided comes first, whatever else is true
    ({"voided": True}, "voided"),
    ({"voided": True, "draft": True}, "voided"),
    ({"voided": True, "amount_paid": 10000}, "voided"),
    ({"voided": True, "due_date": YESTERDAY, "viewed": True, "sent": True}, "voided"),
    # then draft
    ({"draft": True}, "draft"),
    ({"draft": True, "amount_paid": 10000}, "draft"),
    ({"draft": True, "gross": 0}, "draft"),
    ({"draft": True, "due_date": YESTERDAY, "sent": True}, "draft"),
    # then paid, even past its due date
    ({"amount_paid": 10000}, "paid"),
    ({"amount_paid": 4000, "amount_credited": 6000}, "paid"),
    ({"amount_paid": 10000, "due_date": YESTERDAY, "viewed": True}, "paid"),
    ({"gross": 0, "due_date": YESTERDAY}, "paid"),
    # then past_due: due before today and not paid
    ({"due_date": YESTERDAY}, "past_due"),
    ({"due_date": date(2024, 12, 31), "amount_paid": 9999}, "past_due"),
    ({"due_date": YESTERDAY, "viewed": True, "sent": True}, "past_due"),
    ({"due_date": TODAY}, "not_sent"),  # due today is not yet late
    ({"due_date": TOMORROW, "sent": True}, "sent"),
    # then viewed, sent, not_sent
    ({"viewed": True}, "viewed"),
    ({"viewed": True, "sent": True}, "viewed"),
    ({"sent": True}, "sent"),
    ({"sent": True, "amount_paid": 5000}, "sent"),
    ({}, "not_sent"),
    ({"amount_credited": 9000}, "not_sent"),
])
def test_status_is_the_first_that_applies(state, status):
    assert invoice(**state).status(TODAY) == status


def test_an_unpaid_invoice_becomes_past_due_the_day_after_its_due_date():
    unpaid = invoice(due_date=TODAY, sent=True)
    assert [unpaid.status(day) for day in (YESTERDAY, TODAY, TOMORROW)] == ["sent", "sent", "past_due"]


def test_a_payment_moves_a_past_due_invoice_to_paid():
    late = invoice(due_date=YESTERDAY, sent=True, amount_paid=4000)
    assert late.status(TODAY) == "past_due"
    late.amount_paid = 10000
    assert late.status(TODAY) == "paid"
