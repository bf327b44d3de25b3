"""Statement rules without a database: aging by due date, what is asked for, open items, and how
each ledger event moves a balance-forward statement's running balance."""

from datetime import date

import pytest

from billbook.domain.balance_forward import balance_forward_statement
from billbook.domain.errors import InvalidParam
from billbook.domain.statements import (
    ADJUSTMENT,
    APPLIED_CREDIT,
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    Aging,
    CreditAdjustment,
    Figures,
    LedgerApplication,
    LedgerDocument,
    LedgerPayment,
    StatementRequest,
    age,
    balance_figures,
    days_past_due,
    open_item_statement,
    statement_request,
)

TODAY = date(2024, 5, 15)


# Aging, by days past the due date as of the statement's day (hand-computed).

@pytest.mark.parametrize(("due", "as_of", "late", "bucket"), [
    (None, date(2024, 5, 15), 0, "current"),  # due on no particular day
    (date(2024, 6, 1), date(2024, 5, 15), 0, "current"),  # not yet due
    (date(2024, 5, 15), date(2024, 5, 15), 0, "current"),  # due today is not late
    (date(2024, 5, 14), date(2024, 5, 15), 1, "days_1_30"),
    (date(2024, 4, 15), date(2024, 5, 15), 30, "days_1_30"),
    (date(2024, 4, 14), date(2024, 5, 15), 31, "days_31_60"),
    (date(2024, 3, 16), date(2024, 5, 15), 60, "days_31_60"),  # 2024 is a leap year: Feb has 29 days
    (date(2024, 3, 15), date(2024, 5, 15), 61, "days_61_90"),
    (date(2024, 2, 15), date(2024, 5, 15), 90, "days_61_90"),
    (date(2024, 2, 14), date(2024, 5, 15), 91, "over_90"),
    (date(2023, 5, 15), date(2024, 5, 15), 366, "over_90"),
    (date(2023, 12, 31), date(2024, 1, 30), 30, "days_1_30"),  # across a year end
    (date(2023, 12, 31), date(2024, 1, 31), 31, "days_31_60"),
    (date(2023, 2, 28), date(2023, 3, 30), 30, "days_1_30"),  # 2023: Feb has 28 days
    (date(2023, 2, 28), date(2023, 3, 31), 31, "days_31_60"),
])
def test_aging_buckets_by_days_past_due(due, as_of, late, bucket):
    assert days_past_due(due, as_of) == late
    assert age([(due, 1234)], as_of) == Aging(**{bucket: 1234})


def test_aging_adds_up_each_bucket():
    owed = [(date(2024, 5, 20), 100), (date(2024, 5, 1), 200), (date(2024, 5, 10), 300), (date(2024, 3, 1), 400),
            (date(2024, 1, 1), 500), (None, 600)]
    assert age(owed, TODAY) == Aging(current=700, days_1_30=500, days_61_90=400, over_90=500)
    assert age(owed, TODAY).total == 2100 and age([], TODAY) == Aging()


# What is asked for

def test_defaults_are_an_open_item_statement_as_of_today_and_a_balance_forward_from_the_first_of_the_month():
    assert statement_request(None, None, None, None, TODAY) == StatementRequest("open_item", None, TODAY, False)
    assert statement_request("open_item", None, None, "past_due", TODAY).past_due_only
    assert statement_request("balance_forward", None, None, None, TODAY) == StatementRequest(
        "balance_forward", date(2024, 5, 1), TODAY, False)
    assert statement_request("balance_forward", None, date(2024, 3, 20), "", TODAY).start == date(2024, 3, 1)
    assert statement_request("balance_forward", TODAY, TODAY, None, TODAY).start == TODAY


@pytest.mark.parametrize(("arguments", "param"), [
    (("monthly", None, None, None), "type"),
    (("open_item", None, None, "all"), "items"),
    (("balance_forward", None, None, "past_due"), "items"),
    (("open_item", date(2024, 5, 1), None, None), "start"),
    (("balance_forward", date(2024, 5, 2), date(2024, 5, 1), None), "start"),
    (("balance_forward", date(2024, 5, 16), None, None), "start"),  # after the default end, today
    (("balance_forward", "2024-05-01", None, None), "start"),
    (("open_item", None, 1715731200, None), "end"),
    (("open_item", None, date(1969, 12, 31), None), "end"),
    (("open_item", None, date(2026, 1, 1), None), "end"),  # more than a year ahead
])
def test_bad_requests_name_their_parameter(arguments, param):
    with pytest.raises(InvalidParam) as refused:
        statement_request(*arguments, TODAY)
    assert refused.value.param == param


# Open item

def invoice(id, day, total, paid=0, credited=0, due=None, voided=False, number=None):
    return LedgerDocument(id, INVOICE, number or f"INV-{id}", day, total, paid, credited, voided, due)


def note(id, day, total, credited=0, credits=None, voided=False, number=None):
    return LedgerDocument(id, CREDIT_NOTE, number or f"CN-{id}", day, total, 0, credited, voided,
                          credits_invoice=credits)


def open_items(documents, end=TODAY, past_due_only=False, figures=Figures()):
    return open_item_statement(customer={"name": "Acme"}, supplier={"name": "Us"}, currency="EUR", end=end,
                               today=TODAY, documents=documents, figures=figures, past_due_only=past_due_only)


LEDGER = [
    invoice(1, date(2024, 1, 10), 10000, paid=2500, due=date(2024, 2, 9)),  # 96 days late on TODAY
    invoice(2, date(2024, 4, 1), 5000, paid=5000, due=date(2024, 5, 1)),  # paid
    invoice(3, date(2024, 4, 20), 8000, credited=1000, due=date(2024, 5, 5)),  # 10 days late
    invoice(4, date(2024, 5, 10), 3000, due=date(2024, 6, 9)),  # current
    invoice(5, date(2024, 5, 11), 4000, voided=True, credited=4000),
    note(6, date(2024, 5, 11), 4000, credited=4000, credits=5),  # cancels 5
    note(7, date(2024, 5, 12), 2000, credited=500),  # 1,500 left
    invoice(8, date(2024, 5, 16), 9000, due=date(2024, 6, 15)),  # dated tomorrow: not owed yet
]


def test_open_items_are_open_invoices_dated_up_to_the_day_and_open_credit_notes():
    found = open_items(LEDGER)
    assert [(line.kind, line.reference, line.total, line.open_amount, line.amount, line.due_date)
            for line in found.lines] == [
        (INVOICE, "INV-1", 10000, 7500, 7500, date(2024, 2, 9)),
        (INVOICE, "INV-3", 8000, 7000, 7000, date(2024, 5, 5)),
        (INVOICE, "INV-4", 3000, 3000, 3000, date(2024, 6, 9)),
        (CREDIT_NOTE, "CN-7", 2000, 1500, -1500, None)]
    assert found.aging == Aging(current=3000, days_1_30=7000, over_90=7500)
    assert found.closing_balance == 7500 + 7000 + 3000 - 1500


def test_past_due_open_items_leave_out_what_is_not_late_and_credit_notes():
    found = open_items(LEDGER, past_due_only=True)
    assert [line.reference for line in found.lines] == ["INV-1", "INV-3"] and found.past_due_only
    as_of_may_1 = open_items(LEDGER, end=date(2024, 5, 1), past_due_only=True)
    assert [line.reference for line in as_of_may_1.lines] == ["INV-1"]  # INV-3 was not due yet


def test_open_items_as_of_a_past_day_leave_out_later_documents_and_age_on_that_day():
    found = open_items(LEDGER, end=date(2024, 4, 30))
    assert [line.reference for line in found.lines] == ["INV-1", "INV-3"]
    assert found.aging == Aging(current=7000, days_61_90=7500)


def test_the_figures_are_the_balance_endpoints_and_balance_due_follows_from_them():
    figures = balance_figures(LEDGER, 800, TODAY)
    assert figures == Figures(total_outstanding=17500, open_credit_notes=1500, available_credits=800)
    found = open_items(LEDGER, figures=figures)
    assert (found.total_outstanding, found.open_credit_notes, found.available_credits, found.balance_due) == (
        17500, 1500, 800, 15200)
    assert balance_figures(LEDGER, 0, date(2024, 5, 16)).total_outstanding == 26500  # INV-8 is owed tomorrow


# Balance forward

def forward(documents=(), payments=(), adjustments=(), available=0, start=date(2024, 1, 1), end=TODAY):
    documents = list(documents)
    return balance_forward_statement(
        customer={}, supplier={}, currency="EUR", start=start, end=end, today=TODAY, documents=documents,
        payments=payments, adjustments=adjustments, available_credit=available,
        figures=balance_figures(documents, available, TODAY))


def lines(found):
    return [(line.day, line.kind, line.reference, line.amount, line.balance) for line in found.lines]


def paying(id, day, amount, *applications, reference=None, voided=False):
    return LedgerPayment(id, day, amount, reference, tuple(LedgerApplication(*a) for a in applications), voided)


def test_invoices_add_payments_and_credit_notes_take_off_and_the_statement_closes_on_the_balance_due():
    documents = [invoice(1, date(2024, 5, 1), 10000, paid=10000), invoice(2, date(2024, 5, 2), 6000, credited=2000),
                 note(3, date(2024, 5, 3), 2500, credited=2000, credits=2)]
    # 12,000 received: 10,000 pays INV-1, 2,000 becomes credit.
    payments = [paying(1, date(2024, 5, 4), 12000, ("invoice", 10000, 1), ("credit", 2000), reference="WIRE")]
    found = forward(documents, payments, available=2000, start=date(2024, 5, 1))
    assert lines(found) == [
        (date(2024, 5, 1), INVOICE, "INV-1", 10000, 10000),
        (date(2024, 5, 2), INVOICE, "INV-2", 6000, 16000),
        (date(2024, 5, 3), CREDIT_NOTE, "CN-3", -2500, 13500),
        (date(2024, 5, 4), PAYMENT, "WIRE", -12000, 1500)]
    # 4,000 owed on INV-2, 500 left of CN-3, 2,000 of credit.
    assert found.closing_balance == found.balance_due == 4000 - 500 - 2000
    assert (found.previous_balance, found.total_invoiced, found.total_paid, found.total_credited) == (
        0, 16000, 12000, 2500)


def test_money_not_applied_and_credit_spent_do_not_move_the_balance():
    documents = [invoice(1, date(2024, 5, 1), 3000, paid=3000)]
    payments = [paying(1, date(2024, 5, 2), 5000, ("credit", 5000)),
                paying(2, date(2024, 5, 3), 0, ("applied_credit", 3000, 1)),
                paying(3, date(2024, 5, 4), 700)]  # received, applied to nothing
    found = forward(documents, payments, available=2000, start=date(2024, 5, 1))
    assert lines(found) == [
        (date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000),
        (date(2024, 5, 2), PAYMENT, None, -5000, -2000),
        (date(2024, 5, 3), APPLIED_CREDIT, "INV-1", 0, -2000),
        (date(2024, 5, 4), PAYMENT, None, 0, -2000)]
    assert [line.total for line in found.lines[1:]] == [5000, 3000, 700]
    assert found.closing_balance == found.balance_due == -2000


def test_a_credit_notes_remainder_spent_on_another_invoice_does_not_move_the_balance():
    documents = [invoice(1, date(2024, 5, 1), 3000, credited=1000), note(2, date(2024, 5, 2), 1500, credited=1000)]
    payments = [paying(1, date(2024, 5, 3), 0, ("credit_note", 1000, 1, 2))]
    found = forward(documents, payments, start=date(2024, 5, 1))
    assert lines(found) == [
        (date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000),
        (date(2024, 5, 2), CREDIT_NOTE, "CN-2", -1500, 1500),
        (date(2024, 5, 3), APPLIED_CREDIT, "INV-1", 0, 1500)]
    assert found.closing_balance == found.balance_due == 2000 - 500


def test_voided_payments_and_credit_notes_are_left_out():
    documents = [invoice(1, date(2024, 5, 1), 3000), note(2, date(2024, 5, 2), 1000, credits=1, voided=True)]
    payments = [paying(1, date(2024, 5, 3), 3000, ("invoice", 3000, 1), voided=True)]
    found = forward(documents, payments, start=date(2024, 5, 1))
    assert lines(found) == [(date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000)]
    assert found.closing_balance == found.balance_due == 3000


def test_a_voided_invoice_shows_with_its_cancelling_note_unless_that_note_was_voided_too():
    cancelled = [invoice(1, date(2024, 5, 1), 3000, credited=3000, voided=True),
                 note(2, date(2024, 5, 4), 3000, credited=3000, credits=1)]
    assert lines(forward(cancelled, start=date(2024, 5, 1))) == [
        (date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000), (date(2024, 5, 4), CREDIT_NOTE, "CN-2", -3000, 0)]
    both_voided = [invoice(1, date(2024, 5, 1), 3000, voided=True),
                   note(2, date(2024, 5, 4), 3000, credited=3000, credits=1, voided=True)]
    assert forward(both_voided).lines == [] and forward(both_voided).closing_balance == 0


def test_what_an_invoice_was_marked_paid_without_a_payment_is_a_payment_on_its_day():
    found = forward([invoice(1, date(2024, 5, 1), 3000, paid=3000)], start=date(2024, 5, 1))
    assert lines(found) == [(date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000),
                            (date(2024, 5, 1), PAYMENT, "INV-1", -3000, 0)]
    assert found.balance_due == 0


def test_credit_adjustments_take_off_what_they_add_and_add_what_they_take():
    adjustments = [CreditAdjustment(date(2024, 5, 2), 1500, "goodwill"), CreditAdjustment(date(2024, 5, 3), -500)]
    found = forward(adjustments=adjustments, available=1000, start=date(2024, 5, 1))
    assert lines(found) == [(date(2024, 5, 2), ADJUSTMENT, "goodwill", -1500, -1500),
                            (date(2024, 5, 3), ADJUSTMENT, None, 500, -1000)]
    assert found.total_credited == 1000 and found.closing_balance == found.balance_due == -1000


def test_credit_no_payment_or_adjustment_explains_is_kept_so_the_statement_closes_on_the_balance():
    found = forward(available=300, start=date(2024, 5, 1))
    assert lines(found) == [(TODAY, ADJUSTMENT, None, -300, -300)]


def test_what_is_applied_to_an_invoice_dated_ahead_counts_from_the_invoices_day():
    documents = [invoice(1, date(2024, 5, 16), 3000, paid=1000)]  # dated tomorrow
    payments = [paying(1, date(2024, 5, 14), 1500, ("invoice", 1000, 1), ("credit", 500))]
    found = forward(documents, payments, available=500, start=date(2024, 5, 1))
    assert lines(found) == [(date(2024, 5, 14), PAYMENT, None, -500, -500)]
    assert found.closing_balance == found.balance_due == -500
    tomorrow = forward(documents, payments, available=500, start=date(2024, 5, 1), end=date(2024, 5, 16))
    assert lines(tomorrow)[1:] == [(date(2024, 5, 16), INVOICE, "INV-1", 3000, 2500),
                                   (date(2024, 5, 16), PAYMENT, None, -1000, 1500)]


def test_a_payment_or_credit_note_dated_ahead_counts_today_under_its_own_date():
    documents = [invoice(1, date(2024, 5, 1), 3000, paid=1000), note(2, date(2024, 6, 1), 400)]
    payments = [paying(1, date(2024, 6, 10), 1000, ("invoice", 1000, 1))]
    found = forward(documents, payments, start=date(2024, 5, 1))
    assert lines(found) == [(date(2024, 5, 1), INVOICE, "INV-1", 3000, 3000),
                            (date(2024, 6, 1), CREDIT_NOTE, "CN-2", -400, 2600),
                            (date(2024, 6, 10), PAYMENT, None, -1000, 1600)]
    assert found.closing_balance == found.balance_due == 2000 - 400


def test_the_period_splits_the_ledger_into_a_previous_balance_and_lines():
    documents = [invoice(1, date(2024, 3, 1), 1000), invoice(2, date(2024, 4, 1), 2000),
                 invoice(3, date(2024, 5, 1), 4000)]
    april = forward(documents, start=date(2024, 4, 1), end=date(2024, 4, 30))
    assert (april.previous_balance, lines(april), april.closing_balance) == (
        1000, [(date(2024, 4, 1), INVOICE, "INV-2", 2000, 3000)], 3000)
    assert forward(documents, start=date(2024, 5, 1)).previous_balance == april.closing_balance
    assert april.aging.total == 3000  # open invoices dated up to the period's end
