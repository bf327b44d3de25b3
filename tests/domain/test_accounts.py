from decimal import Decimal

import pytest

from billbook.domain.accounts import clean_details
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
