"""Contacts of one tenant's customers."""

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from sqlalchemy import Connection

from billbook.domain.contacts import Contact
from billbook.domain.listing import ListQuery
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.scoped import TenantTable

_FIELDS = tuple(f.name for f in fields(Contact))


def _to_contact(row: Mapping[str, Any]) -> Contact:
    return Contact(**{name: row[name] for name in _FIELDS})


def _columns(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in _FIELDS if name != "id"}


class ContactRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.contacts)

    def add(self, contact: Contact) -> Contact:
        contact.id = self._rows.insert(_columns(contact))
        return contact

    def get(self, customer_id: int, contact_id: int) -> Contact | None:
        row = self._rows.by_id(contact_id)
        return _to_contact(row) if row and row["customer_id"] == customer_id else None

    def count_for(self, customer_id: int) -> int:
        return self._rows.count(tables.contacts.c.customer_id == customer_id)

    def save(self, contact: Contact) -> None:
        self._rows.update(contact.id, _columns(contact))

    def remove(self, contact_id: int) -> bool:
        return self._rows.delete(contact_id)

    def page(self, customer_id: int, query: ListQuery) -> tuple[list[Contact], int]:
        return self._rows.page(query, [tables.contacts.c.customer_id == customer_id], _to_contact)
