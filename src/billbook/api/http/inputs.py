"""What a dialect accepts on create and update, typed with pydantic and derived from the domain.

Types are coerced the way clients send them (form values are strings); an empty string means
null, as the official clients document. Meaning (countries, e-mail, limits) is checked by the
domain. A dialect may call a field by another name on the wire (`billing_address_city` for the
domain's `city`); errors from the domain are then renamed back with `wire_names`.
"""

import dataclasses
import re
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from billbook.domain.errors import InvalidParam


class WireInput(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_max_length=10_000,
                              populate_by_name=False)

    # Fields the server owns; clients that send back what they read must not be refused for it.
    read_only: ClassVar[frozenset[str]] = frozenset()
    # Wire names that must be given, and not null, when an object is created.
    required: ClassVar[frozenset[str]] = frozenset()
    # Wire names that may never be set to null.
    not_null: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _empty_means_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: (None if value == "" else value) for key, value in data.items()
                    if key not in cls.read_only}
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        # Pydantic's lax mode reads `true` as 1; a client sending a flag where a count or an id is
        # expected has mistaken the parameter, and a silent 1 would hide it.
        if isinstance(value, bool) and _holds_numbers(cls.model_fields[info.field_name].annotation):
            raise PydanticCustomError("int_type", "should be a whole number, not true or false")
        return value

    @classmethod
    def changes(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """Only the fields the caller sent, typed and under their domain names; a type error names
        its parameter as the caller spelled it."""
        try:
            model = cls.model_validate(params)
        except ValidationError as error:
            raise _invalid_param(error) from None
        for name in cls.not_null:
            if name in params and params[name] in (None, ""):
                raise InvalidParam(name, "cannot be null")
        return model.model_dump(exclude_unset=True)

    @classmethod
    def creation(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """As `changes`, for a new object: the required fields must be there."""
        for name in sorted(cls.required):
            if params.get(name) in (None, ""):
                raise InvalidParam(name, "is required")
        return cls.changes(params)


def _holds_numbers(annotation: Any) -> bool:
    kinds = set(typing.get_args(annotation)) or {annotation}
    return bool(kinds & {int, float}) and bool not in kinds


def _invalid_param(error: ValidationError) -> InvalidParam:
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    param = location[0] + "".join(f"[{part}]" for part in location[1:])
    if first["type"] == "extra_forbidden":
        return InvalidParam(param, "is not a known parameter")
    return InvalidParam(param, first["msg"].replace("Input should", "should", 1))


def wire_input(model_name: str, entity: type, accepted: frozenset[str] | tuple[str, ...], *,
               read_only: frozenset[str] = frozenset(), overrides: Mapping[str, Any] | None = None,
               wire_names: Mapping[str, str] | None = None, extra: Mapping[str, Any] | None = None,
               required: frozenset[str] = frozenset(), not_null: frozenset[str] = frozenset()) -> type[WireInput]:
    """A model accepting some of an entity's fields, each optional and of the entity's type (or an
    override where the wire is looser than the domain, checked by the domain after), under the
    dialect's `wire_names` where they differ; `extra` adds fields the entity has not as such."""
    hints = typing.get_type_hints(entity)
    types = {f.name: hints[f.name] for f in dataclasses.fields(entity) if f.name in accepted}
    types.update({**(overrides or {}), **(extra or {})})
    definitions = {}
    for name, kind in types.items():
        wire = (wire_names or {}).get(name)
        default = Field(None, validation_alias=AliasChoices(wire)) if wire else None
        definitions[name] = (kind | None, default)
    model = create_model(model_name, __base__=WireInput, **definitions)
    model.read_only, model.required, model.not_null = read_only, required, not_null
    return model


@contextmanager
def wire_names(names: Mapping[str, str], within: Mapping[str, Mapping[str, str]] | None = None) -> Iterator[None]:
    """Domain errors raised inside name their parameter as this dialect does: each part of the
    name is renamed (`items[0][gross]` becomes `invoice_items[0][payment_cents]`), the parts under
    a nested object by that object's own names (`within={"customer": …}`)."""
    try:
        yield
    except InvalidParam as error:
        head, *parts = re.findall(r"[^\[\]]+", error.param) or [error.param]
        inner = (within or {}).get(head, names)
        error.param = names.get(head, head) + "".join(f"[{inner.get(part, part)}]" for part in parts)
        raise
