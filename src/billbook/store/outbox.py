"""The outbox: one tenant's messages (written by the requests that send them), and the queue
workers claim them from, across every tenant.

Claiming marks a batch of due messages `sending` with a lease (`claimed_until`) in one short
transaction: on PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED`, so workers claiming at
once each take different rows without waiting for each other; on SQLite the writing transaction
holds the database's one write lock. A worker that dies leaves its lease to run out, and the
message is claimed again. An outcome is recorded only by the claim that holds the lease.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, and_, func, or_, select, update

from billbook.domain.errors import Conflict
from billbook.domain.outbox import FAILED, MAX_ATTEMPTS, QUEUED, SENDING, OutboxMessage
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_ROWS = RowMapping(OutboxMessage)
_TABLE = tables.outbox_messages
_OUTCOME = ("state", "reject_reason", "next_attempt_at", "claimed_until", "provider_reference", "details",
            "updated_at", "delivered_at", "attempts")


def _due(now: datetime):
    columns = _TABLE.c
    return and_(columns.state.in_((QUEUED, SENDING)), columns.next_attempt_at <= now,
                or_(columns.claimed_until.is_(None), columns.claimed_until < now))


class OutboxRepository:
    """One tenant's messages."""

    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, _TABLE)
        self._tenant = tenant

    def add(self, message: OutboxMessage) -> OutboxMessage:
        if (message.account_id, message.livemode) != (self._tenant.account_id, self._tenant.livemode):
            raise ValueError("a message belongs to the tenant that writes it")
        message.id = self._rows.insert(_ROWS.columns(message))
        return message

    def get(self, public_id: str) -> OutboxMessage | None:
        row = self._rows.by_public_id(public_id)
        return _ROWS.entity(row) if row else None

    def for_customer(self, customer_id: int) -> list[OutboxMessage]:
        statement = self._rows.select(_TABLE.c.customer_id == customer_id).order_by(_TABLE.c.id)
        return [_ROWS.entity(row) for row in self._rows.connection.execute(statement).mappings()]


class OutboxQueue:
    """Every tenant's messages, as the workers that deliver them and the operators who watch
    them see them. Nothing here is reachable from the API."""

    def __init__(self, connection: Connection):
        self._connection = connection

    def anything_due(self, now: datetime) -> bool:
        """A read, so an idle worker polls without taking SQLite's write lock."""
        return self._connection.execute(select(_TABLE.c.id).where(_due(now)).limit(1)).first() is not None

    def claim(self, now: datetime, lease_until: datetime, limit: int,
              channels: Iterable[str] | None = None) -> list[OutboxMessage]:
        """Up to `limit` due messages, oldest due first, now `sending` under this claim's lease;
        each claim counts as an attempt, so a message whose worker keeps dying fails in the end."""
        # A message claimed this often whose worker never recorded an outcome (it died each time)
        # fails for good rather than being claimed forever.
        self._connection.execute(
            update(_TABLE).where(_due(now), _TABLE.c.attempts >= MAX_ATTEMPTS)
            .values(state=FAILED, claimed_until=None, updated_at=now,
                    reject_reason=f"gave up after {MAX_ATTEMPTS} attempts whose outcome was never recorded"))
        conditions = [_due(now)]
        if channels is not None:
            conditions.append(_TABLE.c.channel.in_(tuple(channels)))
        chosen = (select(_TABLE.c.id).where(*conditions).order_by(_TABLE.c.next_attempt_at, _TABLE.c.id)
                  .limit(limit).with_for_update(skip_locked=True))
        statement = (update(_TABLE).where(_TABLE.c.id.in_(chosen.scalar_subquery()))
                     .values(state=SENDING, claimed_until=lease_until, attempts=_TABLE.c.attempts + 1,
                             updated_at=now)
                     .returning(*_TABLE.c))
        rows = self._connection.execute(statement).mappings().all()
        return sorted((_ROWS.entity(row) for row in rows), key=lambda message: (message.next_attempt_at, message.id))

    def record(self, message: OutboxMessage, lease: datetime) -> bool:
        """Keep the outcome of an attempt, unless the lease ran out and another claim took the
        message meanwhile (then that claim's outcome is the one kept)."""
        statement = (update(_TABLE).where(_TABLE.c.id == message.id, _TABLE.c.state == SENDING,
                                          _TABLE.c.claimed_until == lease)
                     .values({name: getattr(message, name) for name in _OUTCOME}))
        return self._connection.execute(statement).rowcount == 1

    def renew(self, message: OutboxMessage, lease_until: datetime) -> bool:
        """Extend the claim just before the message is handed over, so a slow batch's last messages
        are not taken by another worker meanwhile; False when the claim was lost already."""
        statement = (update(_TABLE).where(_TABLE.c.id == message.id, _TABLE.c.state == SENDING,
                                          _TABLE.c.claimed_until == message.claimed_until)
                     .values(claimed_until=lease_until))
        if self._connection.execute(statement).rowcount != 1:
            return False
        message.claimed_until = lease_until
        return True

    def release(self, message: OutboxMessage) -> None:
        """Give back a claimed message that was not attempted (its worker is stopping)."""
        self._connection.execute(
            update(_TABLE).where(_TABLE.c.id == message.id, _TABLE.c.claimed_until == message.claimed_until)
            .values(state=QUEUED, claimed_until=None, attempts=_TABLE.c.attempts - 1))

    def get(self, public_id: str) -> OutboxMessage | None:
        row = self._connection.execute(select(_TABLE).where(_TABLE.c.public_id == public_id)).mappings().first()
        return _ROWS.entity(row) if row else None

    def list(self, account_id: int | None = None, state: str | None = None, limit: int = 100) -> list[OutboxMessage]:
        """The newest messages first, without their attachments."""
        columns = [column for column in _TABLE.c if column.name != "attachment"]
        statement = select(*columns).order_by(_TABLE.c.id.desc()).limit(limit)
        if account_id is not None:
            statement = statement.where(_TABLE.c.account_id == account_id)
        if state is not None:
            statement = statement.where(_TABLE.c.state == state)
        return [_ROWS.entity({**row, "attachment": None}) for row in self._connection.execute(statement).mappings()]

    def retry(self, public_id: str, now: datetime) -> OutboxMessage | None:
        """Queue a message again, due now (an operator resending it); not one a worker is
        delivering right now (that would send it twice)."""
        message = self.get(public_id)
        if message is None:
            return None
        if message.state == SENDING and message.claimed_until and message.claimed_until > now:
            raise Conflict(f"message {public_id} is being delivered right now")
        message.requeue(now)
        self._connection.execute(update(_TABLE).where(_TABLE.c.id == message.id)
                                 .values({name: getattr(message, name) for name in _OUTCOME}))
        return message

    def counts(self) -> dict[str, int]:
        statement = select(_TABLE.c.state, func.count()).group_by(_TABLE.c.state)
        return {state: count for state, count in self._connection.execute(statement)}

    def senders(self, account_ids: Iterable[int]) -> dict[int, str]:
        """The names of the accounts messages are sent for."""
        wanted = sorted(set(account_ids))
        if not wanted:
            return {}
        statement = select(tables.accounts.c.id, tables.accounts.c.name).where(tables.accounts.c.id.in_(wanted))
        return {row.id: row.name for row in self._connection.execute(statement)}
