"""Free-form key/value metadata attached to objects, with the limits clients rely on."""

from collections.abc import Mapping

from billbook.domain.errors import InvalidParam

MAX_KEYS = 10
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 255


def validate(param: str, value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidParam(param, "must be an object of key/value pairs")
    if len(value) > MAX_KEYS:
        raise InvalidParam(param, f"can have at most {MAX_KEYS} keys")
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


def _scalar_text(item: object) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)
