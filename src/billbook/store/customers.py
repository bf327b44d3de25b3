"""Customers of one tenant."""

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from sqlalchemy import Connection, bindparam, exists, false, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement

from billbook.domain.customers import Customer
from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.counters import CounterRepository
from billbook.store.scoped import TenantTable

_FIELDS = tuple(f.name for f in fields(Customer))
# Kept with every add and remove so an unfiltered list need not count its rows.
_COUNT = "customers"
_NUMBER_TAKEN = select(tables.customers.c.id).where(
    tables.customers.c.account_id == bindparam("account"), tables.customers.c.livemode == bindparam("live"),
    tables.customers.c.number == bindparam("number"))


def _to_customer(row: Mapping[str, Any]) -> Customer:
    return Customer(**{name: row[name] for name in _FIELDS})


def _columns(customer: Customer) -> dict[str, Any]:
    return {name: getattr(customer, name) for name in _FIELDS if name != "id"}


class CustomerRepository:
    def __init__(self, connection: Connection, tenant: Tenant, counters: CounterRepository):
        self._rows = TenantTable(connection, tenant, tables.customers)
        self._counters = counters

    def add(self, customer: Customer) -> bool:
        """Store a new customer and set its id; False (and nothing stored) when its number is taken."""
        customer.id = self._rows.insert_unless_taken(_columns(customer), "uq_customers_tenant_number")
        if customer.id is None:
            return False
        self._counters.add(_COUNT, 1)
        return True

    def add_many(self, customers: list[Customer]) -> None:
        """Bulk import, one statement for all rows; ids are not read back."""
        self._rows.insert_many([_columns(customer) for customer in customers])
        self._counters.add(_COUNT, len(customers))

    def get(self, customer_id: int) -> Customer | None:
        row = self._rows.by_id(customer_id)
        return _to_customer(row) if row else None

    def get_many(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        statement = self._rows.select(tables.customers.c.id.in_(customer_ids))
        rows = self._rows.connection.execute(statement).mappings()
        return {row["id"]: _to_customer(row) for row in rows}

    def number_taken(self, number: str) -> bool:
        params = {"account": self._rows.tenant.account_id, "live": self._rows.tenant.livemode, "number": number}
        return self._rows.connection.execute(_NUMBER_TAKEN, params).first() is not None

    def save(self, customer: Customer) -> bool:
        """Store the customer's changes; False (nothing stored) when its new number is taken."""
        try:
            self._rows.update(customer.id, _columns(customer))
        except IntegrityError:
            # A concurrent update took the number between the service's check and this write.
            return False
        return True

    def lock(self, customer_id: int) -> Customer | None:
        """The customer, locked until the transaction ends (serialises changes to what it owns)."""
        row = self._rows.by_id(customer_id, for_update=True)
        return _to_customer(row) if row else None

    def remove(self, customer_id: int) -> bool:
        removed = self._rows.delete(customer_id)
        if removed:
            self._counters.add(_COUNT, -1)
        return removed

    def page(self, query: ListQuery) -> tuple[list[Customer], int]:
        total = self._counters.current(_COUNT) if query.selects_everything else None
        return self._rows.page(query, self._ledger_conditions(query), _to_customer, total)

    def _ledger_conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = []
        if query.has_payment_source is not None:
            sources = tables.payment_sources.c
            has_source = exists(select(sources.id).where(sources.customer_id == tables.customers.c.id))
            conditions.append(has_source if query.has_payment_source else ~has_source)
        for wanted in (query.has_open_balance, query.has_credit_balance):
            # Balances come from invoices, payments and credits, which this ledger does not hold
            # yet: every customer's open balance and credit balance is zero.
            if wanted is not None:
                conditions.append(false() if wanted else true())
        return conditions
