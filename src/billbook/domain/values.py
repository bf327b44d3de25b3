"""Bounds every stored value keeps: text lengths, whole numbers, money amounts."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from billbook.domain.errors import InvalidParam

# Identifiers and counts callers may send (owner, cadence, days…) fit a signed 32-bit column.
MAX_WHOLE_NUMBER = 2**31 - 1
# Amounts are kept with two decimals in 18 digits.
MAX_AMOUNT = Decimal("9999999999999999.99")
CENT = Decimal("0.01")
MAX_LIST_ITEMS = 100
# Digits as text, within what a 64-bit column holds.
_INTEGER_TEXT = re.compile(r"-?[0-9]{1,18}")


def text(param: str, value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise InvalidParam(param, f"can be at most {max_length} characters")
    return value


def whole_number(param: str, value: int) -> int:
    if not 0 <= value <= MAX_WHOLE_NUMBER:
        raise InvalidParam(param, f"must be between 0 and {MAX_WHOLE_NUMBER}")
    return value


def integer(param: str, value: Any) -> int:
    """An integer as clients send it: a JSON number without fraction, or its digits as text.
    `true` is not 1: a flag sent where a number is expected is a mistaken parameter."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value)
    raise InvalidParam(param, f"is not an integer: {value!r}")


def amount(param: str, value: Decimal) -> Decimal:
    """A non-negative amount in major units, rounded half-up to the cent."""
    try:
        rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise InvalidParam(param, f"must be at most {MAX_AMOUNT}") from None
    if not rounded.is_finite() or rounded > MAX_AMOUNT:
        raise InvalidParam(param, f"must be at most {MAX_AMOUNT}")
    if rounded < 0:
        raise InvalidParam(param, "cannot be negative")
    return rounded


def text_list(param: str, value: list[Any], max_length: int) -> list[str]:
    if len(value) > MAX_LIST_ITEMS:
        raise InvalidParam(param, f"can have at most {MAX_LIST_ITEMS} items")
    return [text(f"{param}[{index}]", str(item), max_length) for index, item in enumerate(value)]


def bounded(param: str, value: Any, max_length: int) -> Any:
    """Keep a typed value within what its column holds: text length, whole numbers, amounts."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return text(param, value, max_length)
    if isinstance(value, int):
        return whole_number(param, value)
    if isinstance(value, Decimal):
        return amount(param, value)
    if isinstance(value, list):
        return text_list(param, value, 50)
    return value


def given_text(param: str, value: Any, limit: int = 255) -> str:
    """Text a caller gave (a number counts as text), stripped and bounded."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InvalidParam(param, "must be text")
    return text(param, str(value).strip(), limit)


def optional_text(param: str, value: Any, limit: int = 255) -> str | None:
    """As `given_text`, with nothing (or only blanks) meaning no value."""
    if value in (None, ""):
        return None
    return given_text(param, value, limit) or None


def flag(param: str, value: Any, default: bool | None = None) -> bool:
    """A boolean as clients send it: true/false, 1/0, or a JSON boolean; `default` when absent."""
    if value in (None, "") and default is not None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "false", "0"):
        return value.lower() in ("true", "1")
    raise InvalidParam(param, f"is not a boolean: {value!r} (use true or false)")


_INDEX = re.compile(r"[0-9]{1,4}")


def indexed_list(value: Any) -> Any:
    """A list sent as a form's indexed keys (`to[0][email]=…` decodes to {"0": {…}}) as the list it
    is, in index order; anything else as it came."""
    if isinstance(value, dict) and value and all(isinstance(key, str) and _INDEX.fullmatch(key) for key in value):
        return [value[key] for key in sorted(value, key=int)]
    return value


def single_line(param: str, value: str | None) -> str | None:
    """Text that goes into a message header (a subject, a name): no line breaks."""
    if value is not None and ("\r" in value or "\n" in value):
        raise InvalidParam(param, "cannot hold a line break")
    return value
