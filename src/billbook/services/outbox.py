"""The outbox across every tenant, as the delivery worker and the operators watching it use it.

Operators (`billbook outbox …`) and the worker share these use cases; each is one transaction,
so a claim, a renewal or an outcome is committed on its own, before the next message is touched.
The locking that keeps workers off each other's messages lives in the store's `OutboxQueue`.
"""

from collections.abc import Iterable
from datetime import datetime

from billbook.domain.outbox import OutboxMessage
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork


def due_batch(database: Database, now: datetime, lease_until: datetime, batch_size: int,
              channels: Iterable[str]) -> tuple[list[OutboxMessage], dict[int, str]]:
    """Up to `batch_size` due messages of these channels, claimed until `lease_until`, and the
    names of the accounts they are sent for. An idle queue is seen by a read alone, so polling
    it takes no write lock."""
    with AdminUnitOfWork(database, write=False) as admin:
        if not admin.outbox_queue.anything_due(now):
            return [], {}
    with AdminUnitOfWork(database) as admin:
        batch = admin.outbox_queue.claim(now, lease_until, batch_size, channels)
        senders = admin.outbox_queue.senders(message.account_id for message in batch)
        admin.commit()
    return batch, senders


def renew(database: Database, message: OutboxMessage, until: datetime) -> bool:
    """Extend a message's claim before it is handed over; False when the claim was lost."""
    with AdminUnitOfWork(database) as admin:
        renewed = admin.outbox_queue.renew(message, until)
        admin.commit()
    return renewed


def record(database: Database, message: OutboxMessage, lease: datetime) -> bool:
    """Keep the outcome of an attempt; False when the lease ran out and another claim holds it."""
    with AdminUnitOfWork(database) as admin:
        kept = admin.outbox_queue.record(message, lease)
        admin.commit()
    return kept


def release(database: Database, messages: Iterable[OutboxMessage]) -> None:
    """Give back claimed messages that were not attempted (their worker is stopping)."""
    with AdminUnitOfWork(database) as admin:
        for message in messages:
            admin.outbox_queue.release(message)
        admin.commit()


def list_messages(database: Database, account_id: int | None = None, state: str | None = None,
                  limit: int = 100) -> list[OutboxMessage]:
    """The newest messages first, without their attachments."""
    with AdminUnitOfWork(database, write=False) as admin:
        return admin.outbox_queue.list(account_id, state, limit)


def retry(database: Database, public_id: str, now: datetime) -> OutboxMessage | None:
    """Queue a message again, due now; None when there is no such message. Raises `Conflict` for
    a message a worker is delivering right now."""
    with AdminUnitOfWork(database) as admin:
        message = admin.outbox_queue.retry(public_id, now)
        admin.commit()
    return message
