"""Per-tenant counters, incremented atomically: the row stays locked until the transaction ends."""

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from billbook.domain.tenancy import Tenant
from billbook.store import tables

_INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


class CounterRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._connection = connection
        self._tenant = tenant

    def next(self, name: str) -> int:
        """The counter's next value, starting at 1."""
        table = tables.counters
        insert = _INSERTS[self._connection.dialect.name]
        statement = insert(table).values(
            account_id=self._tenant.account_id, livemode=self._tenant.livemode, name=name, value=1
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.account_id, table.c.livemode, table.c.name],
            set_={"value": table.c.value + 1},
        ).returning(table.c.value)
        return self._connection.execute(statement).scalar_one()
