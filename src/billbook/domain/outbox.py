"""Messages waiting to be sent (emails, text messages, letters): their states, and the rule for
trying again after a failure.

A request writes a message as `queued` in its own transaction; a worker claims it (`sending`,
for a lease), hands it to the channel's provider and records what happened: `sent`, or `queued`
again for a later attempt, or a final `failed` or `bounced` with the reason.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

QUEUED, SENDING, SENT, FAILED, BOUNCED = "queued", "sending", "sent", "failed", "bounced"
STATES = (QUEUED, SENDING, SENT, FAILED, BOUNCED)
FINAL_STATES = frozenset({SENT, FAILED, BOUNCED})
EMAIL, SMS, LETTER = "email", "sms", "letter"
CHANNELS = (EMAIL, SMS, LETTER)

# Backoff: 30 s after the first failed attempt, doubling, never more than an hour; after this
# many attempts (about four hours of trying) the message fails for good.
FIRST_RETRY_SECONDS = 30.0
LONGEST_RETRY_SECONDS = 3600.0
MAX_ATTEMPTS = 10


class DeliveryFailure(Exception):
    """A provider refused or could not take a message. `permanent`: trying again cannot help
    (an unknown mailbox, a malformed number); otherwise it may (a timeout, a busy server).
    `bounced`: the recipient's side refused it."""

    def __init__(self, reason: str, permanent: bool, bounced: bool = False):
        super().__init__(reason)
        self.reason = reason[:500]
        self.permanent = permanent
        self.bounced = bounced


def transient(reason: str) -> DeliveryFailure:
    return DeliveryFailure(reason, permanent=False)


def permanent(reason: str, bounced: bool = False) -> DeliveryFailure:
    return DeliveryFailure(reason, permanent=True, bounced=bounced)


def smtp_reply_is_permanent(code: int | None) -> bool:
    """SMTP's reply classes (RFC 5321 §4.2.1): 4yz is a transient negative reply, 5yz permanent.
    A failure with no reply at all (refused connection, timeout) is transient."""
    return code is not None and 500 <= code < 600


def http_status_is_transient(status: int) -> bool:
    """Rate limits and server errors pass; any other 4xx says the request itself is wrong."""
    return status == 429 or status >= 500


def retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: exponential, capped, with jitter
    (a random half to whole of the step) so that messages that failed together spread out."""
    step = min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS)
    return timedelta(seconds=step * (rng or random).uniform(0.5, 1.0))


def message_public_id() -> str:
    """The 32-hex-character id Invoiced gives its emails, letters and text messages."""
    return secrets.token_hex(16)


@dataclass(slots=True)
class OutboxMessage:
    public_id: str
    account_id: int
    livemode: bool
    channel: str
    customer_id: int
    template: str
    recipient: dict[str, Any]
    state: str
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime
    invoice_id: int | None = None
    bcc: str | None = None
    subject: str | None = None
    message: str | None = None
    attachment: bytes | None = None
    attachment_name: str | None = None
    reject_reason: str | None = None
    attempts: int = 0  # how many times a worker claimed it to deliver it
    claimed_until: datetime | None = None
    provider_reference: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    delivered_at: datetime | None = None
    id: int | None = None

    @classmethod
    def queued(cls, *, account_id: int, livemode: bool, channel: str, customer_id: int, template: str,
               recipient: dict[str, Any], now: datetime, **fields: Any) -> "OutboxMessage":
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        return cls(public_id=message_public_id(), account_id=account_id, livemode=livemode, channel=channel,
                   customer_id=customer_id, template=template, recipient=recipient, state=QUEUED,
                   next_attempt_at=now, created_at=now, updated_at=now, **fields)

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def delivered(self, reference: str | None, now: datetime) -> None:
        self.state, self.provider_reference, self.delivered_at = SENT, reference, now
        self.reject_reason, self.claimed_until, self.updated_at = None, None, now

    def attempt_failed(self, failure: DeliveryFailure, now: datetime, rng: random.Random | None = None) -> None:
        """Queued again after a backoff, or failed for good when the failure is permanent or the
        attempts are spent."""
        self.reject_reason, self.claimed_until, self.updated_at = failure.reason, None, now
        if failure.permanent:
            self.state = BOUNCED if failure.bounced else FAILED
        elif self.attempts >= MAX_ATTEMPTS:
            self.state = FAILED
            self.reject_reason = f"gave up after {self.attempts} attempts: {failure.reason}"[:500]
        else:
            self.state = QUEUED
            self.next_attempt_at = now + retry_delay(self.attempts, rng)

    def requeue(self, now: datetime) -> None:
        """An operator's retry: due now, with a fresh count of attempts."""
        self.state, self.attempts, self.next_attempt_at = QUEUED, 0, now
        self.claimed_until, self.reject_reason, self.updated_at = None, None, now


def invoiced_state(message: OutboxMessage) -> str:
    """The message's state as Invoiced names an email's: `queued` until a first attempt failed,
    `deferred` while retrying, then `sent`, `bounced`, or `rejected` for any other final failure."""
    if message.state in (QUEUED, SENDING):
        return "deferred" if message.attempts and message.reject_reason else "queued"
    return {SENT: "sent", BOUNCED: "bounced"}.get(message.state, "rejected")
