"""Idempotency key records of one tenant."""

from datetime import datetime

from sqlalchemy import Connection, and_, delete, select, update

from billbook.domain.idempotency import KeyRecord, StoredResponse
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.scoped import INSERTS

_KEYS = tables.idempotency_keys


class IdempotencyRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._connection = connection
        self._tenant = tenant

    def _this(self, key: str):
        columns = _KEYS.c
        return and_(columns.account_id == self._tenant.account_id, columns.livemode == self._tenant.livemode,
                    columns.key == key)

    def claim(self, key: str, fingerprint: str, now: datetime) -> bool:
        """Record that a request holds the key; False when the key is already recorded."""
        statement = INSERTS[self._connection.dialect.name](_KEYS).values(
            account_id=self._tenant.account_id, livemode=self._tenant.livemode, key=key,
            request_fingerprint=fingerprint, created_at=now,
        ).on_conflict_do_nothing().returning(_KEYS.c.key)
        return self._connection.execute(statement).first() is not None

    def get(self, key: str) -> KeyRecord | None:
        row = self._connection.execute(select(_KEYS).where(self._this(key))).mappings().first()
        if row is None:
            return None
        response = None if row["status"] is None else StoredResponse(row["status"], row["content_type"], row["body"])
        return KeyRecord(row["key"], row["request_fingerprint"], row["created_at"], response)

    def store_response(self, key: str, response: StoredResponse) -> None:
        self._connection.execute(update(_KEYS).where(self._this(key)).values(
            status=response.status, content_type=response.content_type, body=response.body))

    def forget(self, key: str) -> None:
        self._connection.execute(delete(_KEYS).where(self._this(key)))
