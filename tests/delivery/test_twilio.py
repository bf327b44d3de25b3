"""Text messages through Twilio's Messages API, against a local server speaking its protocol."""

import asyncio
import base64
from urllib.parse import parse_qs

import httpx
import pytest

from billbook.delivery.outcomes import Delivered, Refused, TryAgain
from billbook.delivery.twilio import send_sms
from billbook.domain.providers import TwilioConnection
from tests.support.fake_twilio import fake_twilio

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9c3b5a1e7d2f4b6a8c0e1f3a5b7d9e2c"
SENDER = "+15125550100"
CONNECTION = TwilioConnection(account_sid=SID, from_number=SENDER, auth_token=TOKEN)


@pytest.fixture
def twilio():
    with fake_twilio() as fake:
        fake.accounts[SID] = TOKEN
        fake.numbers.add(SENDER)
        yield fake


def sms(twilio, to="+15125551212", body="Acme Inc.: your statement https://x.test/s/abc", **options):
    return asyncio.run(send_sms(options.pop("connection", CONNECTION), to, body, base_url=twilio.url, **options))


def test_a_text_is_posted_as_a_form_with_basic_auth_and_its_sid_returned(twilio):
    outcome = sms(twilio, body="Relevé : 1 200,00 €")
    assert isinstance(outcome, Delivered)
    assert outcome.reference.startswith("SM") and len(outcome.reference) == 34
    assert outcome.details["status"] == "queued" and outcome.details["to"] == "+15125551212"
    request = twilio.requests[0]
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert parse_qs(request["body"].decode()) == {"To": ["+15125551212"], "From": [SENDER],
                                                  "Body": ["Relevé : 1 200,00 €"]}
    assert twilio.messages[0]["sid"] == outcome.reference


def test_an_outage_is_tried_again_and_then_goes_through(twilio):
    twilio.down_for = 2
    first, second, third = sms(twilio), sms(twilio), sms(twilio)
    assert isinstance(first, TryAgain) and "HTTP 503" in first.reason and isinstance(second, TryAgain)
    assert isinstance(third, Delivered) and len(twilio.messages) == 1


def test_too_many_requests_is_tried_again(twilio):
    twilio.rate_limited_for = 1
    outcome = sms(twilio)
    assert isinstance(outcome, TryAgain) and "20429" in outcome.reason


def test_a_timeout_is_tried_again(twilio):
    twilio.slow_for, twilio.slowness = 1, 1.0
    outcome = sms(twilio, timeout=0.2)
    assert outcome == TryAgain("Twilio did not answer in time")


def test_an_unreachable_twilio_is_tried_again():
    with fake_twilio() as gone:
        url = gone.url
    outcome = asyncio.run(send_sms(CONNECTION, "+15125551212", "hello", base_url=url))
    assert isinstance(outcome, TryAgain) and "could not be reached" in outcome.reason


@pytest.mark.parametrize("setup, to, code", [
    (lambda fake: fake.invalid.add("+15125559999"), "+15125559999", 21211),
    (lambda fake: None, "5125551212", 21211),
    (lambda fake: fake.unsubscribed.add("+15125551212"), "+15125551212", 21610),
    (lambda fake: fake.numbers.clear(), "+15125551212", 21606),
    (lambda fake: fake.accounts.update({SID: "another token"}), "+15125551212", 20003),
])
def test_a_refusal_is_final_with_twilios_reason(twilio, setup, to, code):
    setup(twilio)
    outcome = sms(twilio, to=to)
    assert isinstance(outcome, Refused)
    assert f"Twilio error {code}" in outcome.reason and f"https://www.twilio.com/docs/errors/{code}" in outcome.reason
    assert TOKEN not in outcome.reason and not twilio.messages


def test_the_invalid_to_reason_reads_as_twilio_wrote_it(twilio):
    twilio.invalid.add("+15125559999")
    assert sms(twilio, to="+15125559999") == Refused(
        "The 'To' number +15125559999 is not a valid phone number. (Twilio error 21211, HTTP 400; "
        "https://www.twilio.com/docs/errors/21211)")


def test_a_body_over_1600_characters_is_refused(twilio):
    outcome = sms(twilio, body="x" * 1601)
    assert isinstance(outcome, Refused) and "21617" in outcome.reason


def test_a_shared_http_client_is_used_when_given(twilio):
    async def two_texts():
        async with httpx.AsyncClient() as http:
            return [await send_sms(CONNECTION, "+15125551212", f"text {n}", base_url=twilio.url, http=http)
                    for n in range(2)]
    assert all(isinstance(outcome, Delivered) for outcome in asyncio.run(two_texts()))
    assert [message["body"] for message in twilio.messages] == ["text 0", "text 1"]
