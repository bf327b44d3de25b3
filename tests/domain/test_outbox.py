"""The outbox's rules: states, Invoiced's names for them, backoff, and when to give up."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from billbook.domain import outbox
from billbook.domain.outbox import OutboxMessage, invoiced_state, permanent, retry_delay, transient

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def queued_message(**fields) -> OutboxMessage:
    return OutboxMessage.queued(account_id=1, livemode=True, channel="email", customer_id=2,
                                template="statement_email", recipient={"email": "a@example.com"}, now=NOW, **fields)


def test_a_new_message_is_queued_due_now_with_a_32_hex_id():
    message = queued_message()
    assert message.state == "queued" and message.next_attempt_at == NOW and message.attempts == 0
    assert len(message.public_id) == 32 and int(message.public_id, 16) >= 0
    assert invoiced_state(message) == "queued"


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError):
        OutboxMessage.queued(account_id=1, livemode=True, channel="fax", customer_id=2, template="x",
                             recipient={}, now=NOW)


@pytest.mark.parametrize("attempts, low, high", [
    (1, 15, 30), (2, 30, 60), (3, 60, 120), (7, 960, 1920), (8, 1800, 3600), (9, 1800, 3600), (20, 1800, 3600),
])
def test_backoff_doubles_from_30_seconds_with_jitter_and_stops_growing_at_an_hour(attempts, low, high):
    rng = random.Random(attempts)
    delays = [retry_delay(attempts, rng).total_seconds() for _ in range(200)]
    assert all(low <= delay <= high for delay in delays)
    assert max(delays) - min(delays) > (high - low) / 4  # jittered, not one fixed step


def test_a_transient_failure_queues_the_message_again_after_the_backoff():
    message = queued_message(attempts=1)
    message.state = "sending"
    message.attempt_failed(transient("421 try later"), NOW, random.Random(1))
    assert message.state == "queued" and message.reject_reason == "421 try later"
    assert NOW + timedelta(seconds=15) <= message.next_attempt_at <= NOW + timedelta(seconds=30)
    assert invoiced_state(message) == "deferred"


def test_the_tenth_transient_failure_is_final():
    message = queued_message(attempts=outbox.MAX_ATTEMPTS)
    message.attempt_failed(transient("timed out"), NOW)
    assert message.state == "failed" and message.final
    assert message.reject_reason == "gave up after 10 attempts: timed out"
    assert invoiced_state(message) == "rejected"


@pytest.mark.parametrize("failure, state, shown", [
    (permanent("550 5.1.1 no such user", bounced=True), "bounced", "bounced"),
    (permanent("554 message refused"), "failed", "rejected"),
])
def test_a_permanent_failure_is_final_at_once(failure, state, shown):
    message = queued_message(attempts=1)
    message.attempt_failed(failure, NOW)
    assert (message.state, invoiced_state(message), message.reject_reason) == (state, shown, failure.reason)


def test_delivery_records_the_reference_and_clears_the_reason():
    message = queued_message(attempts=2, reject_reason="421 busy")
    message.delivered("<abc@example.com>", NOW)
    assert (message.state, message.provider_reference, message.delivered_at) == ("sent", "<abc@example.com>", NOW)
    assert message.reject_reason is None and invoiced_state(message) == "sent"


def test_an_operator_retry_makes_a_failed_message_due_now_with_fresh_attempts():
    message = queued_message(attempts=10, reject_reason="gave up")
    message.state = "failed"
    message.requeue(NOW + timedelta(hours=1))
    assert message.state == "queued" and message.attempts == 0 and message.reject_reason is None
    assert message.next_attempt_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize("code, permanent_", [(550, True), (554, True), (421, False), (451, False), (None, False)])
def test_smtp_5xx_replies_are_permanent_and_4xx_or_none_transient(code, permanent_):
    assert outbox.smtp_reply_is_permanent(code) is permanent_


@pytest.mark.parametrize("status, transient_", [(429, True), (500, True), (503, True), (400, False), (401, False),
                                                (422, False)])
def test_http_429_and_5xx_are_transient(status, transient_):
    assert outbox.http_status_is_transient(status) is transient_
