"""Where a consumer of e-services is: two agreeing pieces of evidence decide (IR 282/2011 arts.
24b, 24f); when none agree, the billing country does and the conflict is flagged."""

import pytest

from billbook.domain.tax.evidence import country_of_iban, country_of_ip, locate

# Public addresses iptocc places offline (registry data inside the wheel).
FRENCH_IP = "137.194.15.1"  # Télécom Paris
GERMAN_IP = "194.25.134.1"  # Deutsche Telekom
OTHER_GERMAN_IP = "130.149.7.201"  # TU Berlin
ITALIAN_IP = "193.205.0.1"  # GARR
AMERICAN_IP = "8.8.8.8"
AMERICAN_IPV6 = "2001:4860:4860::8888"


@pytest.mark.parametrize("address, country", [
    (FRENCH_IP, "FR"), (GERMAN_IP, "DE"), (OTHER_GERMAN_IP, "DE"), (ITALIAN_IP, "IT"), (AMERICAN_IP, "US"),
    (AMERICAN_IPV6, "US"),
])
def test_a_public_ip_address_names_its_country(address, country):
    assert country_of_ip(address) == country


@pytest.mark.parametrize("address", [
    None, "", "not an address", "999.1.1.1", "137.194.15", "10.0.0.1", "192.168.1.1", "127.0.0.1", "::1",
    "100.64.0.1", "192.0.2.1",
])
def test_an_invalid_or_private_ip_address_names_no_country(address):
    assert country_of_ip(address) is None


@pytest.mark.parametrize("iban, country", [
    ("DE89370400440532013000", "DE"),
    ("FR7630006000011234567890189", "FR"),
    ("fr76 3000 6000 0112 3456 7890 189", "FR"),
    ("  IT60X0542811101000000123456 ", "IT"),
    ("GB82WEST12345698765432", "GB"),
])
def test_an_iban_names_the_country_of_its_first_two_letters(iban, country):
    assert country_of_iban(iban) == country


@pytest.mark.parametrize("iban", [None, "", "D", "  ", "12345678", "4DE89370400440532013000"])
def test_something_that_is_not_an_iban_names_no_country(iban):
    assert country_of_iban(iban) is None


# (billing country, IP address, bank country) → the country decided.
@pytest.mark.parametrize("billing, ip_address, bank, country", [
    ("FR", FRENCH_IP, None, "FR"),  # billing and IP
    ("FR", FRENCH_IP, "FR", "FR"),  # all three
    ("DE", None, "DE", "DE"),  # billing and bank
    ("FR", FRENCH_IP, "DE", "FR"),  # billing and IP outvote the bank
    ("FR", GERMAN_IP, "FR", "FR"),  # billing and bank outvote the IP
    ("FR", GERMAN_IP, "DE", "DE"),  # IP and bank outvote the billing address
    ("FR", AMERICAN_IP, "US", "US"),
    ("IT", AMERICAN_IPV6, "US", "US"),
], ids=["billing+ip", "all-three", "billing+bank", "billing+ip-vs-bank", "billing+bank-vs-ip", "ip+bank-vs-billing",
        "ip+bank-outside-eu", "ipv6+bank"])
def test_the_country_two_pieces_agree_on_decides_without_conflict(billing, ip_address, bank, country):
    location = locate(billing, ip_address, bank)
    assert (location.country, location.conflict) == (country, False)


def test_when_all_three_pieces_differ_the_billing_country_decides_and_the_conflict_is_flagged():
    location = locate("FR", GERMAN_IP, "IT")
    assert (location.country, location.conflict) == ("FR", True)


def test_when_two_pieces_differ_and_none_agree_the_billing_country_decides_and_the_conflict_is_flagged():
    assert (locate("FR", GERMAN_IP).country, locate("FR", GERMAN_IP).conflict) == ("FR", True)
    assert (locate("FR", None, "DE").country, locate("FR", None, "DE").conflict) == ("FR", True)


def test_a_single_piece_of_evidence_places_the_customer_in_the_billing_country():
    location = locate("IT")
    assert location.country == "IT"
    assert location.evidence == {"billing_address": "IT", "ip_address": None, "bank": None}


@pytest.mark.parametrize("ip_address", ["10.0.0.1", "192.168.1.1", "127.0.0.1", "not an address", ""])
def test_an_invalid_or_private_ip_address_is_ignored(ip_address):
    assert locate("FR", ip_address, "FR").country == "FR"
    assert locate("FR", ip_address, "FR").conflict is False
    assert locate("FR", ip_address, "FR").evidence["ip_address"] is None
    # It does not side with either of two disagreeing pieces.
    assert (locate("FR", ip_address, "DE").country, locate("FR", ip_address, "DE").conflict) == ("FR", True)


def test_every_piece_is_kept_as_evidence():
    location = locate("FR", GERMAN_IP, "DE")
    assert location.evidence == {"billing_address": "FR", "ip_address": "DE", "bank": "DE"}


def test_the_bank_country_can_come_from_an_iban():
    location = locate("FR", GERMAN_IP, country_of_iban("DE89370400440532013000"))
    assert (location.country, location.conflict) == ("DE", False)
