"""The worker against slow providers and a busy queue: a claim is extended message by message, so
two workers never deliver one message twice even when a batch outlasts its lease; a message whose
worker keeps dying fails in the end; an operator cannot resend a message being delivered."""

import asyncio
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from billbook.delivery.outcomes import Delivered
from billbook.delivery.worker import Worker
from billbook.domain.errors import Conflict
from billbook.domain.outbox import FAILED, MAX_ATTEMPTS
from billbook.store.unit_of_work import AdminUnitOfWork
from tests.store.test_outbox import own_database, queue  # noqa: F401 (a fixture)


def test_two_workers_with_a_lease_shorter_than_a_batch_deliver_each_message_once(own_database):  # noqa: F811
    _account, messages = queue(own_database, 6, due=datetime.now(timezone.utc) - timedelta(seconds=1))
    delivered = Counter()

    async def slow(message, _account_name):
        await asyncio.sleep(0.3)  # six of these outlast the 1 s lease of a batch
        delivered[message.public_id] += 1
        return Delivered(f"<{message.public_id}@test>", {})

    async def polling(worker: Worker, seconds: float) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < deadline:
            await worker.run_once()
            await asyncio.sleep(0.05)

    async def both():
        first, second = (Worker(own_database, {"email": slow}, batch_size=6, lease=timedelta(seconds=1))
                         for _ in range(2))
        await asyncio.gather(first.run_once(), polling(second, 3.0))

    asyncio.run(both())
    assert set(delivered) == {message.public_id for message in messages}
    assert max(delivered.values()) == 1, delivered


def test_a_message_whose_worker_keeps_dying_fails_in_the_end(own_database):  # noqa: F811
    now = datetime.now(timezone.utc)
    _account, [message] = queue(own_database, 1, due=now - timedelta(hours=1))
    for attempt in range(MAX_ATTEMPTS + 1):
        with AdminUnitOfWork(own_database) as admin:
            # Claimed, then never recorded: the lease (1 µs) lapses at once, as when a worker dies.
            admin.outbox_queue.claim(now + timedelta(seconds=attempt), now + timedelta(seconds=attempt, microseconds=1),
                                     10)
            admin.commit()
    with AdminUnitOfWork(own_database, write=False) as admin:
        final = admin.outbox_queue.get(message.public_id)
    assert final.state == FAILED and "never recorded" in final.reject_reason


def test_an_operator_cannot_resend_a_message_being_delivered(own_database):  # noqa: F811
    now = datetime.now(timezone.utc)
    _account, [message] = queue(own_database, 1, due=now - timedelta(seconds=1))
    with AdminUnitOfWork(own_database) as admin:
        admin.outbox_queue.claim(now, now + timedelta(minutes=5), 10)
        admin.commit()
    with AdminUnitOfWork(own_database) as admin, pytest.raises(Conflict):
        admin.outbox_queue.retry(message.public_id, now)
