"""What one attempt to hand a message to its provider came to, as the outbox worker reads it.

A provider client returns one of these and raises nothing for the provider's own answers, so
the worker decides retries and final states in one place, whatever the channel.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Delivered:
    """The provider accepted the message. `reference` is its own id for it (Twilio's `SM…` sid,
    Lob's `ltr_…` id, the email's Message-ID); `details` holds what else it said that is worth
    keeping (a letter's expected delivery date, the provider's status)."""

    reference: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TryAgain:
    """A transient failure (timeout, refused connection, HTTP 5xx or 429, SMTP 4xx): the same
    message may succeed later, so the worker retries it with backoff."""

    reason: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A permanent refusal (an invalid number, an unsubscribed recipient, a bad address, SMTP
    5xx): sending the same message again would fail again, so it ends in a final state with
    this reason."""

    reason: str


Outcome = Delivered | TryAgain | Refused
