"""The worker's text and letter providers: each message goes with its own account's connection."""

import asyncio
from datetime import datetime, timezone

import pytest
from cryptography.fernet import Fernet

from billbook.delivery.connected import LobLetters, TwilioTexts
from billbook.delivery.outcomes import Delivered, Refused, TryAgain
from billbook.delivery.secrets import SecretBox
from billbook.domain.outbox import LETTER, SMS, OutboxMessage
from billbook.services import customers, providers
from tests.support.fake_lob import fake_lob
from tests.support.fake_twilio import fake_twilio

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9c3b5a1e7d2f4b6a8c0e1f3a5b7d9e2c"
LOB_KEY = "test_8f2c1d6e4b0a9f7e3c5d1b2a6e8f0c4d"
BOX = SecretBox([Fernet.generate_key()], "a test key")
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def sender(make_account):
    return make_account(name="Demo Company SAS", address_line1="1 rue de la Paix", city="Paris", zip="75002")


def _message(sender, channel, recipient, **fields) -> OutboxMessage:
    customer = customers.create(sender.context(), {"name": "Acme Inc."})
    return OutboxMessage.queued(account_id=sender.id, livemode=True, channel=channel, customer_id=customer.id,
                                template="statement", recipient=recipient, now=datetime.now(timezone.utc),
                                **fields)


def test_a_text_goes_with_the_accounts_twilio_connection(database, sender):
    providers.connect_twilio(database, sender.id, SID, TOKEN, "+15125550100", secrets=BOX)
    message = _message(sender, SMS, {"phone": "+15125551212", "name": "Jane"}, message="Your statement: …")
    with fake_twilio() as twilio:
        twilio.accounts[SID], twilio.numbers = TOKEN, {"+15125550100"}
        outcome = asyncio.run(TwilioTexts(database, twilio.url, BOX).deliver(message, "Demo Company SAS"))
    assert isinstance(outcome, Delivered) and twilio.messages[0]["body"] == "Your statement: …"


def test_a_letter_goes_from_the_accounts_address_keyed_by_the_message(database, sender):
    providers.connect_lob(database, sender.id, LOB_KEY, secrets=BOX)
    address = {"name": "Acme Inc.", "address_line1": "5301 Southwest Pkwy", "address_city": "Austin",
               "address_state": "TX", "address_zip": "78735", "address_country": "US"}
    message = _message(sender, LETTER, address, attachment=PDF)
    with fake_lob() as lob:
        lob.keys.add(LOB_KEY)
        outcome = asyncio.run(LobLetters(database, lob.url, BOX).deliver(message, "Demo Company SAS"))
    assert isinstance(outcome, Delivered) and "expected_delivery_date" in outcome.details
    request = lob.requests[0]
    assert request["headers"]["Idempotency-Key"] == message.public_id
    assert (request["fields"]["from[name]"], request["fields"]["from[address_city]"],
            request["fields"]["from[address_country]"]) == ("Demo Company SAS", "Paris", "FR")


def test_without_a_connection_the_message_is_refused_and_with_the_wrong_key_kept(database, sender):
    message = _message(sender, SMS, {"phone": "+15125551212"}, message="hello")
    outcome = asyncio.run(TwilioTexts(database, "http://127.0.0.1:9", BOX).deliver(message, ""))
    assert outcome == Refused("Twilio is not connected for this account")
    providers.connect_twilio(database, sender.id, SID, TOKEN, "+15125550100", secrets=BOX)
    other_key = SecretBox([Fernet.generate_key()])
    assert isinstance(asyncio.run(TwilioTexts(database, "http://127.0.0.1:9", other_key).deliver(message, "")),
                      TryAgain)
