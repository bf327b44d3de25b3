"""The providers each account has connected: what is not secret as JSON, the secret sealed.

Above tenancy like accounts themselves: a connection serves the account in both modes, and only
administration and the delivery worker read it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select

from billbook.store import tables
from billbook.store.scoped import INSERTS

_COLUMNS = tables.provider_connections.c
_WHERE = (_COLUMNS.account_id == bindparam("account"), _COLUMNS.provider == bindparam("provider"))
_GET = select(tables.provider_connections).where(*_WHERE)
_DELETE = delete(tables.provider_connections).where(*_WHERE)


@dataclass(frozen=True, slots=True)
class StoredConnection:
    account_id: int
    provider: str
    settings: dict[str, Any]
    secret: bytes = field(repr=False)  # sealed: see delivery/secrets.py
    created_at: datetime
    updated_at: datetime


@cache
def _save_statement(dialect: str):
    table = tables.provider_connections
    statement = INSERTS[dialect](table)
    # Connecting again replaces the credentials and keeps when the provider was first connected.
    return statement.on_conflict_do_update(
        index_elements=[table.c.account_id, table.c.provider],
        set_={"settings": statement.excluded.settings, "secret": statement.excluded.secret,
              "updated_at": statement.excluded.updated_at},
    )


class ProviderConnectionRepository:
    def __init__(self, connection: Connection):
        self._connection = connection

    def save(self, account_id: int, provider: str, settings: dict[str, Any], secret: bytes, now: datetime) -> None:
        self._connection.execute(_save_statement(self._connection.dialect.name), {
            "account_id": account_id, "provider": provider, "settings": settings, "secret": secret,
            "created_at": now, "updated_at": now,
        })

    def get(self, account_id: int, provider: str) -> StoredConnection | None:
        row = self._connection.execute(_GET, {"account": account_id, "provider": provider}).mappings().first()
        return StoredConnection(**{**row, "secret": bytes(row["secret"])}) if row else None

    def delete(self, account_id: int, provider: str) -> bool:
        return self._connection.execute(_DELETE, {"account": account_id, "provider": provider}).rowcount > 0
