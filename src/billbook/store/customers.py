"""Customers of one tenant."""

from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, exists, false, select, true
from sqlalchemy.sql import ColumnElement

from billbook.domain.customers import Customer
from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.scoped import TenantTable

_FIELDS = tuple(f.name for f in fields(Customer))


def _to_customer(row: Mapping[str, Any]) -> Customer:
    return Customer(**{name: row[name] for name in _FIELDS})


def _columns(customer: Customer) -> dict[str, Any]:
    values = asdict(customer)
    values.pop("id")
    return values


class CustomerRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.customers)

    def add(self, customer: Customer) -> Customer:
        customer.id = self._rows.insert(_columns(customer))
        return customer

    def get(self, customer_id: int) -> Customer | None:
        row = self._rows.one(tables.customers.c.id == customer_id)
        return _to_customer(row) if row else None

    def get_many(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        statement = self._rows.select(tables.customers.c.id.in_(customer_ids))
        rows = self._rows.connection.execute(statement).mappings()
        return {row["id"]: _to_customer(row) for row in rows}

    def number_taken(self, number: str, other_than: int | None = None) -> bool:
        conditions = [tables.customers.c.number == number]
        if other_than is not None:
            conditions.append(tables.customers.c.id != other_than)
        return self._rows.exists(*conditions)

    def save(self, customer: Customer) -> None:
        self._rows.update(customer.id, _columns(customer))

    def remove(self, customer_id: int) -> bool:
        return self._rows.delete(customer_id)

    def page(self, query: ListQuery) -> tuple[list[Customer], int]:
        return self._rows.page(query, self._ledger_conditions(query), _to_customer)

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
