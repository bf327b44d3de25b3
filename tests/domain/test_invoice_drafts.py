"""Invoice drafts written the Invoiced way: due dates from payment terms, amounts in cents, lines
priced quantity × unit cost, and discounts shared across the lines they may come off."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billbook.domain.errors import InvalidParam
from billbook.domain.invoice_drafts import MAX_LINES, cents, clean_discounts, clean_lines, due_date


def line(**fields):
    return {"name": "Consulting", **fields}


def refused(call, *args):
    with pytest.raises(InvalidParam) as raised:
        call(*args)
    return raised.value


# due_date: payment terms set the due date.

@pytest.mark.parametrize(("terms", "issued_on", "due_on"), [
    ("NET 30", date(2024, 3, 1), date(2024, 3, 31)),
    ("NET 30", date(2024, 1, 15), date(2024, 2, 14)),
    ("NET 30", date(2024, 2, 15), date(2024, 3, 16)),  # 2024 is a leap year
    ("NET 30", date(2023, 2, 15), date(2023, 3, 17)),
    ("net 15", date(2024, 12, 20), date(2025, 1, 4)),
    ("Net 60", date(2024, 11, 30), date(2025, 1, 29)),
    ("NET0", date(2024, 5, 17), date(2024, 5, 17)),
    (" NET 7 ", date(2024, 12, 31), date(2025, 1, 7)),
    ("Due on receipt", date(2024, 6, 30), date(2024, 6, 30)),
    ("due upon receipt", date(2024, 12, 31), date(2024, 12, 31)),
    ("DUE ON RECEIPT", date(2025, 1, 1), date(2025, 1, 1)),
])
def test_net_terms_fall_n_days_after_issue_and_due_on_receipt_on_the_day(terms, issued_on, due_on):
    assert due_date(terms, issued_on) == due_on


@pytest.mark.parametrize("terms", ["COD", "", None, "NET thirty", "NET", "30", "Due later", "NET 30 EOM"])
def test_other_payment_terms_set_no_due_date(terms):
    assert due_date(terms, date(2024, 3, 1)) is None


# cents(): major units as integer cents, rounded half-up.

@pytest.mark.parametrize(("amount", "in_cents"), [
    (12.345, 1235),
    ("12.345", 1235),
    ("12.344", 1234),
    ("0.005", 1),
    ("0.004999", 0),
    ("0.015", 2),
    ("10", 1000),
    (10, 1000),
    (Decimal("19.99"), 1999),
    (" 7.5 ", 750),
    ("0", 0),
    ("1.123456", 112),  # six decimals are the most a number may carry
    ("10000000000000", 1_000_000_000_000_000),  # the largest amount accepted
])
def test_cents_rounds_major_units_half_up(amount, in_cents):
    assert cents("unit_cost", amount) == in_cents


@pytest.mark.parametrize("amount", ["-0.01", -1, "10000000000000.01", 10**14])
def test_negative_and_too_large_amounts_are_refused_naming_the_param(amount):
    assert refused(cents, "discounts[0][amount]", amount).param == "discounts[0][amount]"


@pytest.mark.parametrize("amount", ["1e22", "1e30", 10**30])
def test_absurdly_large_amounts_are_refused_naming_the_param(amount):
    assert refused(cents, "unit_cost", amount).param == "unit_cost"


@pytest.mark.parametrize("amount", ["abc", "", "12,50", "1.2.3", True, False, None, [], {}, "NaN", "Infinity", "-inf"])
def test_non_numbers_are_refused(amount):
    assert refused(cents, "amount", amount).param == "amount"


@pytest.mark.parametrize("amount", ["0.0000001", "1.1234567", "1e-7"])
def test_more_than_six_decimals_are_refused(amount):
    error = refused(cents, "amount", amount)
    assert error.param == "amount"
    assert "six decimals" in error.message


# clean_lines(): a line's amount is quantity × unit cost, to the cent.

@pytest.mark.parametrize(("quantity", "unit_cost", "amount"), [
    (3, "33.333", 10000),  # 99.999 rounds up to 100.00
    ("1.5", "0.01", 2),  # 0.015 rounds half-up to 0.02
    ("1.5", "0.0099", 1),  # 0.01485 rounds down
    (2, "19.99", 3998),
    ("0.5", "0.01", 1),  # 0.005 rounds half-up
    ("0.25", "0.01", 0),
    (0, "100", 0),
    (1, 0, 0),
    ("2", "0.125", 25),
])
def test_line_amount_is_quantity_times_unit_cost_rounded_half_up_to_the_cent(quantity, unit_cost, amount):
    drafted, = clean_lines([line(quantity=quantity, unit_cost=unit_cost)])
    assert drafted.amount == amount
    assert drafted.quantity == Decimal(str(quantity))
    assert drafted.unit_cost == Decimal(str(unit_cost))


def test_a_line_whose_amount_would_pass_ten_thousand_billion_is_refused():
    with pytest.raises(InvalidParam) as raised:
        clean_lines([line(quantity="808772689.320276", unit_cost="3232655583310.925067")])
    assert raised.value.param == "items[0][unit_cost]"


def test_a_large_line_amount_is_rounded_once_to_the_cent():
    drafted, = clean_lines([line(quantity="999999.999999", unit_cost="9999999.999999")])
    # Exactly 9999999999989.000000000001 in major units: 999999999998900 cents, no double rounding.
    assert drafted.amount == 999999999998900


@pytest.mark.parametrize("missing", [{}, {"quantity": None}, {"quantity": ""}])
def test_quantity_defaults_to_one(missing):
    drafted, = clean_lines([line(unit_cost="12.50", **missing)])
    assert drafted.quantity == 1
    assert drafted.amount == 1250


def test_a_free_line_is_allowed():
    drafted, = clean_lines([line(quantity=4, unit_cost=0)])
    assert (drafted.amount, drafted.discount) == (0, 0)


def test_lines_are_discountable_and_taxable_unless_told_otherwise():
    plain, exempt = clean_lines([line(unit_cost=1), line(unit_cost=1, discountable=False, taxable="false")])
    assert (plain.discountable, plain.taxable) == (True, True)
    assert (exempt.discountable, exempt.taxable) == (False, False)


def test_a_line_discount_is_given_in_major_units_and_kept_in_cents():
    drafted, = clean_lines([line(quantity=2, unit_cost=10, discounts=[{"amount": 1}, {"amount": "0.50"}])])
    assert (drafted.amount, drafted.discount) == (2000, 150)


def test_a_line_discount_may_take_the_whole_line():
    drafted, = clean_lines([line(unit_cost=10, discounts=[{"amount": 10}])])
    assert drafted.discount == drafted.amount == 1000


def test_a_discount_on_a_line_that_is_not_discountable_is_refused():
    error = refused(clean_lines, [line(unit_cost=10), line(unit_cost=10, discountable=False,
                                                            discounts=[{"amount": 1}])])
    assert error.param == "items[1][discounts]"


def test_a_line_discount_above_the_line_amount_is_refused():
    error = refused(clean_lines, [line(unit_cost=10, discounts=[{"amount": "10.01"}])])
    assert error.param == "items[0][discounts]"


def test_a_line_discount_with_a_coupon_is_refused():
    error = refused(clean_lines, [line(unit_cost=10, discounts=[{"coupon": "SPRING"}])])
    assert error.param == "items[0][discounts][0]"


@pytest.mark.parametrize(("index", "fields", "param"), [
    (0, {"colour": "red"}, "items[0][colour]"),
    (1, {"price": 5}, "items[1][price]"),
    (0, {"taxes": [{"amount": 1}]}, "items[0][taxes]"),
    (0, {"taxes": [{"tax_rate": "vat"}]}, "items[0][taxes]"),
    (0, {"name": ""}, "items[0][name]"),
    (0, {"name": "   "}, "items[0][name]"),
    (0, {"name": None}, "items[0][name]"),
    (1, {"quantity": -1}, "items[1][quantity]"),
    (0, {"quantity": "-0.5"}, "items[0][quantity]"),
    (0, {"quantity": "1000000000.000001"}, "items[0][quantity]"),
    (0, {"quantity": "two"}, "items[0][quantity]"),
    (0, {"unit_cost": "-0.01"}, "items[0][unit_cost]"),
    (0, {"unit_cost": "10000000000000.01"}, "items[0][unit_cost]"),
    (0, {"unit_cost": "0.0000001"}, "items[0][unit_cost]"),
    (0, {"discountable": "maybe"}, "items[0][discountable]"),
])
def test_a_bad_line_is_refused_naming_the_field(index, fields, param):
    items = [line(unit_cost=1), line(unit_cost=1)]
    items[index] = {**items[index], **fields}
    assert refused(clean_lines, items).param == param


def test_a_line_without_a_name_is_refused():
    assert refused(clean_lines, [{"quantity": 1, "unit_cost": 1}]).param == "items[0][name]"


def test_empty_taxes_are_accepted_since_vat_is_computed():
    drafted, = clean_lines([line(unit_cost=1, taxes=[])])
    assert drafted.amount == 100


def test_fields_an_invoiced_client_echoes_back_are_accepted():
    drafted, = clean_lines([line(unit_cost=1, id=42, object="line_item", amount=1, type="service",
                                 catalog_item=None, description="March", metadata={"ref": "A1"})])
    assert (drafted.description, drafted.metadata) == ("March", {"ref": "A1"})


def test_at_most_500_lines():
    assert len(clean_lines([line(unit_cost=1)] * MAX_LINES)) == 500
    assert refused(clean_lines, [line(unit_cost=1)] * (MAX_LINES + 1)).param == "items"


@pytest.mark.parametrize("items", [line(unit_cost=1), "Consulting", 3, ({"name": "a"},)])
def test_lines_must_be_a_list(items):
    assert refused(clean_lines, items).param == "items"


@pytest.mark.parametrize("items", [[line(unit_cost=1), "Consulting"], [None]])
def test_each_line_must_be_an_object(items):
    assert refused(clean_lines, items).param == f"items[{len(items) - 1}]"


@pytest.mark.parametrize("items", [None, "", []])
def test_no_lines_is_an_empty_draft(items):
    assert clean_lines(items) == []


# An invoice-level discount is shared across the discountable lines.

def discounts_of(items, discount):
    return [drafted.discount for drafted in clean_lines(items, discount)]


def test_an_invoice_discount_is_shared_in_proportion_to_the_lines():
    assert discounts_of([line(unit_cost=100), line(unit_cost=300)], 2000) == [500, 1500]


def test_an_invoice_discount_is_shared_in_proportion_to_what_remains_after_line_discounts():
    items = [line(unit_cost=10, discounts=[{"amount": 5}]), line(unit_cost=5)]
    # 5.00 remains of each, so each takes half of the 1.00 on top of its own discount.
    assert discounts_of(items, 100) == [550, 50]


def test_non_discountable_lines_take_no_share():
    items = [line(unit_cost=100, discountable=False), line(unit_cost=50), line(unit_cost=150)]
    assert discounts_of(items, 2000) == [0, 500, 1500]


def test_odd_cents_go_to_the_largest_remainders():
    # 1.00 over 1.00 and 2.00 is 0.333… and 0.666…: the odd cent goes to the second line.
    assert discounts_of([line(unit_cost=1), line(unit_cost=2)], 100) == [33, 67]
    # 0.10 over 0.07, 0.01 and 0.05 is 5.38…, 0.76… and 3.84… cents: 5 + 0 + 3, and the two odd cents go to
    # the last two lines.
    assert discounts_of([line(unit_cost="0.07"), line(unit_cost="0.01"), line(unit_cost="0.05")], 10) == [5, 1, 4]


def test_a_discount_of_the_whole_discountable_amount_takes_every_discountable_line_to_zero():
    items = [line(unit_cost="0.07"), line(unit_cost="0.03", discounts=[{"amount": "0.01"}]),
             line(unit_cost=9, discountable=False)]
    assert discounts_of(items, 9) == [7, 3, 0]


def test_sharing_a_discount_keeps_everything_else_about_the_lines():
    items = [line(quantity=2, unit_cost="12.5", description="Audit", taxable=False, metadata={"po": "7"})]
    before, = clean_lines(items)
    after, = clean_lines(items, 500)
    assert (after.name, after.quantity, after.unit_cost, after.amount) == ("Consulting", 2, Decimal("12.5"), 2500)
    assert (after.description, after.taxable, after.discountable, after.metadata) == ("Audit", False, True, {"po": "7"})
    assert (before.discount, after.discount) == (0, 500)


@pytest.mark.parametrize(("items", "discount"), [
    ([line(unit_cost=10)], 1001),
    ([line(unit_cost=10, discounts=[{"amount": 4}])], 601),
    ([line(unit_cost=10), line(unit_cost=100, discountable=False)], 1001),
    ([line(unit_cost=100, discountable=False)], 1),
    ([], 1),
])
def test_an_invoice_discount_above_the_discountable_amount_is_refused(items, discount):
    assert refused(clean_lines, items, discount).param == "discounts"


lines_strategy = st.lists(
    st.tuples(st.integers(0, 1000), st.integers(0, 10_000_000), st.booleans(), st.integers(0, 100)),
    min_size=1, max_size=12)


@given(lines_strategy, st.data())
def test_an_invoice_discount_is_shared_to_the_cent(specs, data):
    # Quantities in hundredths and unit costs in ten-thousandths, so amounts need rounding.
    priced = [line(quantity=Decimal(quantity) / 100, unit_cost=Decimal(unit_cost) / 10_000, discountable=discountable)
              for quantity, unit_cost, discountable, _ in specs]
    items = []
    for item, drafted, (*_, own_percent) in zip(priced, clean_lines(priced), specs):
        own = drafted.amount * own_percent // 100 if drafted.discountable else 0
        items.append({**item, "discounts": [{"amount": Decimal(own) / 100}]} if own else item)
    alone = clean_lines(items)
    room = sum(drafted.amount - drafted.discount for drafted in alone if drafted.discountable)
    discount = data.draw(st.integers(0, room), label="discount")

    shared = clean_lines(items, discount)

    assert sum(after.discount for after in shared) - sum(before.discount for before in alone) == discount
    for before, after in zip(alone, shared):
        assert after.amount == before.amount
        assert 0 <= after.discount <= after.amount
        share = after.discount - before.discount
        if not after.discountable:
            assert share == 0
        else:
            # In proportion to what remained of the line, give or take the one odd cent.
            assert abs(share * room - discount * (before.amount - before.discount)) < max(room, 1)


# clean_discounts(): discounts given as amounts.

@pytest.mark.parametrize(("discounts", "total"), [
    ([{"amount": 5}], 500),
    ([{"amount": 5}, {"amount": "2.505"}], 751),
    ([{"amount": "0"}], 0),
    ([], 0),
    (None, 0),
    ("", 0),
])
def test_discounts_total_their_amounts_in_cents(discounts, total):
    assert clean_discounts("discounts", discounts) == total


@pytest.mark.parametrize(("discounts", "param"), [
    ([{"coupon": "SPRING"}], "discounts[0]"),
    ([{"amount": 5}, {"amount": 1, "coupon": "SPRING"}], "discounts[1]"),
    ([{"amount": 5, "expires": "2025-01-01"}], "discounts[0]"),
    ([{}], "discounts[0]"),
    ([5], "discounts[0]"),
    ({"amount": 5}, "discounts"),
    ("5", "discounts"),
    ([{"amount": -1}], "discounts[0][amount]"),
    ([{"amount": "five"}], "discounts[0][amount]"),
])
def test_coupons_and_anything_but_amounts_are_refused(discounts, param):
    assert refused(clean_discounts, "discounts", discounts).param == param
