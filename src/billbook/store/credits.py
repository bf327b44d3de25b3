"""Customers' credit balances of one tenant: the entries, each with the balance it left."""

from sqlalchemy import Connection, and_, bindparam, func, select

from billbook.domain.credits import ADJUSTMENT, CreditEntry
from billbook.domain.statements import CreditAdjustment
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(CreditEntry)
_C = tables.credit_entries.c
_OWNED = and_(_C.account_id == bindparam("_account"), _C.livemode == bindparam("_live"),
              _C.customer_id == bindparam("_customer"))
_CURRENT = (select(_C.balance).where(_OWNED, _C.currency == bindparam("_currency"))
            .order_by(_C.id.desc()).limit(1))
_HISTORY = select(tables.credit_entries).where(_OWNED).order_by(_C.id.desc())
_ADJUSTMENTS = (select(_C.date, _C.amount, _C.notes)
                .where(_OWNED, _C.currency == bindparam("_currency"), _C.kind == ADJUSTMENT).order_by(_C.id))


class CreditRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.credit_entries)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}

    def current(self, customer_id: int, currency: str) -> int:
        """The customer's credit balance in that currency (lock the customer before changing it)."""
        found = self._rows.connection.execute(_CURRENT, {**self._scope, "_customer": customer_id,
                                                         "_currency": currency}).scalar()
        return found or 0

    def add(self, entry: CreditEntry) -> CreditEntry:
        entry.id = self._rows.insert(_ROWS.columns(entry))
        return entry

    def history(self, customer_id: int, currency: str | None = None) -> list[CreditEntry]:
        """Every change, newest first."""
        statement = _HISTORY if currency is None else _HISTORY.where(_C.currency == currency)
        rows = self._rows.connection.execute(statement, {**self._scope, "_customer": customer_id}).mappings()
        return [_ROWS.entity(row) for row in rows]

    def adjustments(self, customer_id: int, currency: str) -> list[CreditAdjustment]:
        """The direct changes of the customer's credit balance in a currency, oldest first (what
        payments add and spend comes with the payments)."""
        rows = self._rows.connection.execute(_ADJUSTMENTS, {**self._scope, "_customer": customer_id,
                                                            "_currency": currency})
        return [CreditAdjustment(*row) for row in rows]



def customers_with_credit(tenant: Tenant):
    """The tenant's customers with some credit balance left in a currency (the `balance` filter)."""
    latest = (select(func.max(_C.id)).where(_C.account_id == tenant.account_id, _C.livemode == tenant.livemode)
              .group_by(_C.customer_id, _C.currency))
    return select(_C.customer_id).where(_C.id.in_(latest), _C.balance > 0)
