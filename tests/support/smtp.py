"""A real SMTP server (aiosmtpd) on a free port, keeping what it receives; it can be told to
answer 451 (try later) to the next few messages, or 550 to some recipients."""

import asyncio
import email
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.support.postgres import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    received: list[Received] = field(default_factory=list)
    busy_for: int = 0  # messages still to answer with 451
    unknown: set[str] = field(default_factory=set)  # recipients answered with 550
    delay: float = 0.0  # seconds each message takes to be accepted
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.busy_for > 0:
                self.busy_for -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            parsed = email.message_from_bytes(envelope.content, policy=default)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [item.message["Message-ID"] for item in self.received]


@contextmanager
def smtp_server():
    """Yields (mailbox, smtp URL)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()
