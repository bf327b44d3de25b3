"""Payment sources: what may be kept of a customer's card or bank account, and never a card number."""

from datetime import datetime, timezone

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.payment_sources import MAX_EXPIRY_YEAR, PaymentSource, clean_changes, new_payment_source

NOW = datetime(2015, 2, 1, 9, 30, tzinfo=timezone.utc)
VISA = "4242424242424242"  # Luhn-valid test card numbers
MASTERCARD = "5555555555554444"


def source(**changes) -> PaymentSource:
    return new_payment_source(clean_changes(changes), customer_id=1, public_id="oc_ps_test", now=NOW)


# Card numbers.

@pytest.mark.parametrize("field, value, param", [
    ("reference", VISA, "reference"),
    ("reference", "4242 4242 4242 4242", "reference"),
    ("reference", "4242-4242-4242-4242", "reference"),
    ("reference", f"card:{VISA};cvc:123", "reference"),
    ("reference", f"tok_{MASTERCARD}", "reference"),
    ("type", VISA, "type"),
    ("gateway", f"x{VISA}", "gateway"),
    ("details", {"brand": "Visa", "note": "4242 4242 4242 4242"}, "details[note]"),
    ("details", {"number": MASTERCARD}, "details[number]"),
    ("details", {"note": f"{VISA} exp 12/27"}, "details[note]"),
])
def test_a_full_card_number_anywhere_is_refused(field, value, param):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: value})
    assert raised.value.param == param and "card number" in raised.value.message


@pytest.mark.parametrize("reference", [
    "4242424242424241",  # fails the Luhn check
    "card_1029383qsfqs",
    "123456789012",
    "FR7630006000011234567890189",
    "cus_4242",
])
def test_references_that_are_not_card_numbers_are_kept(reference):
    assert clean_changes({"reference": reference}) == {"reference": reference}


@pytest.mark.parametrize("text", [
    "4242 4242 4242 4242 123",  # with its security code
    "Visa 4242 4242 4242 4242 12 2027",
    f"order 12 {VISA}",
    f"pm-{VISA}-1",
])
def test_a_card_number_next_to_other_digits_is_refused(text):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"details": {"note": text}})
    assert raised.value.param == "details[note]"


# What may be shown of it.

def test_last4_of_four_digits_is_kept():
    assert clean_changes({"details": {"brand": "Visa", "last4": "4242"}}) == {
        "details": {"brand": "Visa", "last4": "4242"}}


@pytest.mark.parametrize("last4", ["424", "42424", "abcd", "42 4", ""])
def test_last4_must_be_four_digits(last4):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"details": {"last4": last4}})
    assert raised.value.param == "details[last4]"


@pytest.mark.parametrize("month", [1, 6, 12])
def test_an_expiry_month_from_1_to_12_is_kept(month):
    assert clean_changes({"exp_month": month}) == {"exp_month": month}


@pytest.mark.parametrize("month", [0, 13, -1])
def test_an_expiry_month_outside_1_to_12_is_refused(month):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"exp_month": month})
    assert raised.value.param == "exp_month"


@pytest.mark.parametrize("year", [1900, 2027, MAX_EXPIRY_YEAR])
def test_an_expiry_year_of_four_digits_up_to_the_maximum_is_kept(year):
    assert clean_changes({"exp_year": year}) == {"exp_year": year}


@pytest.mark.parametrize("year", [27, 1899, MAX_EXPIRY_YEAR + 1, 20270])
def test_an_expiry_year_outside_its_bounds_is_refused(year):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"exp_year": year})
    assert raised.value.param == "exp_year"


def test_the_country_is_kept_in_upper_case():
    assert clean_changes({"country": "fr"}) == {"country": "FR"}


# What it can be charged as.

@pytest.mark.parametrize("type_, kind", [
    ("Credit Card", "card"),
    ("credit card", "card"),
    ("Debit Card", "card"),
    ("card", "card"),
    ("Transfer", "bank_account"),
    ("SEPA Direct Debit", "bank_account"),
    ("bank_account", "bank_account"),
    ("ACH", "bank_account"),
    ("Check", "other"),
    ("Cash", "other"),
    ("PayPal", "other"),
])
def test_the_kind_follows_the_type_whatever_its_case(type_, kind):
    assert source(type=type_).kind == kind


def test_the_type_is_trimmed():
    assert source(type="  Credit Card ").type == "Credit Card"


def test_a_source_needs_a_type():
    with pytest.raises(InvalidParam) as raised:
        new_payment_source({"reference": "card_1"}, customer_id=1, public_id="oc_ps_test", now=NOW)
    assert raised.value.param == "type"
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"type": None})
    assert raised.value.param == "type"


@pytest.mark.parametrize("field", ["id", "public_id", "customer_id", "created_at"])
def test_fields_a_caller_cannot_set_are_refused(field):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: "x"})
    assert raised.value.param == field
