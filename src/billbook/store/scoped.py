"""The one way tenant rows are read and written: every statement is filtered by (account, mode).

The statements used on every request (by id, insert, update, delete) are built once per table
with bound parameters, so a request pays only for executing them.
"""

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import ColumnElement, Select

from billbook.domain.errors import InvalidParam
from billbook.domain.listing import Cursor, ListQuery, Slice
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
    statements = {
        "get": select(table).where(by_id),
        "lock": select(table).where(by_id).with_for_update(),
        "keep": select(table).where(by_id).with_for_update(read=True, key_share=True),
        "insert": insert(table).returning(columns.id),
        "update": update(table).where(by_id),
        "delete": delete(table).where(by_id),
    }
    if "public_id" in columns:
        by_public_id = and_(owned, columns.public_id == bindparam("_public_id"))
        statements["get_public"] = select(table).where(by_public_id)
        statements["lock_public"] = select(table).where(by_public_id).with_for_update()
        statements["keep_public"] = select(table).where(by_public_id).with_for_update(read=True, key_share=True)
        statements["id_of"] = select(columns.id).where(by_public_id)
    return statements


def _lock_kind(face: str, for_update: bool, for_key_share: bool) -> str:
    return ("lock" if for_update else "keep" if for_key_share else "get") + face


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

    def by_id(self, row_id: int, for_update: bool = False, for_key_share: bool = False) -> Mapping[str, Any] | None:
        """The row, or None; `for_update` locks it until the transaction ends, `for_key_share` only
        keeps it from being deleted meanwhile (PostgreSQL; SQLite's writing transactions already
        hold the database's one write lock)."""
        statement = self._prepared[_lock_kind("", for_update, for_key_share)]
        return self.connection.execute(statement, {**self._scope, "_id": row_id}).mappings().first()

    def by_public_id(self, public_id: str, for_update: bool = False,
                     for_key_share: bool = False) -> Mapping[str, Any] | None:
        statement = self._prepared[_lock_kind("_public", for_update, for_key_share)]
        return self.connection.execute(statement, {**self._scope, "_public_id": public_id}).mappings().first()

    def by_reference(self, reference: int | str, for_update: bool = False,
                     for_key_share: bool = False) -> Mapping[str, Any] | None:
        """The row by its integer id (the Invoiced face) or its public id (the Octobat face)."""
        if isinstance(reference, str):
            return self.by_public_id(reference, for_update, for_key_share)
        return self.by_id(reference, for_update, for_key_share)

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

    def slice(self, cursor: Cursor, conditions: Iterable[ColumnElement[bool]],
              to_entity: Callable[[Mapping[str, Any]], Any], total: int | None = None) -> Slice:
        """The `cursor`'s window of the rows matching `conditions`, newest (highest id) first.

        The window is found by comparing ids with the cursor's row, through the tenant's id index,
        so a window deep in the list costs what the first one does."""
        conditions = list(conditions)
        if total is None:
            total = self.count(*conditions)
        statements = _slice_statements(self.table)

        def run(name: str, **params: Any) -> Any:
            statement = statements[name].where(*conditions) if conditions else statements[name]
            return self.connection.execute(statement, {**self._scope, **params})

        if cursor.ending_before:
            anchor = self._cursor_id("ending_before", cursor.ending_before)
            rows = run("newer", _anchor=anchor, _limit=cursor.limit + 1).mappings().all()
            has_before = len(rows) > cursor.limit
            rows = rows[:cursor.limit][::-1]
            has_more = run("any_older", _bound=rows[-1]["id"] if rows else anchor + 1).scalar()
        else:
            anchor = self._cursor_id("starting_after", cursor.starting_after) if cursor.starting_after else None
            if anchor is None:
                rows = run("newest", _limit=cursor.limit + 1).mappings().all()
            else:
                rows = run("older", _anchor=anchor, _limit=cursor.limit + 1).mappings().all()
            has_more = len(rows) > cursor.limit
            rows = rows[:cursor.limit]
            has_before = anchor is not None and run("any_newer", _bound=rows[0]["id"] if rows else anchor - 1).scalar()
        return Slice([to_entity(row) for row in rows], total, has_more, has_before)

    def _cursor_id(self, param: str, public_id: str) -> int:
        found = self.connection.execute(self._prepared["id_of"], {**self._scope, "_public_id": public_id}).scalar()
        if found is None:
            raise InvalidParam(param, f"is not an object of this list: {public_id}")
        return found


@cache
def _slice_statements(table: Table) -> dict[str, Select]:
    """A cursor window's statements, built once per table: newest first, or next to an anchor id."""
    columns = table.c
    owned = and_(columns.account_id == bindparam("_account"), columns.livemode == bindparam("_live"))
    limit = bindparam("_limit")
    return {
        "newest": select(table).where(owned).order_by(columns.id.desc()).limit(limit),
        "older": select(table).where(owned, columns.id < bindparam("_anchor")).order_by(columns.id.desc()).limit(limit),
        "newer": select(table).where(owned, columns.id > bindparam("_anchor")).order_by(columns.id.asc()).limit(limit),
        "any_older": select(exists().where(owned, columns.id < bindparam("_bound"))),
        "any_newer": select(exists().where(owned, columns.id > bindparam("_bound"))),
    }
