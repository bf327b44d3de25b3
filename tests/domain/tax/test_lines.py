"""Line amounts in integer cents, rounded half-up per line (the Octobat seed examples)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billbook.domain.tax.lines import LineAmounts, from_tax_excluded, from_tax_included

# --- The seed figures. ---

def test_1000_tax_included_at_20_percent_is_833_before_tax():
    assert from_tax_included(1000, Decimal("20")) == LineAmounts(extratax=833, tax=167, gross=1000)


def test_2000_tax_included_at_10_percent_is_1818_before_tax():
    assert from_tax_included(2000, Decimal("10")) == LineAmounts(extratax=1818, tax=182, gross=2000)


def test_4000_tax_excluded_at_20_percent_is_4800_gross():
    assert from_tax_excluded(4000, Decimal("20")) == LineAmounts(extratax=4000, tax=800, gross=4800)


def test_19900_tax_excluded_at_22_percent_carries_4378_tax():
    assert from_tax_excluded(19900, Decimal("22")) == LineAmounts(extratax=19900, tax=4378, gross=24278)


# --- Half-up at exact halves (banker's rounding would go to the even cent instead). ---

@pytest.mark.parametrize("extratax, rate, tax", [
    (5, "10", 1),  # 0.5
    (15, "10", 2),  # 1.5
    (25, "10", 3),  # 2.5: half-even would give 2
    (45, "10", 5),  # 4.5: half-even would give 4
    (10, "25", 3),  # 2.5
    (50, "5", 3),  # 2.5
    (250, "5.5", 14),  # 13.75
    (4, "10", 0),  # 0.4: below the half
    (24, "10", 2),  # 2.4
    (26, "10", 3),  # 2.6
])
def test_tax_on_a_tax_excluded_line_rounds_half_up(extratax, rate, tax):
    assert from_tax_excluded(extratax, Decimal(rate)) == LineAmounts(extratax, tax, extratax + tax)


@pytest.mark.parametrize("gross, rate, extratax", [
    (3, "20", 3),  # 2.5: half-even would give 2
    (15, "20", 13),  # 12.5: half-even would give 12
    (27, "20", 23),  # 22.5
    (9, "20", 8),  # 7.5
    (1200, "20", 1000),  # exact
    (1099, "10", 999),  # 999.09…
])
def test_the_amount_before_tax_of_a_tax_included_line_rounds_half_up(gross, rate, extratax):
    assert from_tax_included(gross, Decimal(rate)) == LineAmounts(extratax, gross - extratax, gross)


def test_a_fractional_rate_is_exact():
    # 1000 × 25.5 % = 255 exactly; 1255 / 1.255 = 1000 exactly.
    assert from_tax_excluded(1000, Decimal("25.5")).tax == 255
    assert from_tax_included(1255, Decimal("25.5")).extratax == 1000


# --- Zero rate and zero amount. ---

@pytest.mark.parametrize("amount", [0, 1, 833, 4000, 10**12])
def test_a_zero_rate_carries_no_tax(amount):
    assert from_tax_excluded(amount, Decimal("0")) == LineAmounts(amount, 0, amount)
    assert from_tax_included(amount, Decimal("0")) == LineAmounts(amount, 0, amount)


def test_a_zero_amount_carries_no_tax():
    assert from_tax_excluded(0, Decimal("20")) == LineAmounts(0, 0, 0)
    assert from_tax_included(0, Decimal("20")) == LineAmounts(0, 0, 0)


def test_amounts_are_integer_cents():
    amounts = from_tax_included(1000, Decimal("20"))
    assert all(type(value) is int for value in (amounts.extratax, amounts.tax, amounts.gross))
    amounts = from_tax_excluded(19900, Decimal("22"))
    assert all(type(value) is int for value in (amounts.extratax, amounts.tax, amounts.gross))


# --- Properties, over every shipped rate and arbitrary ones. ---

# Every rate the reference and the shipped data name, standard and reduced.
KNOWN_RATES = [Decimal(rate) for rate in ("0", "2.1", "5", "5.5", "7", "10", "16", "17", "18", "19", "20", "21",
                                          "22", "23", "24", "25", "25.5", "27")]
rates = st.one_of(st.sampled_from(KNOWN_RATES),
                  st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False))
cents = st.integers(min_value=0, max_value=10**12)


@given(amount=cents, rate=rates)
def test_before_tax_plus_tax_is_always_the_gross(amount, rate):
    for line in (from_tax_excluded(amount, rate), from_tax_included(amount, rate)):
        assert line.extratax + line.tax == line.gross


@given(amount=cents, rate=rates)
def test_tax_is_never_negative(amount, rate):
    assert from_tax_excluded(amount, rate).tax >= 0
    assert from_tax_included(amount, rate).tax >= 0


@given(amount=cents, rate=rates)
def test_the_amount_given_is_kept(amount, rate):
    assert from_tax_excluded(amount, rate).extratax == amount
    assert from_tax_included(amount, rate).gross == amount


@given(gross=cents, rate=rates)
def test_a_tax_included_line_recomputed_tax_excluded_is_within_a_cent_of_its_gross(gross, rate):
    extratax = from_tax_included(gross, rate).extratax
    assert abs(from_tax_excluded(extratax, rate).gross - gross) <= 1


@given(extratax=cents, rate=rates)
def test_tax_on_a_tax_excluded_line_is_within_half_a_cent_of_the_exact_tax(extratax, rate):
    exact = Decimal(extratax) * rate / 100
    assert abs(from_tax_excluded(extratax, rate).tax - exact) <= Decimal("0.5")
