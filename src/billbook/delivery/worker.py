"""The outbox worker: an asyncio loop that claims a batch of due messages, hands each to its
channel's provider, and records what came of it before taking the next.

Recording right after each hand-over keeps duplicates to the message in flight when a worker
dies: the others of its batch were not handed over, and their lease runs out for another claim.
Database work runs in threads on the worker's own connections, so a server's event loop, which
may host a worker, never waits on it.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta, timezone

from billbook.config import Settings
from billbook.delivery import email
from billbook.delivery.connected import LobLetters, TwilioTexts
from billbook.delivery.outcomes import Delivered, Outcome, Refused, TryAgain
from billbook.domain.outbox import EMAIL, LETTER, SMS, OutboxMessage, permanent, transient
from billbook.services import outbox
from billbook.store.database import Database

log = logging.getLogger("billbook.delivery")

Deliver = Callable[[OutboxMessage, str], Awaitable[Outcome]]  # (message, the sending account's name)
BATCH_SIZE = 20
LEASE = timedelta(minutes=5)
IDLE_PAUSE_SECONDS = 0.25


class NotConnected(Exception):
    """No provider is wired into this worker for the message's channel."""


def not_connected(channel: str) -> Deliver:
    async def deliver(message: OutboxMessage, account_name: str) -> Outcome:
        raise NotConnected(f"no {channel} provider is wired into the delivery worker")
    return deliver


def providers_for(settings: Settings, database: Database) -> dict[str, Deliver]:
    """Each channel's provider: email over SMTP (or .eml files), text messages through each
    account's Twilio connection, letters through its Lob connection."""
    mail = email.mailer(settings.smtp_url, settings.mail_from, settings.mail_directory)
    return {EMAIL: mail.deliver, SMS: TwilioTexts(database, settings.twilio_api_url).deliver,
            LETTER: LobLetters(database, settings.lob_api_url).deliver}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Worker:
    def __init__(self, database: Database, providers: Mapping[str, Deliver], *, batch_size: int = BATCH_SIZE,
                 lease: timedelta = LEASE, idle_pause: float = IDLE_PAUSE_SECONDS,
                 clock: Callable[[], datetime] = utc_now):
        self.database = database
        self.providers = dict(providers)
        self.batch_size = batch_size
        self.lease = lease
        self.idle_pause = idle_pause
        self.clock = clock
        self.delivered = 0  # messages handed over, for benchmarks and logs

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; the message in hand is finished, the rest of the batch
        released for the next claim."""
        log.info("delivery worker started")
        while not stop.is_set():
            try:
                handled = await self.run_once(stop)
            except Exception:
                log.exception("delivery worker: claiming or recording failed; trying again shortly")
                handled = 0
            if not handled:
                try:
                    await asyncio.wait_for(stop.wait(), self.idle_pause)
                except asyncio.TimeoutError:
                    pass
        log.info("delivery worker stopped")

    async def run_once(self, stop: asyncio.Event | None = None) -> int:
        """Claim one batch and deliver it; how many messages were handled."""
        now = self.clock()
        batch, senders = await asyncio.to_thread(outbox.due_batch, self.database, now, now + self.lease,
                                                 self.batch_size, self.providers)
        for index, message in enumerate(batch):
            if stop is not None and stop.is_set():
                await asyncio.to_thread(outbox.release, self.database, batch[index:])
                return index
            # The claim is extended just before the message is handed over: a slow provider must
            # not let the lease of the batch's last messages run out while they wait their turn.
            if not await asyncio.to_thread(outbox.renew, self.database, message, self.clock() + self.lease):
                log.warning("%s: its claim was lost before it was sent; left to the new claim", message.public_id)
                continue
            lease = message.claimed_until
            outcome = await self._attempt(message, senders.get(message.account_id, ""))
            self._apply(message, outcome)
            await self._record(message, lease)
        return len(batch)

    async def _attempt(self, message: OutboxMessage, account_name: str) -> Outcome:
        deliver = self.providers.get(message.channel) or not_connected(message.channel)
        try:
            return await deliver(message, account_name)
        except NotConnected as error:
            return TryAgain(str(error))
        except Exception as error:  # a provider's bug must not stop the worker nor lose the message
            log.exception("delivery of %s failed unexpectedly", message.public_id)
            return TryAgain(f"{type(error).__name__}: {error}")

    def _apply(self, message: OutboxMessage, outcome: Outcome) -> None:
        now = self.clock()
        if isinstance(outcome, Delivered):
            message.delivered(outcome.reference, now)
            message.details = {**message.details, **outcome.details}
            self.delivered += 1
        elif isinstance(outcome, Refused):
            message.attempt_failed(permanent(outcome.reason, bounced=isinstance(outcome, email.Bounced)), now)
        else:
            message.attempt_failed(transient(outcome.reason), now)
        if message.state != "sent":
            log.warning("%s %s to %s: %s", message.channel, message.public_id, message.state, message.reject_reason)

    async def _record(self, message: OutboxMessage, lease: datetime) -> None:
        """Keep the outcome. A database that is briefly away is waited for (with backoff, for as
        long as the lease lasts): a message handed over but not recorded would be sent again."""
        pause = 0.1
        while True:
            try:
                kept = await asyncio.to_thread(outbox.record, self.database, message, lease)
                if not kept:
                    log.warning("%s: the lease ran out before its outcome was recorded", message.public_id)
                return
            except Exception:
                if self.clock() + timedelta(seconds=pause) >= lease:
                    raise
                log.warning("recording %s failed; trying again", message.public_id, exc_info=True)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)


async def run_worker(settings: Settings, stop: asyncio.Event, **options) -> None:
    """A worker on its own connections to the settings' database, until `stop` is set."""
    database = Database(settings.database_url, pool_size=2)
    try:
        await Worker(database, providers_for(settings, database), **options).run(stop)
    finally:
        database.dispose()
