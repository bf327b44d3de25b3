"""The outbox's use cases on both databases: a worker claims a due batch with its senders' names,
renews a claim, records an outcome only under its lease, and gives back what it did not attempt;
an operator lists messages and queues one again, but not one being delivered."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from billbook.domain.errors import Conflict
from billbook.domain.outbox import transient
from billbook.services import outbox
from tests.store.test_outbox import queue

LEASE = timedelta(minutes=5)
EMAIL_ONLY = ("email",)


def era(year: int) -> datetime:
    """Each test queues and claims in its own year, long past: it sees no other test's messages."""
    return datetime(year, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def settled(database):
    """Leave nothing due behind, for a worker another test runs on this database."""
    yield
    now = era(2010)
    batch, _ = outbox.due_batch(database, now, now + LEASE, 1000, EMAIL_ONLY)
    for message in batch:
        message.delivered("<settled@test>", now)
        assert outbox.record(database, message, now + LEASE)


def test_a_due_batch_is_claimed_with_the_names_of_its_senders(database):
    now = era(2004)
    assert outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY) == ([], {})
    account, messages = queue(database, 3, due=now)
    assert outbox.due_batch(database, now, now + LEASE, 10, ("sms", "letter")) == ([], {})
    first, senders = outbox.due_batch(database, now, now + LEASE, 2, EMAIL_ONLY)
    rest, _ = outbox.due_batch(database, now, now + LEASE, 2, EMAIL_ONLY)
    assert len(first) == 2 and len(rest) == 1 and senders == {account.id: "Acme SAS"}
    assert {m.public_id for m in first + rest} == {m.public_id for m in messages}
    assert all(m.state == "sending" and m.attempts == 1 and m.claimed_until == now + LEASE for m in first + rest)
    assert outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY) == ([], {})  # leased
    for message in first + rest:
        lease = message.claimed_until
        message.delivered(f"<{message.public_id}@test>", now)
        assert outbox.record(database, message, lease)


def test_a_renewed_claim_alone_records_its_outcome(database):
    now = era(2003)
    queue(database, 1, due=now)
    [message], _ = outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY)
    stale = replace(message)
    assert outbox.renew(database, message, now + 2 * LEASE) and message.claimed_until == now + 2 * LEASE
    assert not outbox.renew(database, stale, now + 3 * LEASE)  # the claim is no longer this one
    lease = message.claimed_until
    message.attempt_failed(transient("421 busy"), now)
    assert not outbox.record(database, message, stale.claimed_until)
    assert outbox.record(database, message, lease)
    [shown] = outbox.list_messages(database, message.account_id)
    assert shown.state == "queued" and shown.reject_reason == "421 busy" and shown.attempts == 1


def test_released_messages_are_claimed_again_without_counting_an_attempt(database):
    now = era(2002)
    _account, messages = queue(database, 2, due=now)
    claimed, _ = outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY)
    outbox.release(database, claimed)
    again, _ = outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY)
    assert {m.public_id for m in again} == {m.public_id for m in messages}
    assert all(m.attempts == 1 for m in again)


def test_an_operator_lists_messages_and_queues_one_again_unless_it_is_being_delivered(database):
    now = era(2001)
    account, [message] = queue(database, 1, due=now)
    [claimed], _ = outbox.due_batch(database, now, now + LEASE, 10, EMAIL_ONLY)
    with pytest.raises(Conflict, match="being delivered right now"):
        outbox.retry(database, message.public_id, now)
    claimed.state, claimed.reject_reason = "failed", "550 no such user"
    assert outbox.record(database, claimed, claimed.claimed_until)
    listed = outbox.list_messages(database, account.id, "failed")
    assert [m.public_id for m in listed] == [message.public_id] and listed[0].attachment is None
    assert outbox.list_messages(database, account.id, "queued") == []
    retried = outbox.retry(database, message.public_id, now)
    assert retried.state == "queued" and retried.attempts == 0 and retried.next_attempt_at == now
    assert [m.state for m in outbox.list_messages(database, account.id)] == ["queued"]
    assert outbox.retry(database, "0" * 32, now) is None
