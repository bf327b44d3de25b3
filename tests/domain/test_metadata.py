import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.metadata import updated, updates, validate


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


@pytest.mark.parametrize("current, changes, expected", [
    ({"a": "1"}, {"b": "2"}, {"a": "1", "b": "2"}),
    ({"a": "1", "b": "2"}, {"a": ""}, {"b": "2"}),
    ({"a": "1"}, {"a": None, "c": 3}, {"c": "3"}),
    ({"a": "1"}, {"gone": ""}, {"a": "1"}),
    ({"a": "1"}, None, {}),
    ({f"old{i}": "x" for i in range(10)}, {**{f"old{i}": "" for i in range(10)}, "new": "y"}, {"new": "y"}),
])
def test_updates_set_the_keys_given_and_remove_those_given_empty(current, changes, expected):
    assert updated("metadata", current, updates("metadata", changes)) == expected


def test_updates_may_not_leave_more_than_ten_keys():
    with pytest.raises(InvalidParam) as raised:
        updated("metadata", {f"k{i}": "v" for i in range(10)}, updates("metadata", {"one_more": "v"}))
    assert raised.value.param == "metadata"
