"""Payment sources of one tenant's customers."""

from collections import defaultdict

from sqlalchemy import Connection, and_, bindparam, select

from billbook.domain.listing import Cursor, Slice
from billbook.domain.payment_sources import PaymentSource
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(PaymentSource)
_COLUMNS = tables.payment_sources.c
# Read with every customer shown, so built once.
_OWNED_BY = select(tables.payment_sources).where(and_(
    _COLUMNS.account_id == bindparam("_account"), _COLUMNS.livemode == bindparam("_live"),
    _COLUMNS.customer_id.in_(bindparam("_customers", expanding=True)))).order_by(_COLUMNS.id)


class PaymentSourceRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.payment_sources)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}

    def add(self, source: PaymentSource) -> PaymentSource:
        source.id = self._rows.insert(_ROWS.columns(source))
        return source

    def get(self, customer_id: int, public_id: str) -> PaymentSource | None:
        row = self._rows.by_public_id(public_id)
        return _ROWS.entity(row) if row and row["customer_id"] == customer_id else None

    def save(self, source: PaymentSource) -> None:
        self._rows.update(source.id, _ROWS.columns(source))

    def slice(self, customer_id: int, cursor: Cursor) -> Slice:
        return self._rows.slice(cursor, [tables.payment_sources.c.customer_id == customer_id], _ROWS.entity)

    def for_customers(self, customer_ids: list[int]) -> dict[int, list[PaymentSource]]:
        """Each customer's sources, oldest first (one query for a whole page of customers)."""
        if not customer_ids:
            return {}
        rows = self._rows.connection.execute(_OWNED_BY, {**self._scope, "_customers": customer_ids}).mappings()
        owned: dict[int, list[PaymentSource]] = defaultdict(list)
        for row in rows:
            owned[row["customer_id"]].append(_ROWS.entity(row))
        return owned
