"""The one way tenant rows are read and written: every statement is filtered by (account, mode)."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update
from sqlalchemy.sql import ColumnElement, Select

from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant


class TenantTable:
    """A table seen through one tenant's eyes; there is no unscoped path through it."""

    def __init__(self, connection: Connection, tenant: Tenant, table: Table):
        self.connection = connection
        self.tenant = tenant
        self.table = table

    @property
    def owned(self) -> ColumnElement[bool]:
        columns = self.table.c
        return and_(columns.account_id == self.tenant.account_id, columns.livemode == self.tenant.livemode)

    def select(self, *conditions: ColumnElement[bool]) -> Select:
        return select(self.table).where(self.owned, *conditions)

    def one(self, *conditions: ColumnElement[bool]) -> Mapping[str, Any] | None:
        return self.connection.execute(self.select(*conditions)).mappings().first()

    def count(self, *conditions: ColumnElement[bool]) -> int:
        statement = select(func.count()).select_from(self.table).where(self.owned, *conditions)
        return self.connection.execute(statement).scalar_one()

    def exists(self, *conditions: ColumnElement[bool]) -> bool:
        statement = select(self.table.c.id).where(self.owned, *conditions).limit(1)
        return self.connection.execute(statement).first() is not None

    def insert(self, values: Mapping[str, Any]) -> int:
        statement = insert(self.table).values(
            **values, account_id=self.tenant.account_id, livemode=self.tenant.livemode
        ).returning(self.table.c.id)
        return self.connection.execute(statement).scalar_one()

    def update(self, row_id: int, values: Mapping[str, Any]) -> bool:
        statement = update(self.table).where(self.owned, self.table.c.id == row_id).values(**values)
        return self.connection.execute(statement).rowcount == 1

    def delete(self, row_id: int) -> bool:
        statement = delete(self.table).where(self.owned, self.table.c.id == row_id)
        return self.connection.execute(statement).rowcount == 1

    def page(self, query: ListQuery, conditions: Iterable[ColumnElement[bool]],
             to_entity: Callable[[Mapping[str, Any]], Any]) -> tuple[list[Any], int]:
        """One page of rows matching the query, and how many match in all."""
        where = [*conditions, *self._query_conditions(query)]
        total = self.count(*where)
        column = self.table.c[query.sort[0]]
        order = [column.desc() if query.sort[1] else column.asc()]
        if query.sort[0] != "id":
            order.append(self.table.c.id.asc())
        statement = self.select(*where).order_by(*order).limit(query.page.size).offset(query.page.offset)
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
