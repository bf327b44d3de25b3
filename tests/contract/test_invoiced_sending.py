"""Sending through the official `invoiced` client against a live server whose in-process worker
delivers to a real SMTP server: `customer.send_statement()` and `invoice.send()`."""

import io
import time

import invoiced
import pypdf
import pytest

from billbook.store.database import Database
from tests.conftest import Account
from tests.support.databases import fresh_database_url
from tests.support.live_server import live_server
from tests.support.smtp import smtp_server


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sending_server(request):
    """A server on a database of its own (its worker claims every message there), and its mailbox."""
    postgresql_url = request.getfixturevalue("postgresql_url") if request.param == "postgresql" else None
    with fresh_database_url(request.param, postgresql_url) as url, smtp_server() as (mailbox, smtp_url):
        with live_server(url, env={"BILLBOOK_SMTP_URL": smtp_url, "BILLBOOK_MAIL_FROM": "billing@acme.example"}
                         ) as base_url:
            yield url, base_url, mailbox


@pytest.fixture
def client_and_mailbox(sending_server):
    url, base_url, mailbox = sending_server
    database = Database(url)
    client = invoiced.Client(Account(database).live_key)
    client.api_url = f"{base_url}/invoiced"
    yield client, mailbox
    database.dispose()


def arrived(mailbox, ids: set[str], timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = {item.message["Message-ID"].strip("<>").split("@")[0]: item for item in list(mailbox.received)}
        if ids <= set(found):
            return found
        time.sleep(0.05)
    raise AssertionError(f"not delivered within {timeout} s: {ids - set(found)}")


def test_send_statement_through_the_official_client(client_and_mailbox):
    client, mailbox = client_and_mailbox
    customer = client.Customer.create(name="Client SARL", email="client@example.com", currency="eur", country="FR")
    client.Invoice.create(customer=customer.id, items=[{"name": "Consulting", "unit_cost": 100}])
    started = time.monotonic()
    emails = customer.send_statement(to=[{"name": "Client", "email": "client@example.com"}],
                                     bcc="audit@example.com", subject="Statement from Acme SAS",
                                     message="Dear Client, we have attached your latest account statement.")
    assert time.monotonic() - started < 5
    assert [(email.object, email.state, email.email, email.template) for email in emails] == [
        ("email", "queued", "client@example.com", "statement_email")]
    received = arrived(mailbox, {emails[0].id})[emails[0].id]
    assert received.recipients == ["client@example.com", "audit@example.com"]
    assert received.message["Subject"] == "Statement from Acme SAS"
    [attachment] = list(received.message.iter_attachments())
    assert pypdf.PdfReader(io.BytesIO(attachment.get_content())).pages


def test_invoice_send_through_the_official_client_marks_it_sent(client_and_mailbox):
    client, mailbox = client_and_mailbox
    customer = client.Customer.create(name="Client SARL", email="client@example.com", currency="eur", country="FR")
    client.Customer.retrieve(customer.id)
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Consulting", "unit_cost": 100}])
    emails = invoice.send(to=[{"name": "Payables", "email": "payables@example.com"}])
    assert [(email.email, email.template, email.state) for email in emails] == [
        ("payables@example.com", "invoice_email", "queued")]
    assert client.Invoice.retrieve(invoice.id).status == "sent"
    received = arrived(mailbox, {emails[0].id})[emails[0].id]
    assert received.message["Subject"] == f"Invoice {invoice.number} from Acme SAS"
    draft = client.Invoice.create(customer=customer.id, draft=True, items=[{"name": "X", "unit_cost": 1}])
    with pytest.raises(invoiced.errors.InvalidRequestError) as refused:
        draft.send()
    assert refused.value.status_code == 400 and refused.value.error["param"] == "draft"
