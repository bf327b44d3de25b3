from decimal import Decimal

import pytest

from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import Page, parse_bool, typed_filter


@pytest.mark.parametrize("text, value", [("True", True), ("true", True), ("1", True), ("False", False),
                                         ("false", False), ("0", False)])
def test_booleans_as_every_client_sends_them(text, value):
    assert parse_bool("autopay", text) is value


def test_a_non_boolean_names_the_parameter():
    with pytest.raises(InvalidParam) as raised:
        parse_bool("payment_source", "maybe")
    assert raised.value.param == "payment_source"


def test_filter_values_take_the_fields_type():
    assert typed_filter(Customer, "autopay", "True") is True
    assert typed_filter(Customer, "owner", "12") == 12
    assert typed_filter(Customer, "credit_limit", "10.5") == Decimal("10.5")
    assert typed_filter(Customer, "name", "Acme") == "Acme"
    assert typed_filter(Customer, "email", "None") is None
    with pytest.raises(InvalidParam) as raised:
        typed_filter(Customer, "owner", "twelve")
    assert raised.value.param == "filter[owner]"


def test_page_offsets():
    assert Page(1, 100).offset == 0
    assert Page(3, 25).offset == 50
