"""Accounts and their API keys. Above tenancy: only administration and authentication use it."""

from datetime import datetime

from sqlalchemy import Connection, bindparam, func, insert, select, update

from billbook.domain.accounts import Account
from billbook.domain.tenancy import Mode, Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping

_ROWS = RowMapping(Account)
# Read by every invoice issued (the supplier's details), so built once.
_BY_ID = select(tables.accounts).where(tables.accounts.c.id == bindparam("_id"))
# SQLite has no FOR UPDATE and needs none: its writers take the database's one write lock up front.
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()


class AccountRepository:
    def __init__(self, connection: Connection):
        self._connection = connection

    def add(self, account: Account) -> Account:
        statement = insert(tables.accounts).values(**_ROWS.columns(account)).returning(tables.accounts.c.id)
        account.id = self._connection.execute(statement).scalar_one()
        return account

    def get(self, account_id: int, for_update: bool = False) -> Account | None:
        """The account; `for_update` locks its row until the transaction ends, so that a change
        read from it is not overwritten by one made meanwhile."""
        statement = _BY_ID_FOR_UPDATE if for_update else _BY_ID
        row = self._connection.execute(statement, {"_id": account_id}).mappings().first()
        return _ROWS.entity(row) if row else None

    def save(self, account: Account) -> None:
        """Rewrite the account's details (its id and creation time stay)."""
        values = {key: value for key, value in _ROWS.columns(account).items() if key not in ("id", "created_at")}
        self._connection.execute(update(tables.accounts).where(tables.accounts.c.id == account.id).values(**values))

    def count(self) -> int:
        return self._connection.execute(select(func.count()).select_from(tables.accounts)).scalar_one()

    def add_key(self, tenant: Tenant, fingerprint: str, prefix: str, now: datetime) -> None:
        self._connection.execute(insert(tables.api_keys).values(
            account_id=tenant.account_id, livemode=tenant.livemode, fingerprint=fingerprint,
            prefix=prefix, created_at=now,
        ))

    def revoke_keys(self, tenant: Tenant, now: datetime) -> int:
        keys = tables.api_keys.c
        statement = update(tables.api_keys).where(
            keys.account_id == tenant.account_id, keys.livemode == tenant.livemode, keys.revoked_at.is_(None)
        ).values(revoked_at=now)
        return self._connection.execute(statement).rowcount

    def tenant_for_key(self, fingerprint: str) -> tuple[Tenant, str] | None:
        """The tenant a live (unrevoked) key opens, and its account's country."""
        keys = tables.api_keys.c
        row = self._connection.execute(
            select(keys.account_id, keys.livemode, tables.accounts.c.country)
            .join(tables.accounts, tables.accounts.c.id == keys.account_id)
            .where(keys.fingerprint == fingerprint, keys.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        return Tenant(row.account_id, Mode.LIVE if row.livemode else Mode.TEST), row.country
