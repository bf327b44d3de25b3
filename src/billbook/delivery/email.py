"""Email: the message built (text and HTML bodies, the PDF attached, a Message-ID derived from
the outbox message, so a receiver can drop a duplicate of a resent one) and handed to an SMTP
server with aiosmtplib, or, when no server is configured, written as an `.eml` file so that a
server run offline shows what it would have sent."""

import asyncio
import html
import os
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiosmtplib

from billbook.delivery.outcomes import Delivered, Outcome, Refused, TryAgain
from billbook.domain.outbox import OutboxMessage, smtp_reply_is_permanent

DEFAULT_FROM = "billing@localhost"
SMTP_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Bounced(Refused):
    """Refused for good by the recipient's side (an unknown mailbox): Invoiced's `bounced`."""


@dataclass(frozen=True, slots=True)
class SmtpServer:
    hostname: str
    port: int
    username: str | None
    password: str | None = field(repr=False)
    implicit_tls: bool  # smtps://; plain smtp:// upgrades with STARTTLS when the server offers it

    @classmethod
    def from_url(cls, url: str) -> "SmtpServer":
        """`smtp://user:pass@host:587` or `smtps://user:pass@host:465`."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            # The URL is not repeated: it may hold a password.
            raise ValueError("BILLBOOK_SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")
        implicit_tls = parts.scheme == "smtps"
        return cls(parts.hostname, parts.port or (465 if implicit_tls else 25),
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None, implicit_tls)


def sender_address(mail_from: str | None, account_name: str) -> tuple[str, str]:
    """(display name, address): BILLBOOK_MAIL_FROM's address, named after the account unless
    BILLBOOK_MAIL_FROM names itself."""
    name, address = parseaddr(mail_from or "")
    return name or account_name, address or DEFAULT_FROM


def message_id(message: OutboxMessage, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "localhost"
    return f"<{message.public_id}@{domain}>"


def build_email(message: OutboxMessage, account_name: str, mail_from: str | None) -> EmailMessage:
    display_name, from_address = sender_address(mail_from, account_name)
    email = EmailMessage()
    email["Subject"] = message.subject or ""
    email["From"] = formataddr((display_name, from_address))
    email["To"] = formataddr((message.recipient.get("name") or "", message.recipient["email"]))
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message_id(message, from_address)
    link = message.details.get("url")
    text = message.message or ""
    email.set_content(text + (f"\n\nView it online: {link}\n" if link else "\n"))
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    online = f'<p><a href="{html.escape(link, quote=True)}">View it online</a></p>' if link else ""
    email.add_alternative(f"<!DOCTYPE html><html><body>{paragraphs}{online}</body></html>", subtype="html")
    if message.attachment:
        email.add_attachment(message.attachment, maintype="application", subtype="pdf",
                             filename=message.attachment_name or "document.pdf")
    return email


def envelope_recipients(message: OutboxMessage) -> list[str]:
    """The recipient, then the blind copies (which no header names)."""
    bcc = [address.strip() for address in (message.bcc or "").split(",") if address.strip()]
    return [message.recipient["email"], *bcc]


class SmtpMailer:
    def __init__(self, server: SmtpServer, mail_from: str | None, timeout: float = SMTP_TIMEOUT_SECONDS):
        self.server = server
        self.mail_from = mail_from
        self.timeout = timeout

    async def deliver(self, message: OutboxMessage, account_name: str) -> Outcome:
        try:
            email = build_email(message, account_name, self.mail_from)
        except ValueError as error:  # a header no email may carry: trying again cannot help
            return Refused(f"the email cannot be written: {error}")
        server = self.server
        try:
            refused, _reply = await aiosmtplib.send(
                email, sender=sender_address(self.mail_from, account_name)[1],
                recipients=envelope_recipients(message), hostname=server.hostname, port=server.port,
                username=server.username, password=server.password, use_tls=server.implicit_tls,
                start_tls=None if not server.implicit_tls else False, timeout=self.timeout)
        except aiosmtplib.SMTPRecipientsRefused as error:
            replies = [(refusal.code, f"{refusal.recipient}: {refusal.code} {refusal.message}")
                       for refusal in error.recipients]
            reason = "; ".join(text for _, text in replies) or str(error)
            if all(smtp_reply_is_permanent(code) for code, _ in replies):
                return Bounced(reason)
            return TryAgain(reason)
        except aiosmtplib.SMTPResponseException as error:
            reason = f"{error.code} {error.message}"
            return Refused(reason) if smtp_reply_is_permanent(error.code) else TryAgain(reason)
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as error:
            return TryAgain(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
        refusals = {address.lower(): reply for address, reply in refused.items()}
        recipient = str(message.recipient.get("email") or "").lower()
        if recipient in refusals:
            # The server took the message for a bcc address only: the customer did not get it.
            reply = refusals[recipient]
            reason = f"{recipient}: {reply.code} {reply.message}"
            return Bounced(reason) if smtp_reply_is_permanent(reply.code) else TryAgain(reason)
        details = {"refused_bcc": {address: f"{reply.code} {reply.message}" for address, reply in refused.items()}}
        return Delivered(email["Message-ID"], details if refused else {})


class MailDirectory:
    """No SMTP server configured: each email becomes `<directory>/<message id>.eml`."""

    def __init__(self, directory: str | Path, mail_from: str | None):
        self.directory = Path(directory)
        self.mail_from = mail_from

    async def deliver(self, message: OutboxMessage, account_name: str) -> Outcome:
        email = build_email(message, account_name, self.mail_from)
        try:
            await asyncio.to_thread(self._write, message.public_id, bytes(email))
        except OSError as error:
            return TryAgain(f"cannot write to {self.directory}: {error}")
        return Delivered(email["Message-ID"], {"file": str(self.directory / f"{message.public_id}.eml")})

    def _write(self, name: str, content: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.directory / f".{name}.eml.tmp"
        partial.write_bytes(content)
        os.replace(partial, self.directory / f"{name}.eml")


def mailer(smtp_url: str | None, mail_from: str | None, mail_directory: str | Path) -> SmtpMailer | MailDirectory:
    if smtp_url:
        return SmtpMailer(SmtpServer.from_url(smtp_url), mail_from)
    return MailDirectory(mail_directory, mail_from)
