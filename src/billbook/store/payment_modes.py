"""Payment modes of one tenant."""

from sqlalchemy import Connection, and_, bindparam, select

from billbook.domain.listing import Cursor, Slice
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(PaymentMode)
_COLUMNS = tables.payment_modes.c
_OWNED = and_(_COLUMNS.account_id == bindparam("_account"), _COLUMNS.livemode == bindparam("_live"))
# Read with every invoice issued or shown, so built once.
_BY_IDS = select(tables.payment_modes).where(_OWNED, _COLUMNS.id.in_(bindparam("_ids", expanding=True)))
_BY_PUBLIC_IDS = select(tables.payment_modes).where(_OWNED, _COLUMNS.public_id.in_(bindparam("_ids", expanding=True)))


class PaymentModeRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.payment_modes)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}

    def add(self, mode: PaymentMode) -> PaymentMode:
        mode.id = self._rows.insert(_ROWS.columns(mode))
        return mode

    def get(self, reference: int | str) -> PaymentMode | None:
        row = self._rows.by_reference(reference)
        return _ROWS.entity(row) if row else None

    def get_many(self, references: list[int] | list[str]) -> dict[int | str, PaymentMode]:
        """By integer ids or by public ids (as given), in one query."""
        if not references:
            return {}
        by_public_id = isinstance(references[0], str)
        statement = _BY_PUBLIC_IDS if by_public_id else _BY_IDS
        rows = self._rows.connection.execute(statement, {**self._scope, "_ids": list(references)}).mappings()
        found = [_ROWS.entity(row) for row in rows]
        return {(mode.public_id if by_public_id else mode.id): mode for mode in found}

    def save(self, mode: PaymentMode) -> None:
        self._rows.update(mode.id, _ROWS.columns(mode))

    def all(self) -> list[PaymentMode]:
        statement = self._rows.select().order_by(tables.payment_modes.c.id)
        return [_ROWS.entity(row) for row in self._rows.connection.execute(statement).mappings()]

    def slice(self, cursor: Cursor) -> Slice:
        return self._rows.slice(cursor, [], _ROWS.entity)
