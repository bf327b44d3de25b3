"""VAT registration numbers: checked offline by python-stdnum, kept in compact form with their prefix."""

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.tax_numbers import vat_number


@pytest.mark.parametrize("sent, country, kept", [
    # EU numbers, with their prefix or read as one of the customer's billing country.
    ("FR40303265045", None, "FR40303265045"),
    ("FR40303265045", "DE", "FR40303265045"),
    ("40303265045", "FR", "FR40303265045"),
    ("fr 403 032 650 45", None, "FR40303265045"),
    ("  DE136695976  ", None, "DE136695976"),
    ("136695976", "DE", "DE136695976"),
    # Greece writes EL, not GR, in front of its VAT numbers.
    ("EL094259216", None, "EL094259216"),
    ("094259216", "GR", "EL094259216"),
    # Northern Ireland trades goods under EU rules with the XI prefix.
    ("XI980780684", None, "XI980780684"),
    # Outside the EU, the country's own rules.
    ("GB980780684", None, "GB980780684"),
    ("gb 980 7806 84", None, "GB980780684"),
    ("980780684", "GB", "GB980780684"),
    ("CHE-107.787.577 IVA", None, "CHE107787577IVA"),
    ("CHE-107.787.577 MWST", "CH", "CHE107787577MWST"),
])
def test_a_valid_vat_number_is_kept_compact_with_its_country_prefix(sent, country, kept):
    assert vat_number("tax_number", sent, country) == kept


@pytest.mark.parametrize("sent, country", [
    ("US-12-3456789", "US"),
    ("123 456", "HK"),
    ("ZZ1234", None),
])
def test_a_number_of_a_country_stdnum_has_no_rules_for_is_kept_as_sent(sent, country):
    assert vat_number("tax_number", f"  {sent} ", country) == sent


@pytest.mark.parametrize("sent, country", [
    ("FR40303265046", None),  # one digit off
    ("40303265046", "FR"),
    ("DE136695977", "DE"),
    ("EL094259217", None),
    ("094259217", "GR"),
    ("XI980780685", None),
    ("GB980780685", None),
    ("CHE-107.787.578 IVA", None),
    ("FR", None),
])
def test_a_number_failing_its_countrys_checksum_is_refused_naming_the_param(sent, country):
    with pytest.raises(InvalidParam) as raised:
        vat_number("tax_number", sent, country)
    assert raised.value.param == "tax_number"
    assert sent in raised.value.message


def test_a_number_without_prefix_or_country_cannot_be_judged_and_is_refused():
    with pytest.raises(InvalidParam) as raised:
        vat_number("vat_number", "40303265045", None)
    assert raised.value.param == "vat_number"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_number_is_refused(blank):
    with pytest.raises(InvalidParam) as raised:
        vat_number("tax_number", blank, "FR")
    assert (raised.value.param, raised.value.message) == ("tax_number", "cannot be blank")


def test_an_overlong_number_of_an_unknown_country_is_refused_naming_the_param():
    with pytest.raises(InvalidParam) as raised:
        vat_number("tax_number", "1" * 51, "US")
    assert raised.value.param == "tax_number"
    assert "50" in raised.value.message


def test_a_fifty_character_number_of_an_unknown_country_is_still_kept():
    assert vat_number("tax_number", "1" * 50, "US") == "1" * 50
