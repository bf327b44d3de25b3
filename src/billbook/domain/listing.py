"""What a caller asks of a list: exact-match filters, metadata, an order, a time window, a page."""

import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from billbook.domain.errors import InvalidParam

MAX_PAGE_SIZE = 100
DEFAULT_CURSOR_LIMIT = 10
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True)
class Page:
    number: int = 1
    size: int = MAX_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True, slots=True)
class Cursor:
    """A window of a newest-first list next to a known item, as Octobat clients page: the `limit`
    items older than `starting_after`, or newer than `ending_before`, or the newest."""
    limit: int = DEFAULT_CURSOR_LIMIT
    starting_after: str | None = None  # a public id
    ending_before: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise InvalidParam("limit", f"must be between 1 and {MAX_PAGE_SIZE}")
        if self.starting_after and self.ending_before:
            raise InvalidParam("ending_before", "cannot be combined with starting_after")


@dataclass(frozen=True, slots=True)
class Slice:
    """One window of a cursor-paged list, newest first."""
    items: list[Any]
    total: int
    has_more: bool  # older items follow
    has_before: bool  # newer items precede


@dataclass(frozen=True, slots=True)
class ListQuery:
    filters: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    sort: tuple[str, bool] = ("id", False)  # (field, descending)
    updated_since: datetime | None = None  # inclusive
    updated_before: datetime | None = None  # exclusive
    page: Page = Page()
    # Ledger conditions only customers have; None means "either way".
    has_payment_source: bool | None = None
    has_open_balance: bool | None = None
    has_credit_balance: bool | None = None
    source: str | None = None  # customers standing for this integration object
    # Documents dated within these days (inclusive).
    dated_from: date | None = None
    dated_until: date | None = None

    @property
    def selects_everything(self) -> bool:
        """True when only the order and the page are chosen: the total is then the whole count."""
        conditions = (self.filters, self.metadata, self.updated_since, self.updated_before, self.source,
                      self.dated_from, self.dated_until)
        ledger = (self.has_payment_source, self.has_open_balance, self.has_credit_balance)
        return not any(conditions) and all(wanted is None for wanted in ledger)


def parse_bool(param: str, text: str) -> bool:
    """Booleans as clients send them in query strings: True/False, true/false, 1/0."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidParam(param, f"is not a boolean: {text!r} (use true or false)")


def typed_filter(entity: type, name: str, text: str | None) -> Any:
    """A filter value of the type the entity's field holds ("None" from the Python client means null)."""
    param = f"filter[{name}]"
    if text is None or text == "None":
        return None
    kind = _base_type(typing.get_type_hints(entity)[name])
    if kind is bool:
        return parse_bool(param, text)
    if kind is int:
        if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 18:
            raise InvalidParam(param, f"is not an integer: {text!r}")
        return int(text)
    if kind is Decimal:
        try:
            return Decimal(text)
        except InvalidOperation:
            raise InvalidParam(param, f"is not a number: {text!r}") from None
    return text


def _base_type(hint: Any) -> Any:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint
