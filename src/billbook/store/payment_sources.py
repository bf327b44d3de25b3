"""Payment sources of one tenant's customers."""

from collections import defaultdict

from sqlalchemy import Connection

from billbook.domain.listing import Cursor, Slice
from billbook.domain.payment_sources import PaymentSource
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(PaymentSource)


class PaymentSourceRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.payment_sources)

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
        columns = tables.payment_sources.c
        condition = columns.customer_id == customer_ids[0] if len(customer_ids) == 1 \
            else columns.customer_id.in_(customer_ids)
        rows = self._rows.connection.execute(self._rows.select(condition).order_by(columns.id)).mappings()
        owned: dict[int, list[PaymentSource]] = defaultdict(list)
        for row in rows:
            owned[row["customer_id"]].append(_ROWS.entity(row))
        return owned
