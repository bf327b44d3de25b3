from datetime import datetime, timezone
from decimal import Decimal

import pytest

from billbook.domain import customers
from billbook.domain.errors import InvalidParam

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def new(**changes):
    return customers.new_customer(customers.clean_changes(changes), number="CUST-00001", public_id="oc_cu_x",
                                  portal_token="t", now=NOW)


def test_a_new_customer_has_the_documented_defaults():
    customer = new(name="Acme")
    assert (customer.type, customer.chase, customer.taxable, customer.autopay, customer.credit_hold) == (
        "company", True, True, False, False)
    assert customer.metadata == {} and customer.taxes == [] and customer.number == "CUST-00001"
    assert customer.created_at == customer.updated_at == NOW


def test_a_customer_may_have_no_name_but_never_a_blank_one():
    assert new().name is None
    with pytest.raises(InvalidParam) as raised:
        new(name="   ")
    assert raised.value.param == "name"


def test_business_type_defaults_to_b2b_with_a_tax_id_and_b2c_without():
    assert new().business_type == "B2C"
    assert new(vat_number="FR60528551658").business_type == "B2B"
    assert new(vat_number="FR60528551658", business_type="b2c").business_type == "B2C"


def test_a_vat_number_must_pass_its_checksum_and_gains_its_country_prefix():
    assert new(vat_number="605 285 516 58", country="FR").tax_id == "FR60528551658"
    for wrong in ("FR60528551659", "12345"):
        with pytest.raises(InvalidParam) as raised:
            new(vat_number=wrong, country="FR")
        assert raised.value.param == "vat_number"


def test_sources_are_references_with_an_identifier():
    source = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_1"}
    assert new(sources=[source]).sources == [source]
    for wrong, param in (([{"gateway": "stripe"}], "sources[0][identifier]"),
                         ([{"identifier": "x", "colour": "red"}], "sources[0][colour]"),
                         (["cus_1"], "sources[0]")):
        with pytest.raises(InvalidParam) as raised:
            new(sources=wrong)
        assert raised.value.param == param


def test_values_are_normalised():
    customer = new(name=" Acme ", email="Billing@AcmeCorp.com", country="France", currency="usd", language="EN")
    assert (customer.name, customer.country, customer.currency, customer.language) == ("Acme", "FR", "USD", "en")
    assert customer.email == "Billing@acmecorp.com"


@pytest.mark.parametrize("field, value", [
    ("email", "not-an-email"), ("type", "robot"), ("country", "Atlantis"), ("currency", "XYZ"),
    ("language", "klingon"), ("credit_limit", Decimal("-1")), ("autopay_delay_days", -2), ("number", " "),
    ("number", "X" * 33),
])
def test_invalid_values_name_their_parameter(field, value):
    with pytest.raises(InvalidParam) as raised:
        customers.clean_changes({field: value})
    assert raised.value.param == field


def test_null_for_a_field_with_a_default_means_not_sent():
    # The Go client sends null for unset pointers; curl sends `-d number=` for "no value".
    assert customers.clean_changes({"number": None, "type": None, "chase": None, "taxable": None}) == {}
    assert new(name="Acme", autopay=None).autopay is False


@pytest.mark.parametrize("field, value, param", [
    ("name", "x" * 256, "name"), ("phone", "1" * 51, "phone"), ("notes", "n" * 10_001, "notes"),
    ("owner", 2**31, "owner"), ("autopay_delay_days", -1, "autopay_delay_days"),
    ("credit_limit", Decimal("1e20"), "credit_limit"), ("credit_limit", Decimal("Infinity"), "credit_limit"),
    ("taxes", ["t" * 51], "taxes[0]"),
])
def test_values_beyond_what_is_kept_are_refused(field, value, param):
    with pytest.raises(InvalidParam) as raised:
        customers.clean_changes({field: value})
    assert raised.value.param == param


def test_amounts_are_rounded_half_up_to_the_cent():
    assert customers.clean_changes({"credit_limit": Decimal("10.005")})["credit_limit"] == Decimal("10.01")
    assert customers.clean_changes({"credit_limit": Decimal("0.001")})["credit_limit"] == Decimal("0.00")


def test_filter_values_are_normalised_like_inputs():
    assert customers.filter_value("country", "fr") == "FR"
    assert customers.filter_value("currency", "usd") == "USD"
    assert customers.filter_value("autopay", "1") is True
    assert customers.filter_value("name", "acme") == "acme"


def test_clearing_lists_and_metadata_leaves_them_empty():
    assert customers.clean_changes({"metadata": None, "taxes": None, "notes": None}) == {
        "metadata": {}, "taxes": [], "notes": None}


def test_changes_keep_identity_and_move_updated_at():
    customer = new(name="Acme")
    later = datetime(2026, 2, 1, tzinfo=timezone.utc)
    changed = customer.with_changes({"city": "Paris"}, later)
    assert changed.city == "Paris" and changed.updated_at == later and changed.created_at == NOW
    assert customer.city is None


def test_generated_numbers_are_zero_padded():
    assert customers.format_number(1) == "CUST-00001"
    assert customers.format_number(123456) == "CUST-123456"


def test_ledger_fields_are_not_editable():
    with pytest.raises(InvalidParam):
        customers.clean_changes({"id": 4})
    assert "metadata" not in customers.FILTERABLE_FIELDS and "id" in customers.SORTABLE_FIELDS
