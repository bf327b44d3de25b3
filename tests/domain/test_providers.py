"""Twilio's and Lob's credentials are checked before they are stored, and never shown."""

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.providers import lob_connection, twilio_connection

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "f" * 32


def test_a_twilio_connection_keeps_the_sid_and_the_sender_in_e164():
    connection = twilio_connection(f" {SID} ", TOKEN, "+1 (512) 555-1212")
    assert (connection.account_sid, connection.from_number, connection.auth_token) == (SID, "+15125551212", TOKEN)
    assert TOKEN not in repr(connection)


@pytest.mark.parametrize("sid, token, sender, param", [
    ("SM" + "0" * 32, TOKEN, "+15125551212", "account_sid"),
    ("AC" + "0" * 31, TOKEN, "+15125551212", "account_sid"),
    ("AC" + "g" * 32, TOKEN, "+15125551212", "account_sid"),
    (SID, "", "+15125551212", "auth_token"),
    (SID, "a b", "+15125551212", "auth_token"),
    (SID, TOKEN, "512 555 1212", "from"),
    (SID, TOKEN, "+1 555 000 0000", "from"),
])
def test_a_twilio_connection_refuses_what_twilio_would(sid, token, sender, param):
    with pytest.raises(InvalidParam) as refused:
        twilio_connection(sid, token, sender)
    assert refused.value.param == param
    assert not token or token not in refused.value.message


def test_a_lob_connection_needs_a_key_and_tells_live_from_test():
    assert lob_connection("live_abc").livemode and not lob_connection("test_abc").livemode
    assert "live_abc" not in repr(lob_connection("live_abc"))
    for key in ("", "   ", "test_ab c"):
        with pytest.raises(InvalidParam) as refused:
            lob_connection(key)
        assert refused.value.param == "api_key"
