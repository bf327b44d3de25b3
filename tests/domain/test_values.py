"""Values as callers send them: integers are digits or JSON numbers, never true or false."""

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.values import integer


@pytest.mark.parametrize("value, expected", [(3, 3), ("3", 3), (" 42 ", 42), ("-1", -1), (0, 0)])
def test_an_integer_is_a_json_number_or_its_digits(value, expected):
    assert integer("page", value) == expected


@pytest.mark.parametrize("value", [True, False, "true", 2.5, 2.0, "2.0", "", "--1", "１２", "1" * 19, None, [1], {}])
def test_anything_else_is_not_an_integer_and_names_the_parameter(value):
    with pytest.raises(InvalidParam) as refused:
        integer("page", value)
    assert refused.value.param == "page"
