"""Idempotency key records of one tenant."""

import hashlib
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, select

from billbook.domain.idempotency import KeyRecord, StoredResponse
from billbook.domain.tenancy import Tenant
from billbook.store import tables

_KEYS = tables.idempotency_keys


class IdempotencyRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._connection = connection
        self._tenant = tenant

    def _this(self, key: str):
        columns = _KEYS.c
        return and_(columns.account_id == self._tenant.account_id, columns.livemode == self._tenant.livemode,
                    columns.key == key)

    def hold(self, key: str) -> bool:
        """Hold the key until the transaction ends; False while another transaction holds it.

        On PostgreSQL this is a transaction-scoped advisory lock, which the server releases when the
        holder commits, rolls back or dies, so a key is never left held by a crashed process. On
        SQLite the transaction's write lock already keeps every other writer out."""
        if self._connection.dialect.name != "postgresql":
            return True
        digest = hashlib.sha256(f"{self._tenant.account_id}:{self._tenant.livemode}:{key}".encode()).digest()
        lock_id = int.from_bytes(digest[:8], "big", signed=True)
        return bool(self._connection.execute(select(func.pg_try_advisory_xact_lock(lock_id))).scalar())

    def get(self, key: str) -> KeyRecord | None:
        row = self._connection.execute(select(_KEYS).where(self._this(key))).mappings().first()
        if row is None:
            return None
        response = None if row["status"] is None else StoredResponse(row["status"], row["content_type"], row["body"])
        return KeyRecord(row["key"], row["request_fingerprint"], row["created_at"], response)

    def record(self, key: str, fingerprint: str, response: StoredResponse, now: datetime) -> None:
        self._connection.execute(insert(_KEYS).values(
            account_id=self._tenant.account_id, livemode=self._tenant.livemode, key=key,
            request_fingerprint=fingerprint, created_at=now, status=response.status,
            content_type=response.content_type, body=response.body))

    def forget(self, key: str) -> None:
        self._connection.execute(delete(_KEYS).where(self._this(key)))
