"""Territories that share a member state's country code but lie outside the EU VAT area
(Dir. 2006/112/EC art. 6), recognised by the customer's postal code."""

import pytest

from billbook.domain.tax.territories import EU_MEMBER_STATES, in_vat_area, special_territory

SPECIAL_TERRITORIES = [
    ("ES", "35001", "Canary Islands"),  # Las Palmas de Gran Canaria
    ("ES", "38001", "Canary Islands"),  # Santa Cruz de Tenerife
    ("ES", "51001", "Ceuta"),
    ("ES", "52001", "Melilla"),
    ("FI", "22100", "Åland"),  # Mariehamn
    ("GR", "63086", "Mount Athos"),
    ("DE", "78266", "Büsingen am Hochrhein"),
    ("DE", "27498", "Heligoland"),
    ("IT", "23041", "Livigno"),
    ("IT", "22061", "Campione d'Italia"),
    ("FR", "97100", "French overseas department"),  # Guadeloupe
    ("FR", "97200", "French overseas department"),  # Martinique
    ("FR", "97300", "French overseas department"),  # French Guiana
    ("FR", "97400", "French overseas department"),  # Réunion
    ("FR", "97600", "French overseas department"),  # Mayotte
]

ORDINARY_POSTCODES = [
    ("ES", "28001"),  # Madrid
    ("ES", "08001"),  # Barcelona
    ("FI", "00100"),  # Helsinki
    ("GR", "10431"),  # Athens
    ("DE", "10115"),  # Berlin
    ("DE", "78262"),  # Gailingen, Büsingen's neighbour
    ("DE", "27472"),  # Cuxhaven, Heligoland's port on the mainland
    ("IT", "00118"),  # Rome
    ("IT", "22100"),  # Como: Åland's postcode, but in Italy
    ("IT", "23030"),  # Valdidentro, next to Livigno
    ("FR", "75004"),  # Paris
    ("FR", "13001"),  # Marseille
]


@pytest.mark.parametrize("country, postal_code, territory", SPECIAL_TERRITORIES)
def test_a_special_territory_is_recognised_by_its_postcode(country, postal_code, territory):
    assert special_territory(country, postal_code) == territory


@pytest.mark.parametrize("country, postal_code, territory", SPECIAL_TERRITORIES)
def test_a_special_territory_is_outside_the_eu_vat_area(country, postal_code, territory):
    assert country in EU_MEMBER_STATES
    assert not in_vat_area(country, postal_code)


@pytest.mark.parametrize("country, postal_code", ORDINARY_POSTCODES)
def test_an_ordinary_postcode_of_the_same_country_is_inside_the_eu_vat_area(country, postal_code):
    assert special_territory(country, postal_code) is None
    assert in_vat_area(country, postal_code)


@pytest.mark.parametrize("country, postal_code", [("ES", "35 001"), ("FI", "22-100"), ("DE", " 78266 ")])
def test_postcodes_are_read_without_spaces_or_dashes(country, postal_code):
    assert not in_vat_area(country, postal_code)


def test_a_postcode_only_counts_in_its_own_country():
    # 35001 is Las Palmas in Spain, but an ordinary postcode in France.
    assert in_vat_area("FR", "35001")
    assert special_territory("PT", "35001") is None


@pytest.mark.parametrize("country", sorted(EU_MEMBER_STATES))
def test_a_member_state_without_postcode_is_inside_the_eu_vat_area(country):
    assert in_vat_area(country)
    assert in_vat_area(country, None)
    assert in_vat_area(country, "")


@pytest.mark.parametrize("country", ["US", "GB", "CH", "NO", "", None])
def test_other_countries_are_outside_the_eu_vat_area(country):
    assert not in_vat_area(country, "10115")
