from datetime import datetime
from decimal import Decimal

import pytest

from billbook.domain.accounts import Account, change_details, clean_details
from billbook.domain.errors import InvalidParam


def test_company_details_are_validated_and_compacted():
    cleaned = clean_details({"name": " Acme SAS ", "country": "France", "vat_number": "FR 60 528551658",
                             "siret": "732 829 320 00074", "capital_stock": "1000", "legal_form": "SAS"})
    assert cleaned == {"name": "Acme SAS", "country": "FR", "vat_number": "FR60528551658",
                       "siret": "73282932000074", "capital_stock": Decimal("1000"), "legal_form": "SAS"}


@pytest.mark.parametrize("field, value", [
    ("vat_number", "FR00000000000"), ("siret", "12345678901234"), ("capital_stock", "lots"),
    ("capital_stock", "-5"), ("currency", "ABC"), ("country", "Nowhere"),
])
def test_invalid_details_name_the_field(field, value):
    with pytest.raises(InvalidParam) as raised:
        clean_details({"name": "Acme", "country": "FR", field: value})
    assert raised.value.param == field


def test_name_and_country_are_required():
    with pytest.raises(InvalidParam) as raised:
        clean_details({"country": "FR"})
    assert raised.value.param == "name"
    with pytest.raises(InvalidParam) as raised:
        clean_details({"name": "Acme"})
    assert raised.value.param == "country"


def test_text_is_stripped_and_a_blank_optional_detail_is_left_out():
    cleaned = clean_details({"name": "Acme", "country": "FR", "city": "   ", "zip": " 75002 ", "legal_form": "\t"})
    assert cleaned == {"name": "Acme", "country": "FR", "zip": "75002"}


@pytest.mark.parametrize("field", ["name", "country", "currency"])
def test_a_blank_required_detail_is_refused_naming_it(field):
    with pytest.raises(InvalidParam) as raised:
        clean_details({"name": "Acme", "country": "FR", field: "  "})
    assert raised.value.param == field


def test_an_unknown_detail_is_refused_naming_it():
    with pytest.raises(InvalidParam) as raised:
        clean_details({"name": "Acme", "country": "FR", "town": "Lyon"})
    assert raised.value.param == "town"


def test_only_a_french_account_has_a_siret():
    assert clean_details({"name": "Acme", "country": "FR", "siret": "73282932000074"})["siret"] == "73282932000074"
    with pytest.raises(InvalidParam) as raised:
        clean_details({"name": "Acme Inc", "country": "US", "siret": "73282932000074"})
    assert raised.value.param == "siret" and "US" in raised.value.message


WHEN = datetime(2026, 3, 2, 9, 30)
FRENCH = Account(id=1, name="Acme SAS", country="FR", created_at=WHEN, siret="73282932000074", city="Paris",
                 zip="75002")


def test_a_change_keeps_the_other_details_and_a_blank_value_clears_an_optional_one():
    changed = change_details(FRENCH, {"city": "  Lyon ", "zip": "   "})
    assert (changed.city, changed.zip, changed.siret, changed.id, changed.created_at) == (
        "Lyon", None, "73282932000074", 1, WHEN)


@pytest.mark.parametrize("field", ["name", "country", "currency", "eservice_default"])
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_a_required_detail_cannot_be_cleared(field, empty):
    with pytest.raises(InvalidParam) as raised:
        change_details(FRENCH, {field: empty})
    assert raised.value.param == field


def test_an_unknown_change_is_refused_naming_it():
    for key in ("town", "id", "created_at"):
        with pytest.raises(InvalidParam) as raised:
            change_details(FRENCH, {key: "x"})
        assert raised.value.param == key


def test_leaving_france_asks_for_the_siret_to_be_cleared():
    with pytest.raises(InvalidParam) as raised:
        change_details(FRENCH, {"country": "DE"})
    assert raised.value.param == "siret"
    moved = change_details(FRENCH, {"country": "DE", "siret": ""})
    assert (moved.country, moved.siret) == ("DE", None)
