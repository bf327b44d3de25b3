"""Texts and letters through the official `invoiced` client against a live server whose worker
delivers them through local servers speaking Twilio's and Lob's protocols: a statement by SMS and
by mail (`send_statement_sms`, `send_statement_letter`), an invoice too (`send_sms`, `send_letter`)."""

import time

import invoiced
import pytest
from cryptography.fernet import Fernet
from invoiced.errors import InvalidRequestError

from billbook.delivery.secrets import SecretBox
from billbook.services import providers
from billbook.store.database import Database
from tests.conftest import Account
from tests.support.databases import fresh_database_url
from tests.support.fake_lob import fake_lob
from tests.support.fake_twilio import fake_twilio
from tests.support.live_server import live_server

SID, TOKEN, SENDER, LOB_KEY = "AC" + "0" * 31 + "1", "secret-token", "+15005550006", "test_0123456789abcdef"
SELLER = {"name": "Acme SAS", "country": "FR", "address_line1": "1 rue de la Paix", "city": "Paris",
          "zip": "75002"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def providers_server(request):
    postgresql_url = request.getfixturevalue("postgresql_url") if request.param == "postgresql" else None
    key = Fernet.generate_key().decode()
    with fresh_database_url(request.param, postgresql_url) as url, fake_twilio() as twilio, fake_lob() as lob:
        twilio.accounts[SID] = TOKEN
        twilio.numbers.add(SENDER)
        lob.keys.add(LOB_KEY)
        with live_server(url, env={"BILLBOOK_TWILIO_API_URL": twilio.url, "BILLBOOK_LOB_API_URL": lob.url,
                                   "BILLBOOK_SECRET_KEY": key}) as base_url:
            yield url, base_url, key, twilio, lob


@pytest.fixture
def setup(providers_server):
    url, base_url, key, twilio, lob = providers_server
    database = Database(url)
    account = Account(database, **SELLER)
    box = SecretBox([key])
    providers.connect_twilio(database, account.id, SID, TOKEN, SENDER, secrets=box)
    providers.connect_lob(database, account.id, LOB_KEY, secrets=box)
    client = invoiced.Client(account.live_key)
    client.api_url = f"{base_url}/invoiced"
    customer = client.Customer.create(name="Client SARL", currency="eur", country="FR", address1="2 avenue Foch",
                                      city="Lyon", postal_code="69001")
    customer.contacts().create(name="Bob", phone="06 12 34 56 78", sms_enabled=True)
    customer.contacts().create(name="Alice", phone="+33 6 98 76 54 32", sms_enabled=False)
    yield client, customer, twilio, lob, base_url
    database.dispose()


def eventually(found, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"nothing arrived within {timeout} s")


def test_a_statement_is_texted_to_the_sms_contacts_with_its_link(setup):
    client, customer, twilio, _lob, base_url = setup
    client.Invoice.create(customer=customer.id, items=[{"name": "Consulting", "unit_cost": 100}])
    texts = customer.send_statement_sms(to=[{"phone": "+33612345678", "name": "Bob"}], type="open_item",
                                        message="{{company_name}}: You have a new statement {{url}}")
    assert [(text.object, text.state, text.to) for text in texts] == [("text_message", "queued", "+33612345678")]
    assert texts[0].message.startswith(f"Acme SAS: You have a new statement {base_url}/billing/")
    sent = eventually(lambda: [m for m in twilio.messages if m["to"] == "+33612345678"])
    assert sent[0]["from"] == SENDER and sent[0]["body"] == texts[0].message
    by_default = customer.send_statement_sms()
    assert [text.to for text in by_default] == ["+33612345678"]


def test_texts_go_only_to_contacts_marked_sms_enabled(setup):
    client, customer, _twilio, _lob, _base = setup
    with pytest.raises(InvalidRequestError) as refused:
        customer.send_statement_sms(to=[{"phone": "+33698765432", "name": "Alice"}])
    assert refused.value.error["param"] == "to[0][phone]"


def test_a_statement_and_an_invoice_are_mailed_to_the_billing_address(setup):
    client, customer, _twilio, lob, _base = setup
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Consulting", "unit_cost": 100}])
    letters = customer.send_statement_letter(type="open_item")
    assert len(letters) == 1 and letters[0].object == "letter" and letters[0].state == "queued"
    assert letters[0].to == "Client SARL\n2 avenue Foch\n69001 Lyon\nFR" and letters[0].num_pages >= 1
    assert letters[0].expected_delivery_date > time.time()
    mailed = invoice.send_letter()
    assert len(mailed) == 1 and mailed[0].object == "letter"
    texted = invoice.send_sms()
    assert [text.to for text in texted] == ["+33612345678"]
    assert client.Invoice.retrieve(invoice.id).status == "sent"
    arrived = eventually(lambda: len(lob.letters) >= 2 and lob.letters)
    assert all(letter["to"]["address_city"] == "Lyon" for letter in arrived)


def test_a_customer_without_an_address_cannot_be_mailed_and_nothing_is_queued(setup):
    client, _customer, _twilio, _lob, _base = setup
    nowhere = client.Customer.create(name="Nowhere Ltd", currency="eur", country="FR")
    with pytest.raises(InvalidRequestError) as refused:
        nowhere.send_statement_letter()
    assert refused.value.error["param"] == "address1"
