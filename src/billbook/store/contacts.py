"""Contacts of one tenant's customers."""

from sqlalchemy import Connection

from billbook.domain.contacts import Contact
from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(Contact)


class ContactRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.contacts)

    def add(self, contact: Contact) -> Contact:
        contact.id = self._rows.insert(_ROWS.columns(contact))
        return contact

    def get(self, customer_id: int, contact_id: int) -> Contact | None:
        row = self._rows.by_id(contact_id)
        return _ROWS.entity(row) if row and row["customer_id"] == customer_id else None

    def count_for(self, customer_id: int) -> int:
        return self._rows.count(tables.contacts.c.customer_id == customer_id)

    def save(self, contact: Contact) -> None:
        self._rows.update(contact.id, _ROWS.columns(contact))

    def remove(self, contact_id: int) -> bool:
        return self._rows.delete(contact_id)

    def page(self, customer_id: int, query: ListQuery) -> tuple[list[Contact], int]:
        return self._rows.page(query, [tables.contacts.c.customer_id == customer_id], _ROWS.entity)
