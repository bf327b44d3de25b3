"""Path identifiers: a malformed one names nothing, so it is answered like a missing object."""

from billbook.domain.errors import NotFound


def integer_id(kind: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise NotFound(kind, value)
    return int(value)
