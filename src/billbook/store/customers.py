"""Customers of one tenant, with the payment sources they own."""

from sqlalchemy import Connection, delete, exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement

from billbook.domain.customers import Customer
from billbook.domain.listing import Cursor, ListQuery, Slice
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.counters import CounterRepository
from billbook.store.credits import customers_with_credit
from billbook.store.invoices import open_balance_condition
from billbook.store.payment_sources import PaymentSourceRepository
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(Customer, loaded_apart=("payment_sources",))
# Kept with every add and remove so an unfiltered list need not count its rows.
_COUNT = "customers"
_IDENTIFIERS = tables.customer_source_identifiers


class CustomerInUse(Exception):
    """Rows that are kept (invoices, payments, credit entries…) still name the customer."""


class CustomerRepository:
    def __init__(self, connection: Connection, tenant: Tenant, counters: CounterRepository,
                 payment_sources: PaymentSourceRepository):
        self._rows = TenantTable(connection, tenant, tables.customers)
        self._counters = counters
        self._payment_sources = payment_sources
        self._tenant = tenant

    def add(self, customer: Customer) -> bool:
        """Store a new customer and set its id; False (and nothing stored) when its number is taken."""
        customer.id = self._rows.insert_unless_taken(_ROWS.columns(customer), "uq_customers_tenant_number")
        if customer.id is None:
            return False
        self._counters.add(_COUNT, 1)
        if customer.sources:
            self._index_sources(customer)
        return True

    def add_many(self, customers: list[Customer]) -> None:
        """Bulk import, one statement for all rows; ids are not read back (nor sources indexed)."""
        self._rows.insert_many([_ROWS.columns(customer) for customer in customers])
        self._counters.add(_COUNT, len(customers))

    def get(self, reference: int | str, for_update: bool = False, for_key_share: bool = False) -> Customer | None:
        """By integer id or public id; `for_update` locks it until the transaction ends (serialising
        changes to what it owns), `for_key_share` keeps it from being deleted meanwhile."""
        row = self._rows.by_reference(reference, for_update, for_key_share)
        return self._with_payment_sources([_ROWS.entity(row)])[0] if row else None

    def get_many(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        statement = self._rows.select(tables.customers.c.id.in_(customer_ids))
        found = self._with_payment_sources([_ROWS.entity(row) for row in self._rows.connection.execute(statement)
                                            .mappings()])
        return {customer.id: customer for customer in found}

    def after(self, customer_id: int, limit: int) -> list[Customer]:
        """Up to `limit` customers with ids above `customer_id`, in id order, without their payment
        sources: every customer, a batch at a time, for reading them all without holding them all."""
        columns = tables.customers.c
        statement = self._rows.select(columns.id > customer_id).order_by(columns.id).limit(limit)
        return [_ROWS.entity(row) for row in self._rows.connection.execute(statement).mappings()]

    def save(self, customer: Customer, sources_changed: bool = False) -> bool:
        """Store the customer's changes; False (nothing stored) when its new number is taken.

        The unique constraint decides, so two concurrent renumberings cannot both win."""
        try:
            self._rows.update(customer.id, _ROWS.columns(customer))
        except IntegrityError:
            return False
        if sources_changed:
            self._rows.connection.execute(delete(_IDENTIFIERS).where(*self._owned_identifiers(),
                                                                     _IDENTIFIERS.c.customer_id == customer.id))
            self._index_sources(customer)
        return True

    def remove(self, customer_id: int) -> bool:
        """Delete the customer with what only it owns (contacts, payment sources, source identifiers);
        False when there is no such customer. Raises `CustomerInUse`, deleting nothing, while rows kept
        for the ledger (invoices, payments, credit entries…) name it: their foreign keys decide, so no
        list of what keeps a customer can miss one."""
        try:
            # A savepoint, because PostgreSQL aborts the whole transaction on a violation.
            with self._rows.connection.begin_nested():
                removed = self._rows.delete(customer_id)
        except IntegrityError:
            raise CustomerInUse(customer_id) from None
        if removed:
            self._counters.add(_COUNT, -1)
        return removed

    def page(self, query: ListQuery) -> tuple[list[Customer], int]:
        total = self._counters.current(_COUNT) if query.selects_everything else None
        found, total = self._rows.page(query, self._ledger_conditions(query), _ROWS.entity, total)
        return self._with_payment_sources(found), total

    def slice(self, query: ListQuery, cursor: Cursor) -> Slice:
        total = self._counters.current(_COUNT) if query.selects_everything else None
        found = self._rows.slice(cursor, self._ledger_conditions(query), _ROWS.entity, total)
        self._with_payment_sources(found.items)
        return found

    def _with_payment_sources(self, customers: list[Customer]) -> list[Customer]:
        owned = self._payment_sources.for_customers([customer.id for customer in customers])
        for customer in customers:
            customer.payment_sources = owned.get(customer.id, [])
        return customers

    def _index_sources(self, customer: Customer) -> None:
        identifiers = {source["identifier"] for source in customer.sources}
        if identifiers:
            scope = {"account_id": self._tenant.account_id, "livemode": self._tenant.livemode,
                     "customer_id": customer.id}
            self._rows.connection.execute(insert(_IDENTIFIERS), [{**scope, "identifier": identifier}
                                                                 for identifier in identifiers])

    def _tenant_of(self, table) -> list[ColumnElement[bool]]:
        return [table.c.account_id == self._tenant.account_id, table.c.livemode == self._tenant.livemode]

    def _owned_identifiers(self) -> list[ColumnElement[bool]]:
        return [_IDENTIFIERS.c.account_id == self._tenant.account_id,
                _IDENTIFIERS.c.livemode == self._tenant.livemode]

    def _ledger_conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = []
        customer_id = tables.customers.c.id
        if query.has_payment_source is not None:
            sources = tables.payment_sources.c
            has_source = exists(select(sources.id).where(sources.customer_id == customer_id))
            conditions.append(has_source if query.has_payment_source else ~has_source)
        if query.has_open_balance is not None:
            owing = customer_id.in_(open_balance_condition().where(*self._tenant_of(tables.invoices)))
            conditions.append(owing if query.has_open_balance else ~owing)
        if query.has_credit_balance is not None:
            crediting = customer_id.in_(customers_with_credit(self._tenant))
            conditions.append(crediting if query.has_credit_balance else ~crediting)
        if query.source is not None:
            matching = select(_IDENTIFIERS.c.customer_id).where(*self._owned_identifiers(),
                                                                _IDENTIFIERS.c.identifier == query.source)
            conditions.append(customer_id.in_(matching))
        return conditions
