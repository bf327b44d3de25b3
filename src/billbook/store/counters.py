"""Per-tenant counters, changed atomically: the row stays locked until the transaction ends."""

from functools import cache

from sqlalchemy import Connection, bindparam, select

from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.scoped import INSERTS


@cache
def _add_statement(dialect: str):
    table = tables.counters
    statement = INSERTS[dialect](table).values(
        account_id=bindparam("account"), livemode=bindparam("live"), name=bindparam("name"), value=bindparam("delta"))
    return statement.on_conflict_do_update(
        index_elements=[table.c.account_id, table.c.livemode, table.c.name],
        set_={"value": table.c.value + statement.excluded.value},
    ).returning(table.c.value)


_CURRENT = select(tables.counters.c.value).where(
    tables.counters.c.account_id == bindparam("account"), tables.counters.c.livemode == bindparam("live"),
    tables.counters.c.name == bindparam("name"))


class CounterRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._connection = connection
        self._key = {"account": tenant.account_id, "live": tenant.livemode}

    def add(self, name: str, delta: int) -> int:
        """Add to the counter (a missing counter starts at 0) and return its new value."""
        statement = _add_statement(self._connection.dialect.name)
        return self._connection.execute(statement, {**self._key, "name": name, "delta": delta}).scalar_one()

    def next(self, name: str) -> int:
        """The counter's next value, starting at 1."""
        return self.add(name, 1)

    def raise_to(self, name: str, value: int) -> None:
        """Make the counter at least `value` (it never goes back)."""
        # Adding nothing locks the row first, so the difference is taken from the latest value.
        current = self.add(name, 0)
        if value > current:
            self.add(name, value - current)

    def current(self, name: str) -> int:
        value = self._connection.execute(_CURRENT, {**self._key, "name": name}).scalar()
        return value or 0
