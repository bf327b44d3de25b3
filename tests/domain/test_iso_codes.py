import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.iso_codes import country_code, country_name, currency_code, language_code


@pytest.mark.parametrize("given, code", [
    ("FR", "FR"), ("fr", "FR"), (" us ", "US"), ("France", "FR"), ("france", "FR"),
    ("United States", "US"), ("Germany", "DE"), ("FRA", "FR"), ("United Kingdom", "GB"),
])
def test_countries_are_stored_as_alpha_2_whatever_the_spelling(given, code):
    assert country_code("country", given) == code


@pytest.mark.parametrize("given", ["Narnia", "XX", "", "F"])
def test_an_unknown_country_names_the_parameter(given):
    with pytest.raises(InvalidParam) as raised:
        country_code("billing_address_country", given)
    assert raised.value.param == "billing_address_country"


def test_country_names_for_display():
    assert country_name("US") == "United States"
    assert country_name("FR") == "France"


def test_currencies_are_iso_4217_upper_case():
    assert currency_code("currency", "eur") == "EUR"
    with pytest.raises(InvalidParam) as raised:
        currency_code("currency", "EURO")
    assert raised.value.param == "currency"


def test_languages_are_iso_639_1_lower_case():
    assert language_code("language", "FR") == "fr"
    for bad in ("fra", "xx", "french"):
        with pytest.raises(InvalidParam):
            language_code("language", bad)
