"""Free-form key/value metadata attached to objects, with the limits clients rely on.

Metadata is given whole (Invoiced: what is sent replaces what was there), or as updates (Octobat,
whose clients send only the keys that changed: each key given is set, a key given an empty value
is removed, and a null removes them all).
"""

from collections.abc import Mapping

from billbook.domain.errors import InvalidParam

MAX_KEYS = 10
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 255


def validate(param: str, value: object) -> dict[str, str]:
    """Metadata given whole."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        _check_count(param, value)
    return _entries(param, value)


def updates(param: str, value: object) -> dict[str, str] | None:
    """Metadata updates, each checked; None removes every key."""
    return None if value is None else _entries(param, value)


def updated(param: str, current: Mapping[str, str], changes: Mapping[str, str] | None) -> dict[str, str]:
    """The metadata once `changes` (see `updates`) are applied; the result must keep to the limits."""
    if changes is None:
        return {}
    result = dict(current)
    for key, text in changes.items():
        if text:
            result[key] = text
        else:
            result.pop(key, None)
    _check_count(param, result)
    return result


def _entries(param: str, value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidParam(param, "must be an object of key/value pairs")
    cleaned: dict[str, str] = {}
    for key, item in value.items():
        if not key or len(key) > MAX_KEY_LENGTH:
            raise InvalidParam(f"{param}[{key}]", f"is not allowed: keys must be 1 to {MAX_KEY_LENGTH} characters")
        if isinstance(item, (dict, list)):
            raise InvalidParam(f"{param}[{key}]", "must be a string")
        text = "" if item is None else item if isinstance(item, str) else _scalar_text(item)
        if len(text) > MAX_VALUE_LENGTH:
            raise InvalidParam(f"{param}[{key}]", f"can be at most {MAX_VALUE_LENGTH} characters")
        cleaned[key] = text
    return cleaned


def _check_count(param: str, entries: Mapping) -> None:
    if len(entries) > MAX_KEYS:
        raise InvalidParam(param, f"can have at most {MAX_KEYS} keys")


def _scalar_text(item: object) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)
