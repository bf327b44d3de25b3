"""How an entity's caller-settable fields are cleaned: one mechanism, with each entity's rules."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from billbook.domain import values
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import typed_filter

Normalizer = Callable[[str, Any], Any]
DEFAULT_TEXT_LIMIT = 255


def required_text(param: str, value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidParam(param, "is required")
    return values.text(param, text, DEFAULT_TEXT_LIMIT)


@dataclass(frozen=True)
class FieldRules:
    entity: type
    label: str  # "customer", "contact": for "is not a customer field"
    editable: frozenset[str]
    # Fields that may never be null.
    not_null: frozenset[str] = frozenset({"name"})
    # Fields with a default: null (an empty form value, or the Go client's unset pointer) means "not sent".
    defaulted: frozenset[str] = frozenset()
    # What a field holds once cleared, when that is not None (an empty list, an empty object).
    cleared: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    # Fields with a rule of their own; other values are bounded by their type (text length, …).
    normalizers: Mapping[str, Normalizer] = field(default_factory=dict)
    # Fields whose `filter[...]` value is normalised like an input (`fr` matches the stored `FR`).
    normalized_filters: frozenset[str] = frozenset()
    text_limits: Mapping[str, int] = field(default_factory=dict)

    def clean(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Normalise caller-supplied values (already of the right Python type) and check their rules."""
        cleaned: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in self.editable:
                raise InvalidParam(name, f"is not a {self.label} field")
            if value is None:
                if name in self.not_null:
                    raise InvalidParam(name, "cannot be null")
                if name not in self.defaulted:
                    cleaned[name] = self.cleared[name]() if name in self.cleared else None
                continue
            cleaned[name] = self._normalize(name, name, value)
        return cleaned

    def filter_value(self, name: str, text: str | None) -> Any:
        """A `filter[name]` value as stored: of the field's type, normalised where inputs are."""
        value = typed_filter(self.entity, name, text)
        if value is None or name not in self.normalized_filters:
            return value
        return self._normalize(name, f"filter[{name}]", value)

    def _normalize(self, name: str, param: str, value: Any) -> Any:
        normalize = self.normalizers.get(name)
        if normalize:
            return normalize(param, value)
        return values.bounded(param, value, self.text_limits.get(name, DEFAULT_TEXT_LIMIT))
