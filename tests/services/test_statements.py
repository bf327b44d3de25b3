"""Account statements from the ledger, on both databases: the figures are the balance endpoint's at
the same moment, and a balance-forward statement ending today closes on the balance due."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billbook.domain.errors import BillbookError, InvalidParam, NotFound
from billbook.domain.invoices import CREDIT_NOTE as CREDIT_NOTE_DOCUMENT
from billbook.domain.statements import (
    ADJUSTMENT,
    APPLIED_CREDIT,
    BALANCE_FORWARD,
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    Aging,
    Statement,
)
from billbook.services import balances, cancelling, customers, drafts, payments
from billbook.services.statements import statement
from tests.conftest import Account


def today() -> date:
    return datetime.now(timezone.utc).date()


@pytest.fixture
def ctx(account):
    return account.context()


@pytest.fixture
def customer(ctx) -> int:
    return customers.create(ctx, {"name": "Acme", "country": "FR", "currency": "EUR", "address1": "1 rue Haute",
                                  "city": "Paris", "postal_code": "75001", "tax_id": "FR40303265045"}).id


def invoice(ctx, customer: int, unit_cost, on: date | None = None, due: date | None = None, currency="EUR",
            **fields):
    """An issued invoice; French VAT makes a unit cost of 100 a total of 120.00."""
    found = drafts.create_invoice(ctx, {"customer": customer, "currency": currency, "date": on, "due_date": due,
                                        "items": [{"name": "Service", "unit_cost": unit_cost}], **fields})
    return found.invoice


def credit_note(ctx, customer: int, unit_cost, on: date | None = None, currency="EUR", **fields):
    return drafts.create_invoice(ctx, {"customer": customer, "currency": currency, "date": on,
                                       "items": [{"name": "Refund", "unit_cost": unit_cost}], **fields},
                                 kind=CREDIT_NOTE_DOCUMENT).invoice


def pay(ctx, customer: int, amount, *applied, on: date | None = None, currency="EUR", reference=None):
    return payments.record(ctx, {"customer": customer, "amount": amount, "currency": currency, "date": on,
                                 "reference": reference, "applied_to": list(applied)})


def assert_agrees_with_balance(ctx, customer: int, found: Statement, currency: str | None = None) -> None:
    shown = balances.balance(ctx, customer, currency)
    assert (found.total_outstanding, found.open_credit_notes, found.available_credits) == (
        shown.total_outstanding, shown.open_credit_notes, shown.available_credits)
    assert found.balance_due == shown.total_outstanding - shown.open_credit_notes - shown.available_credits


def summary(found: Statement) -> list[tuple]:
    return [(line.day, line.kind, line.reference, line.amount, line.balance) for line in found.lines]


# Open item

def test_an_open_item_statement_lists_open_invoices_and_open_credit_notes_with_the_balance_figures(ctx, customer):
    day = today() - timedelta(days=40)
    late = invoice(ctx, customer, 100, day, due=day + timedelta(days=5))  # 120.00, 35 days past due
    paid = invoice(ctx, customer, 50, day + timedelta(days=1))  # 60.00, paid off
    recent = invoice(ctx, customer, 200, today(), due=today() + timedelta(days=30))  # 240.00, current
    pay(ctx, customer, "60", {"type": "invoice", "invoice": paid.id, "amount": "60"})
    pay(ctx, customer, "20", {"type": "invoice", "invoice": late.id, "amount": "20"})
    note = credit_note(ctx, customer, 25)  # 30.00, open
    payments.adjust_credit(ctx, {"customer": customer, "amount": "7"})
    found = statement(ctx, customer)
    assert (found.type, found.currency, found.start, found.end, found.past_due_only) == (
        "open_item", "EUR", None, today(), False)
    assert [(line.kind, line.reference, line.total, line.open_amount, line.amount) for line in found.lines] == [
        (INVOICE, late.number, 12000, 10000, 10000), (INVOICE, recent.number, 24000, 24000, 24000),
        (CREDIT_NOTE, note.number, 3000, 3000, -3000)]
    assert (found.total_outstanding, found.open_credit_notes, found.available_credits, found.balance_due) == (
        34000, 3000, 700, 30300)
    assert found.closing_balance == 31000
    assert found.aging == Aging(current=24000, days_31_60=10000)
    assert found.customer | {} == found.customer and found.customer["name"] == "Acme"
    assert (found.customer["address_line1"], found.customer["zip"], found.customer["vat_number"]) == (
        "1 rue Haute", "75001", "FR40303265045")
    assert found.supplier["name"] == "Acme SAS"
    assert_agrees_with_balance(ctx, customer, found)


def test_past_due_items_keep_only_past_due_invoices_and_no_credit_notes(ctx, customer):
    day = today() - timedelta(days=100)
    late = invoice(ctx, customer, 100, day, due=day)
    invoice(ctx, customer, 100, today(), due=today())  # due today: not past due
    credit_note(ctx, customer, 10)
    found = statement(ctx, customer, items="past_due")
    assert found.past_due_only and [line.reference for line in found.lines] == [late.number]
    assert found.aging == Aging(over_90=12000) and found.closing_balance == 12000
    assert_agrees_with_balance(ctx, customer, found)


def test_an_open_item_statement_as_of_a_past_day_leaves_out_later_invoices(ctx, customer):
    first = invoice(ctx, customer, 100, today() - timedelta(days=20), due=today() - timedelta(days=10))
    invoice(ctx, customer, 100, today() - timedelta(days=5))
    found = statement(ctx, customer, end=today() - timedelta(days=6))
    assert [line.reference for line in found.lines] == [first.number]
    assert found.aging == Aging(days_1_30=12000)  # 4 days past due on the statement's day
    assert found.total_outstanding == 24000  # the figures are today's, as the balance gives them


def test_voided_and_fully_paid_invoices_are_not_open_items(ctx, customer):
    voided = invoice(ctx, customer, 100, today())
    cancelling.void_invoice(ctx, voided.id)
    paid = invoice(ctx, customer, 100, today())
    pay(ctx, customer, "120", {"type": "invoice", "invoice": paid.id, "amount": "120"})
    found = statement(ctx, customer)
    assert found.lines == [] and found.closing_balance == 0 and found.balance_due == 0


# Balance forward

def test_a_balance_forward_statement_runs_the_balance_through_every_event_of_the_period(ctx, customer):
    start = today() - timedelta(days=30)
    before = invoice(ctx, customer, 100, start - timedelta(days=10))  # 120.00 before the period
    first = invoice(ctx, customer, 200, start + timedelta(days=1))  # 240.00
    second = invoice(ctx, customer, 50, start + timedelta(days=2))  # 60.00
    # 200: 120 pays the first invoice in part, 80 becomes credit.
    pay(ctx, customer, "200", {"type": "invoice", "invoice": first.id, "amount": "120"},
        {"type": "credit", "amount": "80"}, on=start + timedelta(days=3), reference="CHQ-1")
    # 50 of that credit spent on the second invoice: the balance does not move.
    pay(ctx, customer, "0", {"type": "applied_credit", "invoice": second.id, "amount": "50"},
        on=start + timedelta(days=4))
    note = credit_note(ctx, customer, 25, start + timedelta(days=5), invoice=first.id)  # 30.00
    payments.adjust_credit(ctx, {"customer": customer, "amount": "-10", "date": start + timedelta(days=6)})
    found = statement(ctx, customer, type="balance_forward", start=start)
    assert (found.type, found.start, found.end, found.previous_balance) == (BALANCE_FORWARD, start, today(), 12000)
    assert summary(found) == [
        (start + timedelta(days=1), INVOICE, first.number, 24000, 36000),
        (start + timedelta(days=2), INVOICE, second.number, 6000, 42000),
        (start + timedelta(days=3), PAYMENT, "CHQ-1", -20000, 22000),
        (start + timedelta(days=4), APPLIED_CREDIT, second.number, 0, 22000),
        (start + timedelta(days=5), CREDIT_NOTE, note.number, -3000, 19000),
        (start + timedelta(days=6), ADJUSTMENT, None, 1000, 20000)]
    assert [line.total for line in found.lines if line.kind in (PAYMENT, APPLIED_CREDIT)] == [20000, 5000]
    assert (found.total_invoiced, found.total_paid, found.total_credited) == (30000, 20000, 2000)
    assert found.closing_balance == found.balance_due == 20000
    assert found.aging.total == found.total_outstanding == 12000 + 9000 + 1000
    assert_agrees_with_balance(ctx, customer, found)
    assert before.number


def test_voided_payments_and_credit_notes_leave_nothing_and_a_voided_invoice_shows_its_cancelling_note(
        ctx, customer):
    start = today() - timedelta(days=10)
    voided = invoice(ctx, customer, 100, start)
    kept = invoice(ctx, customer, 100, start + timedelta(days=1))
    payment = pay(ctx, customer, "150", {"type": "invoice", "invoice": kept.id, "amount": "150"}, on=start)
    payments.void(ctx, payment.id)
    note = credit_note(ctx, customer, 10, start + timedelta(days=2), invoice=kept.id)
    cancelling.void_invoice(ctx, note.id, kind=CREDIT_NOTE_DOCUMENT)
    cancelling.void_invoice(ctx, voided.id)
    found = statement(ctx, customer, type="balance_forward", start=start)
    kinds = [(line.kind, line.amount) for line in found.lines]
    assert kinds == [(INVOICE, 12000), (INVOICE, 12000), (CREDIT_NOTE, -12000)]
    assert found.lines[2].day == today()
    assert found.closing_balance == found.balance_due == 12000
    assert_agrees_with_balance(ctx, customer, found)


def test_spending_a_credit_note_on_another_invoice_does_not_move_the_balance(ctx, customer):
    start = today() - timedelta(days=5)
    billed = invoice(ctx, customer, 100, start)
    note = credit_note(ctx, customer, 50, start)  # 60.00, open
    pay(ctx, customer, "0", {"type": "credit_note", "invoice": billed.id, "credit_note": note.id, "amount": "60"},
        on=start + timedelta(days=1))
    found = statement(ctx, customer, type="balance_forward", start=start)
    assert [(line.kind, line.amount, line.balance) for line in found.lines] == [
        (INVOICE, 12000, 12000), (CREDIT_NOTE, -6000, 6000), (APPLIED_CREDIT, 0, 6000)]
    assert found.closing_balance == found.balance_due == 6000
    assert_agrees_with_balance(ctx, customer, found)


def test_a_payment_dated_ahead_counts_today_as_the_balance_already_does(ctx, customer):
    billed = invoice(ctx, customer, 100, today())
    ahead = today() + timedelta(days=20)
    pay(ctx, customer, "50", {"type": "invoice", "invoice": billed.id, "amount": "50"}, on=ahead)
    found = statement(ctx, customer, type="balance_forward")
    assert [(line.day, line.kind, line.balance) for line in found.lines] == [
        (today(), INVOICE, 12000), (ahead, PAYMENT, 7000)]
    assert found.closing_balance == found.balance_due == 7000


def test_the_previous_balance_is_the_closing_balance_of_the_period_before(ctx, customer):
    day = today() - timedelta(days=60)
    for step in range(0, 60, 7):
        invoice(ctx, customer, 10 + step, day + timedelta(days=step))
    first = statement(ctx, customer, type="balance_forward", start=day, end=day + timedelta(days=29))
    second = statement(ctx, customer, type="balance_forward", start=day + timedelta(days=30))
    assert first.previous_balance == 0 and second.previous_balance == first.closing_balance
    assert second.closing_balance == second.balance_due


def test_a_statement_is_in_one_currency_the_customers_or_the_one_asked_for(ctx, customer):
    invoice(ctx, customer, 100, today())
    invoice(ctx, customer, 10, today(), currency="USD")
    assert statement(ctx, customer).closing_balance == 12000
    in_dollars = statement(ctx, customer, currency="usd", type="balance_forward")
    assert (in_dollars.currency, in_dollars.closing_balance) == ("USD", 1200)
    assert_agrees_with_balance(ctx, customer, in_dollars, "USD")
    no_currency = customers.create(ctx, {"name": "Nomad"}).id
    assert statement(ctx, no_currency).currency == "EUR"  # the account's


@pytest.mark.parametrize(("arguments", "param"), [
    ({"type": "weekly"}, "type"),
    ({"items": "all"}, "items"),
    ({"type": "balance_forward", "items": "past_due"}, "items"),
    ({"start": date(2024, 1, 1)}, "start"),
    ({"type": "balance_forward", "start": date(2024, 2, 2), "end": date(2024, 2, 1)}, "start"),
    ({"type": "balance_forward", "end": date(1900, 1, 1)}, "end"),
    ({"end": "2024-01-01"}, "end"),
    ({"currency": "EURO"}, "currency"),
    ({"currency": "XYZ"}, "currency"),
])
def test_bad_arguments_name_their_parameter(ctx, customer, arguments, param):
    with pytest.raises(InvalidParam) as refused:
        statement(ctx, customer, **arguments)
    assert refused.value.param == param


def test_an_unknown_or_other_tenants_customer_is_not_found(ctx, database):
    other = Account(database).context()
    stranger = customers.create(other, {"name": "Stranger"}).id
    for reference in (stranger, 999_999_999, "oc_cu_nothing"):
        with pytest.raises(NotFound):
            statement(ctx, reference)


def test_a_balance_forward_statement_reads_a_long_ledger_at_once(ctx, customer):
    day = today() - timedelta(days=300)
    for step in range(30):
        billed = invoice(ctx, customer, 10, day + timedelta(days=step * 10))
        pay(ctx, customer, "12", {"type": "invoice", "invoice": billed.id, "amount": "12"},
            on=day + timedelta(days=step * 10 + 1))
    found = statement(ctx, customer, type="balance_forward", start=day)
    assert len(found.lines) == 60 and found.closing_balance == found.balance_due == 0


# A random ledger, built through the services, agrees with the balance in both statement types.

CURRENCIES = ("EUR", "USD")
shift = st.integers(-3, 5)  # days from the ledger's current day: some payments and notes are dated ahead
paying = st.tuples(st.just("pay"), st.sampled_from(("invoice", "credit", "applied_credit", "credit_note",
                                                   "unapplied")),
                   st.integers(0, 12), st.integers(0, 12), st.integers(10, 150), st.sampled_from(CURRENCIES), shift)
operation = st.one_of(
    paying, paying, paying,
    st.tuples(st.just("invoice"), st.integers(1, 500), st.integers(0, 60), st.sampled_from(CURRENCIES)),
    st.tuples(st.just("credit_note"), st.integers(1, 300), st.integers(0, 12), st.booleans(),
              st.sampled_from(CURRENCIES), shift),
    st.tuples(st.just("void_payment"), st.integers(0, 12)),
    st.tuples(st.just("void_invoice"), st.integers(0, 12)),
    st.tuples(st.just("void_credit_note"), st.integers(0, 12)),
    st.tuples(st.just("adjust"), st.integers(-200, 300), st.sampled_from(CURRENCIES), shift),
    st.tuples(st.just("next_day"), st.integers(1, 20)),
)


def build(ctx, customer: int, operations, first_day: date) -> None:
    """Each operation acts on what exists, picked by index among what it may act on, for amounts
    in proportion to what is left; what the ledger still refuses (voiding a payment whose credit
    was spent…) is skipped, as a user would be refused."""
    day = first_day

    currency_of: dict[int, str] = {}

    def documents(kind: str, currency: str | None = None, open_only: bool = False, untouched: bool = False):
        found = []
        with ctx.unit_of_work(write=False) as uow:
            for code in (currency,) if currency else CURRENCIES:
                for document in uow.invoices.statement_documents(customer, code):
                    currency_of[document.id] = code
                    found.append(document)
        return [d for d in found if d.kind == kind and not d.voided and (not open_only or d.open_amount > 0)
                and (not untouched or d.paid == d.credited == 0)]

    def pick(found: list, index: int):
        return found[index % len(found)] if found else None

    def step(op) -> None:
        nonlocal day
        name = op[0]
        if name == "next_day":
            day = min(day + timedelta(days=op[1]), today() + timedelta(days=1))  # tomorrow: not owed yet
        elif name == "invoice":
            _, cost, terms, currency = op
            invoice(ctx, customer, cost, day, due=day + timedelta(days=terms), currency=currency)
        elif name == "credit_note":
            _, cost, which, credits, currency, ahead = op
            target = pick(documents(INVOICE, currency), which) if credits else None
            credit_note(ctx, customer, cost, day + timedelta(days=ahead), currency,
                        **({"invoice": target.id} if target else {}))
        elif name == "pay":
            _, kind, which, note_index, percent, currency, ahead = op
            on = day + timedelta(days=ahead)
            target = pick(documents(INVOICE, open_only=True), which)
            if target is not None and kind != "credit":
                currency = currency_of[target.id]
            if kind == "unapplied" or (kind == "invoice" and target is None):
                pay(ctx, customer, percent, on=on, currency=currency)
            elif kind == "credit":
                pay(ctx, customer, percent, {"type": "credit", "amount": percent}, on=on, currency=currency)
            elif kind == "invoice":
                amount = max(target.open_amount * percent // 100, 1) / 100  # above 100%: the rest is credit
                pay(ctx, customer, amount, {"type": "invoice", "invoice": target.id, "amount": amount}, on=on,
                    currency=currency)
            elif kind == "applied_credit" and target is not None:
                available = balances.balance(ctx, customer, currency).available_credits
                amount = min(target.open_amount * min(percent, 100) // 100, available)
                if amount > 0:
                    pay(ctx, customer, 0, {"type": "applied_credit", "invoice": target.id, "amount": amount / 100},
                        on=on, currency=currency)
            elif kind == "credit_note":
                note = pick(documents(CREDIT_NOTE, open_only=True), note_index)
                currency = currency_of[note.id] if note else currency
                target = pick(documents(INVOICE, currency, open_only=True), which)
                amount = min(target.open_amount * min(percent, 100) // 100, note.open_amount) if target and note else 0
                if amount > 0:
                    pay(ctx, customer, 0, {"type": "credit_note", "invoice": target.id, "credit_note": note.id,
                                           "amount": amount / 100}, on=on, currency=currency)
        elif name == "void_payment":
            standing = [p for code in CURRENCIES for p in standing_payments(ctx, customer, code)]
            if standing:
                payments.void(ctx, pick(standing, op[1]).id)
        elif name == "void_invoice":
            target = pick(documents(INVOICE, untouched=True), op[1])
            if target is not None:
                cancelling.void_invoice(ctx, target.id)
        elif name == "void_credit_note":
            target = pick(documents(CREDIT_NOTE), op[1])
            if target is not None:
                cancelling.void_invoice(ctx, target.id, kind=CREDIT_NOTE_DOCUMENT)
        elif name == "adjust" and op[1]:
            payments.adjust_credit(ctx, {"customer": customer, "amount": op[1], "currency": op[2],
                                         "date": day + timedelta(days=op[3])})

    for op in operations:
        try:
            step(op)
        except BillbookError:
            pass


def standing_payments(ctx, customer: int, currency: str):
    with ctx.unit_of_work(write=False) as uow:
        return uow.payments.statement_payments(customer, currency)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(operations=st.lists(operation, min_size=15, max_size=40), split=st.integers(0, 120))
def test_statements_of_a_random_ledger_agree_with_the_balance_in_every_currency(database, operations, split):
    ctx = Account(database).context()
    customer = customers.create(ctx, {"name": "Random", "country": "FR", "currency": "EUR"}).id
    first_day = today() - timedelta(days=120)
    build(ctx, customer, operations, first_day)
    for currency in CURRENCIES:
        open_item = statement(ctx, customer, currency=currency)
        assert_agrees_with_balance(ctx, customer, open_item, currency)
        shown = balances.balance(ctx, customer, currency)
        assert sum(line.amount for line in open_item.lines if line.kind == INVOICE) == shown.total_outstanding
        assert sum(line.amount for line in open_item.lines if line.kind == CREDIT_NOTE) == -shown.open_credit_notes
        assert open_item.aging.total == shown.total_outstanding

        whole = statement(ctx, customer, type="balance_forward", start=first_day - timedelta(days=5),
                          currency=currency)
        assert_agrees_with_balance(ctx, customer, whole, currency)
        assert whole.previous_balance == 0
        assert whole.closing_balance == whole.balance_due == shown.total_outstanding - shown.open_credit_notes \
            - shown.available_credits
        assert whole.closing_balance == whole.previous_balance + whole.total_invoiced - whole.total_paid \
            - whole.total_credited
        assert [line.balance for line in whole.lines] == [
            sum(line.amount for line in whole.lines[:index + 1]) for index in range(len(whole.lines))]
        assert whole.aging.total == shown.total_outstanding

        middle = first_day + timedelta(days=split)
        before = statement(ctx, customer, type="balance_forward", start=first_day - timedelta(days=5),
                           end=middle - timedelta(days=1), currency=currency)
        after = statement(ctx, customer, type="balance_forward", start=middle, currency=currency)
        assert after.previous_balance == before.closing_balance
        assert after.closing_balance == whole.closing_balance
        assert len(before.lines) + len(after.lines) == len(whole.lines)
