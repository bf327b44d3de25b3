"""The one way tenant rows are read and written: every statement is filtered by (account, mode).

The statements used on every request (by id, insert, update, delete) are built once per table
with bound parameters, so a request pays only for executing them.
"""

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import ColumnElement, Select

from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant

INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


@cache
def _insert_unless_taken(table: Table, dialect: str, constraint: str):
    unique = next(c for c in table.constraints if c.name == constraint)
    return INSERTS[dialect](table).on_conflict_do_nothing(
        index_elements=list(unique.columns)).returning(table.c.id)


@cache
def _statements(table: Table) -> dict[str, Any]:
    columns = table.c
    owned = and_(columns.account_id == bindparam("_account"), columns.livemode == bindparam("_live"))
    by_id = and_(owned, columns.id == bindparam("_id"))
    return {
        "get": select(table).where(by_id),
        "lock": select(table).where(by_id).with_for_update(),
        "insert": insert(table).returning(columns.id),
        "update": update(table).where(by_id),
        "delete": delete(table).where(by_id),
    }


class TenantTable:
    """A table seen through one tenant's eyes; there is no unscoped path through it."""

    def __init__(self, connection: Connection, tenant: Tenant, table: Table):
        self.connection = connection
        self.tenant = tenant
        self.table = table
        self._prepared = _statements(table)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}

    @property
    def owned(self) -> ColumnElement[bool]:
        columns = self.table.c
        return and_(columns.account_id == self.tenant.account_id, columns.livemode == self.tenant.livemode)

    def select(self, *conditions: ColumnElement[bool]) -> Select:
        return select(self.table).where(self.owned, *conditions)

    def by_id(self, row_id: int, for_update: bool = False) -> Mapping[str, Any] | None:
        """The row, or None; `for_update` locks it until the transaction ends (PostgreSQL; SQLite's
        writing transactions already hold the database's one write lock)."""
        statement = self._prepared["lock" if for_update else "get"]
        return self.connection.execute(statement, {**self._scope, "_id": row_id}).mappings().first()

    def count(self, *conditions: ColumnElement[bool]) -> int:
        statement = select(func.count()).select_from(self.table).where(self.owned, *conditions)
        return self.connection.execute(statement).scalar_one()

    def insert(self, values: Mapping[str, Any]) -> int:
        row = {**values, "account_id": self.tenant.account_id, "livemode": self.tenant.livemode}
        return self.connection.execute(self._prepared["insert"], row).scalar_one()

    def insert_unless_taken(self, values: Mapping[str, Any], constraint: str) -> int | None:
        """Insert unless the row would break the unique `constraint`: then nothing, and None."""
        statement = _insert_unless_taken(self.table, self.connection.dialect.name, constraint)
        row = {**values, "account_id": self.tenant.account_id, "livemode": self.tenant.livemode}
        return self.connection.execute(statement, row).scalar()

    def insert_many(self, rows: Iterable[Mapping[str, Any]]) -> None:
        scope = {"account_id": self.tenant.account_id, "livemode": self.tenant.livemode}
        self.connection.execute(insert(self.table), [{**row, **scope} for row in rows])

    def update(self, row_id: int, values: Mapping[str, Any]) -> bool:
        params = {**values, **self._scope, "_id": row_id}
        return self.connection.execute(self._prepared["update"], params).rowcount == 1

    def delete(self, row_id: int) -> bool:
        return self.connection.execute(self._prepared["delete"], {**self._scope, "_id": row_id}).rowcount == 1

    def page(self, query: ListQuery, conditions: Iterable[ColumnElement[bool]],
             to_entity: Callable[[Mapping[str, Any]], Any], total: int | None = None) -> tuple[list[Any], int]:
        """One page of rows matching the query, and how many match in all (counted unless given)."""
        where = [*conditions, *self._query_conditions(query)]
        if total is None:
            total = self.count(*where)
        column = self.table.c[query.sort[0]]
        order = [column.desc() if query.sort[1] else column.asc()]
        if query.sort[0] != "id":
            order.append(self.table.c.id.asc())
        # The page's ids are found first, so skipped rows are walked in an index, not read whole.
        page_ids = (select(self.table.c.id).where(self.owned, *where).order_by(*order)
                    .limit(query.page.size).offset(query.page.offset))
        statement = select(self.table).where(self.table.c.id.in_(page_ids.scalar_subquery())).order_by(*order)
        rows = self.connection.execute(statement).mappings().all()
        return [to_entity(row) for row in rows], total

    def _query_conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        columns = self.table.c
        conditions = [columns[name].is_(None) if value is None else columns[name] == value
                      for name, value in query.filters.items()]
        conditions += [columns.metadata[key].as_string() == value for key, value in query.metadata.items()]
        if query.updated_since is not None:
            conditions.append(columns.updated_at >= query.updated_since)
        if query.updated_before is not None:
            conditions.append(columns.updated_at < query.updated_before)
        return conditions
