"""Domain dataclasses to table rows and back: a column for each field, of the same name."""

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Generic, TypeVar

Entity = TypeVar("Entity")


class RowMapping(Generic[Entity]):
    def __init__(self, entity: type[Entity], loaded_apart: tuple[str, ...] = ()):
        """`loaded_apart` names fields read from other tables, which the row leaves at their default."""
        self._entity = entity
        self._fields = tuple(f.name for f in fields(entity) if f.name not in loaded_apart)

    def entity(self, row: Mapping[str, Any]) -> Entity:
        return self._entity(**{name: row[name] for name in self._fields})

    def columns(self, entity: Entity) -> dict[str, Any]:
        """The values to write; the id is the database's to assign."""
        return {name: getattr(entity, name) for name in self._fields if name != "id"}
