"""Customers of one tenant."""

from sqlalchemy import Connection, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement

from billbook.domain.customers import Customer
from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.counters import CounterRepository
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(Customer)
# Kept with every add and remove so an unfiltered list need not count its rows.
_COUNT = "customers"


class CustomerRepository:
    def __init__(self, connection: Connection, tenant: Tenant, counters: CounterRepository):
        self._rows = TenantTable(connection, tenant, tables.customers)
        self._counters = counters

    def add(self, customer: Customer) -> bool:
        """Store a new customer and set its id; False (and nothing stored) when its number is taken."""
        customer.id = self._rows.insert_unless_taken(_ROWS.columns(customer), "uq_customers_tenant_number")
        if customer.id is None:
            return False
        self._counters.add(_COUNT, 1)
        return True

    def add_many(self, customers: list[Customer]) -> None:
        """Bulk import, one statement for all rows; ids are not read back."""
        self._rows.insert_many([_ROWS.columns(customer) for customer in customers])
        self._counters.add(_COUNT, len(customers))

    def get(self, customer_id: int) -> Customer | None:
        row = self._rows.by_id(customer_id)
        return _ROWS.entity(row) if row else None

    def get_many(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        statement = self._rows.select(tables.customers.c.id.in_(customer_ids))
        rows = self._rows.connection.execute(statement).mappings()
        return {row["id"]: _ROWS.entity(row) for row in rows}

    def save(self, customer: Customer) -> bool:
        """Store the customer's changes; False (nothing stored) when its new number is taken.

        The unique constraint decides, so two concurrent renumberings cannot both win."""
        try:
            self._rows.update(customer.id, _ROWS.columns(customer))
        except IntegrityError:
            return False
        return True

    def lock(self, customer_id: int) -> Customer | None:
        """The customer, locked until the transaction ends (serialises changes to what it owns)."""
        row = self._rows.by_id(customer_id, for_update=True)
        return _ROWS.entity(row) if row else None

    def remove(self, customer_id: int) -> bool:
        removed = self._rows.delete(customer_id)
        if removed:
            self._counters.add(_COUNT, -1)
        return removed

    def page(self, query: ListQuery) -> tuple[list[Customer], int]:
        total = self._counters.current(_COUNT) if query.selects_everything else None
        return self._rows.page(query, self._ledger_conditions(query), _ROWS.entity, total)

    def _ledger_conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = []
        if query.has_payment_source is not None:
            sources = tables.payment_sources.c
            has_source = exists(select(sources.id).where(sources.customer_id == tables.customers.c.id))
            conditions.append(has_source if query.has_payment_source else ~has_source)
        return conditions
