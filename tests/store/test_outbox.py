"""The outbox on both databases: a tenant sees its own messages; workers claim due messages in
batches, never the same one twice at once, and only the claim holding the lease records."""

import threading
from datetime import datetime, timedelta, timezone

import pytest

from billbook.domain.outbox import OutboxMessage, transient
from billbook.services import customers
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork
from tests.conftest import Account
from tests.support.databases import fresh_database_url

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=5)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def own_database(request):
    postgresql_url = request.getfixturevalue("postgresql_url") if request.param == "postgresql" else None
    with fresh_database_url(request.param, postgresql_url) as url:
        database = Database(url)
        yield database
        database.dispose()


def queue(database: Database, count: int, due: datetime = T0) -> tuple[Account, list[OutboxMessage]]:
    account = Account(database)
    ctx = account.context()
    customer = customers.create(ctx, {"name": "Client", "email": "c@example.com"})
    with ctx.unit_of_work() as uow:
        messages = [uow.outbox.add(OutboxMessage.queued(
            account_id=account.id, livemode=True, channel="email", customer_id=customer.id,
            template="statement_email", recipient={"email": f"r{index}@example.com"}, attachment=b"%PDF",
            now=due)) for index in range(count)]
        uow.commit()
    return account, messages


def claim(database: Database, now: datetime, limit: int = 100) -> list[OutboxMessage]:
    with AdminUnitOfWork(database) as admin:
        claimed = admin.outbox_queue.claim(now, now + LEASE, limit)
        admin.commit()
    return claimed


def record(database: Database, message: OutboxMessage, lease: datetime) -> bool:
    with AdminUnitOfWork(database) as admin:
        kept = admin.outbox_queue.record(message, lease)
        admin.commit()
    return kept


def test_a_tenant_sees_only_its_own_messages(own_database):
    account, messages = queue(own_database, 1, due=T0 + timedelta(days=3650))
    other = Account(own_database)
    with other.context().unit_of_work(write=False) as uow:
        assert uow.outbox.get(messages[0].public_id) is None
    with account.context().unit_of_work(write=False) as uow:
        assert uow.outbox.get(messages[0].public_id).recipient == {"email": "r0@example.com"}


def test_claiming_takes_due_messages_in_batches_and_leases_them(own_database):
    now = T0 + timedelta(days=30)  # each test in its own era: claims see no other test's messages
    _, messages = queue(own_database, 5, due=now)
    assert not claim(own_database, now - timedelta(seconds=1))  # not due yet
    first = claim(own_database, now, limit=3)
    second = claim(own_database, now, limit=3)
    assert len(first) == 3 and len(second) == 2
    assert {m.public_id for m in first + second} == {m.public_id for m in messages}
    assert all(m.state == "sending" and m.attempts == 1 and m.claimed_until == now + LEASE for m in first)
    assert claim(own_database, now + timedelta(minutes=1)) == []  # leased
    # A worker that died leaves its lease to run out; the message is claimed again.
    again = claim(own_database, now + LEASE + timedelta(seconds=1))
    assert len(again) == 5 and all(m.attempts == 2 for m in again)
    # Only the latest claim records its outcome.
    stale = first[0]
    stale.delivered("<stale@x>", now)
    assert not record(own_database, stale, now + LEASE)
    fresh = next(m for m in again if m.id == stale.id)
    lease = fresh.claimed_until
    fresh.attempt_failed(transient("421 busy"), now + LEASE)
    assert record(own_database, fresh, lease)
    for message in again:
        if message.id != stale.id:
            message.delivered("<ok@x>", now)
            assert record(own_database, message, lease)
    with AdminUnitOfWork(own_database, write=False) as admin:
        shown = admin.outbox_queue.get(stale.public_id)
    assert shown.state == "queued" and shown.reject_reason == "421 busy" and shown.next_attempt_at > now + LEASE


def test_an_operator_retry_makes_a_message_due_now(own_database):
    now = T0 + timedelta(days=20)
    account, messages = queue(own_database, 1, due=now)
    [claimed] = claim(own_database, now)
    lease = claimed.claimed_until
    claimed.state, claimed.reject_reason = "failed", "550 no such user"
    assert record(own_database, claimed, lease)
    with AdminUnitOfWork(own_database) as admin:
        listed = admin.outbox_queue.list(account_id=account.id, state="failed")
        retried = admin.outbox_queue.retry(claimed.public_id, now)
        admin.commit()
    assert [m.public_id for m in listed] == [claimed.public_id] and listed[0].attachment is None
    assert retried.state == "queued" and retried.attempts == 0
    assert [m.public_id for m in claim(own_database, now)] == [claimed.public_id]


def test_claimers_racing_never_get_the_same_message(own_database):
    now = T0 + timedelta(days=10)
    queue(own_database, 200, due=now)
    taken: list[list[int]] = [[] for _ in range(4)]

    def claimer(index: int) -> None:
        database = Database(own_database.url)
        try:
            while batch := claim(database, now, limit=7):
                taken[index].extend(message.id for message in batch)
        finally:
            database.dispose()

    threads = [threading.Thread(target=claimer, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [message_id for ids in taken for message_id in ids]
    assert len(every) == 200 and len(set(every)) == 200
