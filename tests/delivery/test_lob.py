"""Letters through Lob's letters API, against a local server speaking its protocol."""

import asyncio
import base64
import os
from datetime import date

import pytest

from billbook.delivery.lob import LobAddress, send_letter
from billbook.delivery.outcomes import Delivered, Refused, TryAgain
from billbook.domain.providers import LobConnection
from tests.support.fake_lob import fake_lob

KEY = "test_8f2c1d6e4b0a9f7e3c5d1b2a6e8f0c4d"
CUSTOMER = LobAddress(name="Acme Inc.", address_line1="5301 Southwest Pkwy", address_line2="Suite 400",
                      address_city="Austin", address_state="TX", address_zip="78735", address_country="US")
SUPPLIER = LobAddress(name="Demo Company SAS", address_line1="1 rue de la Paix", address_city="Paris",
                      address_zip="75002", address_country="FR")
# Bytes a PDF holds: binary streams, line ends of both kinds.
PDF = b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n" + os.urandom(4096) + b"\n%%EOF\n"


@pytest.fixture
def lob():
    with fake_lob() as fake:
        fake.keys.add(KEY)
        yield fake


def letter(lob, key="outbox-41", **options):
    options = {"to": CUSTOMER, "sender": SUPPLIER, "pdf": PDF, "idempotency_key": key, **options}
    return asyncio.run(send_letter(options.pop("connection", LobConnection(KEY)), base_url=lob.url, **options))


def test_a_letter_is_posted_as_multipart_and_its_id_and_delivery_date_returned(lob):
    outcome = letter(lob, metadata={"billbook_message": "41"}, description="Statement for Acme Inc.")
    assert isinstance(outcome, Delivered) and outcome.reference.startswith("ltr_")
    assert date.fromisoformat(outcome.details["expected_delivery_date"]) > date.today()
    request = lob.requests[0]
    assert request["path"] == "/v1/letters"
    assert request["headers"]["Content-Type"].startswith("multipart/form-data")
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
    assert request["headers"]["Idempotency-Key"] == "outbox-41"
    assert request["files"] == {"file": PDF}
    assert request["fields"] == {
        "to[name]": "Acme Inc.", "to[address_line1]": "5301 Southwest Pkwy", "to[address_line2]": "Suite 400",
        "to[address_city]": "Austin", "to[address_state]": "TX", "to[address_zip]": "78735",
        "to[address_country]": "US",
        "from[name]": "Demo Company SAS", "from[address_line1]": "1 rue de la Paix", "from[address_city]": "Paris",
        "from[address_zip]": "75002", "from[address_country]": "FR",
        "color": "false", "double_sided": "true", "use_type": "operational",
        "address_placement": "insert_blank_page", "description": "Statement for Acme Inc.",
        "metadata[billbook_message]": "41",
    }
    assert lob.letters[0]["id"] == outcome.reference and lob.letters[0]["metadata"] == {"billbook_message": "41"}


def test_colour_and_single_sided_printing_are_asked_for(lob):
    letter(lob, color=True, double_sided=False)
    assert (lob.letters[0]["color"], lob.letters[0]["double_sided"]) == (True, False)


def test_a_retry_with_the_same_idempotency_key_mails_one_letter(lob):
    first, again = letter(lob, key="outbox-7"), letter(lob, key="outbox-7")
    assert first == again and len(lob.letters) == 1
    assert [request["headers"]["Idempotency-Key"] for request in lob.requests] == ["outbox-7", "outbox-7"]


def test_an_outage_is_tried_again_and_then_goes_through_once(lob):
    lob.down_for = 2
    outcomes = [letter(lob) for _ in range(3)]
    assert [type(outcome) for outcome in outcomes] == [TryAgain, TryAgain, Delivered]
    assert "HTTP 503" in outcomes[0].reason and len(lob.letters) == 1


def test_a_rate_limit_and_a_timeout_are_tried_again(lob):
    lob.rate_limited_for = 1
    limited = letter(lob)
    assert isinstance(limited, TryAgain) and "rate_limit_exceeded" in limited.reason
    lob.slow_for, lob.slowness = 1, 1.0
    assert letter(lob, timeout=0.2) == TryAgain("Lob did not answer in time")


def test_a_pdf_lob_cannot_print_is_refused_with_lobs_message(lob):
    lob.refuse_next = ("invalid_file_dimensions", "File dimensions must be 8.5x11 inches.")
    assert letter(lob) == Refused("File dimensions must be 8.5x11 inches. (Lob invalid_file_dimensions, HTTP 422)")
    assert not lob.letters


def test_an_address_lob_cannot_take_is_refused(lob):
    too_long = LobAddress(name="A company whose name runs past forty characters", address_line1="1 Main St",
                          address_city="Austin", address_state="TX", address_zip="78735", address_country="US")
    outcome = letter(lob, to=too_long)
    assert isinstance(outcome, Refused) and "address_length_exceeds_limit" in outcome.reason
    no_state = LobAddress(name="Acme", address_line1="1 Main St", address_city="Austin", address_zip="78735",
                          address_country="US")
    assert letter(lob, to=no_state) == Refused("to.address_state is required (Lob invalid, HTTP 422)")


def test_a_bad_key_is_refused_and_never_shown(lob):
    outcome = letter(lob, connection=LobConnection("test_wrong"))
    assert isinstance(outcome, Refused) and "unauthorized" in outcome.reason and "HTTP 401" in outcome.reason
    assert "test_wrong" not in outcome.reason


def test_an_idempotency_key_is_required():
    with pytest.raises(ValueError):
        asyncio.run(send_letter(LobConnection(KEY), to=CUSTOMER, sender=SUPPLIER, pdf=PDF, idempotency_key=""))
