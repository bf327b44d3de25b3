"""Phone numbers to E.164: the form SMS providers take."""

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.phones import e164


@pytest.mark.parametrize("typed, region, expected", [
    ("+1 512-555-1212", None, "+15125551212"),
    ("(512) 555-1212", "US", "+15125551212"),
    ("512.555.1212", "US", "+15125551212"),
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("06 12 34 56 78", "fr", "+33612345678"),
    ("+33 6 12 34 56 78", "US", "+33612345678"),  # an international number ignores the region
    ("0044 20 7946 0958", "FR", "+442079460958"),  # France's international prefix
    ("020 7946 0958", "GB", "+442079460958"),
    ("+44 (0)20 7946 0958", None, "+442079460958"),
    ("030 123456", "DE", "+4930123456"),
    ("tel:+1-512-555-1212", None, "+15125551212"),
    ("  +15125551212  ", None, "+15125551212"),
])
def test_numbers_are_normalised_to_e164(typed, region, expected):
    assert e164(typed, region) == expected


@pytest.mark.parametrize("typed, region, message", [
    ("512 555 1212", None, "international form"),  # no region: the country must be written
    ("12", "FR", "not a valid phone number"),
    ("+1 555 000 0000", None, "not a valid phone number"),
    ("abc", "FR", "not a phone number"),
    ("", "FR", "is required"),
    ("   ", None, "is required"),
])
def test_what_is_not_a_number_is_refused_naming_the_param(typed, region, message):
    with pytest.raises(InvalidParam) as refused:
        e164(typed, region, param="to[0][phone]")
    assert refused.value.param == "to[0][phone]" and message in refused.value.message


def test_the_param_defaults_to_phone():
    with pytest.raises(InvalidParam) as refused:
        e164("abc")
    assert refused.value.param == "phone"
