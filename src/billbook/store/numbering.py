"""Numbering sequences of one tenant, and the counters their numbers are drawn from."""

from datetime import date

from sqlalchemy import Connection, and_, bindparam, select, update

from billbook.domain.listing import Cursor, Slice
from billbook.domain.numbering import NumberingSequence
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.counters import CounterRepository
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(NumberingSequence, loaded_apart=("next_number",))
_COLUMNS = tables.numbering_sequences.c
# Read by every invoice issued without a sequence named, so built once.
_DEFAULT = select(tables.numbering_sequences).where(and_(
    _COLUMNS.account_id == bindparam("_account"), _COLUMNS.livemode == bindparam("_live"), _COLUMNS.is_default))


class NumberingSequenceRepository:
    def __init__(self, connection: Connection, tenant: Tenant, counters: CounterRepository):
        self._rows = TenantTable(connection, tenant, tables.numbering_sequences)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}
        self._counters = counters

    def add(self, sequence: NumberingSequence) -> NumberingSequence:
        """Store a new sequence; a new default takes the place of the previous one."""
        if sequence.is_default:
            self._clear_default()
        sequence.id = self._rows.insert(_ROWS.columns(sequence))
        return sequence

    def get(self, reference: int | str, for_update: bool = False) -> NumberingSequence | None:
        row = self._rows.by_reference(reference, for_update)
        return _ROWS.entity(row) if row else None

    def default(self) -> NumberingSequence | None:
        row = self._rows.connection.execute(_DEFAULT, self._scope).mappings().first()
        return _ROWS.entity(row) if row else None

    def all(self) -> list[NumberingSequence]:
        statement = self._rows.select().order_by(tables.numbering_sequences.c.id)
        return [_ROWS.entity(row) for row in self._rows.connection.execute(statement).mappings()]

    def slice(self, cursor: Cursor) -> Slice:
        return self._rows.slice(cursor, [], _ROWS.entity)

    def save(self, sequence: NumberingSequence) -> None:
        self._rows.update(sequence.id, _ROWS.columns(sequence))

    def make_default(self, sequence: NumberingSequence) -> None:
        """The sequence becomes the default one; the partial unique index keeps it the only one."""
        self._clear_default()
        sequence.is_default = True
        self.save(sequence)

    def issued_count(self, sequence: NumberingSequence, on: date) -> int:
        """How many numbers the sequence has given in the period `on` falls in."""
        return self._counters.current(sequence.counter_name(on))

    def _clear_default(self) -> None:
        columns = tables.numbering_sequences.c
        self._rows.connection.execute(update(tables.numbering_sequences)
                                      .where(self._rows.owned, columns.is_default).values(is_default=False))
