import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.metadata import validate


def test_metadata_values_are_kept_as_text():
    assert validate("metadata", {"icp_number": 1234567890, "vip": True, "rep": "Jan"}) == {
        "icp_number": "1234567890", "vip": "true", "rep": "Jan"}


def test_at_most_ten_keys():
    validate("metadata", {f"k{i}": "v" for i in range(10)})
    with pytest.raises(InvalidParam) as raised:
        validate("metadata", {f"k{i}": "v" for i in range(11)})
    assert raised.value.param == "metadata"


def test_key_and_value_lengths():
    validate("metadata", {"k" * 40: "v" * 255})
    with pytest.raises(InvalidParam) as raised:
        validate("metadata", {"k" * 41: "v"})
    assert raised.value.param.startswith("metadata[")
    with pytest.raises(InvalidParam) as raised:
        validate("metadata", {"k": "v" * 256})
    assert raised.value.param == "metadata[k]"


def test_values_must_be_scalars_and_metadata_an_object():
    with pytest.raises(InvalidParam):
        validate("metadata", {"k": {"nested": "x"}})
    with pytest.raises(InvalidParam):
        validate("metadata", ["a"])
    assert validate("metadata", None) == {}
