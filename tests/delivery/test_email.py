"""Email delivery through a real SMTP server (aiosmtpd): what arrives (subject, recipients, blind
copies, the PDF), a Message-ID that stays the same when a message is sent again, 451 then
recovery, 550 for good; and the .eml files written when no SMTP server is configured."""

import asyncio
import io
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default

import pypdf
import pytest

from billbook.config import Settings
from billbook.delivery.email import SmtpServer
from billbook.delivery.worker import Worker, providers_for
from billbook.services import customers, sending
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork
from tests.conftest import Account
from tests.support.databases import fresh_database_url
from tests.support.smtp import smtp_server


@pytest.fixture(scope="module")
def own_database():
    with fresh_database_url("sqlite") as url:
        database = Database(url)
        yield database
        database.dispose()


@pytest.fixture
def mail():
    with smtp_server() as (mailbox, url):
        yield mailbox, url


def sample_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def queue_statement(database, to, bcc=None, subject="Statement from Acme SAS"):
    account = Account(database)
    ctx = account.context()
    customer = customers.create(ctx, {"name": "Client SARL", "email": "client@example.com"})
    prepared = sending.PreparedEmails(
        customer_id=customer.id, template="statement_email", recipients=to, bcc=bcc, subject=subject,
        message="Dear Client, here is your statement.\n\nThank you!", attachment_name="statement-1.pdf",
        link_token=customer.statement_token)
    return sending.queue(ctx, prepared, sample_pdf(), link="http://billbook.test/statements/x/pdf")


def worker(database, url, clock) -> Worker:
    settings = Settings(database_url=database.url, smtp_url=url, mail_from="billing@acme.example")
    providers = providers_for(settings, database)
    return Worker(database, providers, clock=clock)


def shown(database, public_id):
    with AdminUnitOfWork(database, write=False) as admin:
        return admin.outbox_queue.get(public_id)


def test_an_email_arrives_with_its_subject_recipients_blind_copies_and_pdf(own_database, mail):
    mailbox, url = mail
    [message] = queue_statement(own_database, [{"name": "Client", "email": "client@example.com"}],
                                bcc="audit@example.com", subject="Relevé de compte – mars")
    assert asyncio.run(worker(own_database, url, Clock()).run_once()) == 1
    [received] = mailbox.received
    assert received.recipients == ["client@example.com", "audit@example.com"]
    assert received.sender == "billing@acme.example"
    got = received.message
    assert got["Subject"] == "Relevé de compte – mars" and got["To"] == "Client <client@example.com>"
    assert got["From"] == "Acme SAS <billing@acme.example>" and "Bcc" not in got
    assert got["Message-ID"] == f"<{message.public_id}@acme.example>"
    assert "here is your statement" in got.get_body(("plain",)).get_content()
    assert "http://billbook.test/statements/x/pdf" in got.get_body(("html",)).get_content()
    [attachment] = list(got.iter_attachments())
    assert attachment.get_filename() == "statement-1.pdf" and attachment.get_content_type() == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(attachment.get_content())).pages) >= 1
    after = shown(own_database, message.public_id)
    assert after.state == "sent" and after.provider_reference == got["Message-ID"] and after.delivered_at


def test_a_busy_server_is_retried_after_the_backoff_with_the_same_message_id(own_database, mail):
    mailbox, url = mail
    mailbox.busy_for = 1
    [message] = queue_statement(own_database, [{"name": None, "email": "later@example.com"}])
    clock = Clock()
    delivery = worker(own_database, url, clock)
    asyncio.run(delivery.run_once())
    retried = shown(own_database, message.public_id)
    assert retried.state == "queued" and retried.reject_reason.startswith("451")
    assert retried.next_attempt_at >= clock.now + timedelta(seconds=15)
    assert asyncio.run(delivery.run_once()) == 0  # not due yet
    clock.now += timedelta(seconds=31)
    assert asyncio.run(delivery.run_once()) == 1
    assert shown(own_database, message.public_id).state == "sent"
    assert mailbox.message_ids() == [f"<{message.public_id}@acme.example>"]
    assert shown(own_database, message.public_id).attempts == 2


def test_an_unknown_mailbox_bounces_for_good(own_database, mail):
    mailbox, url = mail
    mailbox.unknown.add("nobody@example.com")
    [message] = queue_statement(own_database, [{"name": None, "email": "nobody@example.com"}])
    asyncio.run(worker(own_database, url, Clock()).run_once())
    after = shown(own_database, message.public_id)
    assert after.state == "bounced" and "550" in after.reject_reason and mailbox.received == []


def test_an_unknown_mailbox_bounces_even_when_its_blind_copy_was_taken(own_database, mail):
    mailbox, url = mail
    mailbox.unknown.add("gone@example.com")
    [message] = queue_statement(own_database, [{"name": None, "email": "gone@example.com"}],
                                bcc="audit@example.com")
    asyncio.run(worker(own_database, url, Clock()).run_once())
    after = shown(own_database, message.public_id)
    assert after.state == "bounced" and "gone@example.com" in after.reject_reason


def test_an_unreachable_server_is_retried(own_database):
    [message] = queue_statement(own_database, [{"name": None, "email": "x@example.com"}])
    closed = SmtpServer.from_url("smtp://127.0.0.1:9")  # nothing listens on the discard port
    asyncio.run(worker(own_database, f"smtp://{closed.hostname}:{closed.port}", Clock()).run_once())
    after = shown(own_database, message.public_id)
    assert after.state == "queued" and after.reject_reason and after.attempts == 1


def test_without_an_smtp_server_each_email_is_written_as_an_eml_file(own_database, tmp_path):
    [message] = queue_statement(own_database, [{"name": "Client", "email": "client@example.com"}])
    settings = Settings(database_url=own_database.url, mail_directory=str(tmp_path / "mail"))
    asyncio.run(Worker(own_database, providers_for(settings, own_database)).run_once())
    written = tmp_path / "mail" / f"{message.public_id}.eml"
    parsed = message_from_bytes(written.read_bytes(), policy=default)
    assert parsed["To"] == "Client <client@example.com>" and parsed["From"] == "Acme SAS <billing@localhost>"
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["statement-1.pdf"]
    assert shown(own_database, message.public_id).state == "sent"


@pytest.mark.parametrize("url, expected", [
    ("smtp://user:p%40ss@mail.example:587", ("mail.example", 587, "user", "p@ss", False)),
    ("smtps://mail.example", ("mail.example", 465, None, None, True)),
    ("smtp://mail.example", ("mail.example", 25, None, None, False)),
])
def test_smtp_urls(url, expected):
    server = SmtpServer.from_url(url)
    assert (server.hostname, server.port, server.username, server.password, server.implicit_tls) == expected


def test_a_url_that_is_not_smtp_is_refused_at_start():
    with pytest.raises(ValueError):
        SmtpServer.from_url("http://mail.example")
