"""Connecting Twilio and Lob: credentials checked, the secret sealed in the database, read back
decrypted for delivery."""

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from billbook.delivery.secrets import SecretBox, SecretUnreadable
from billbook.domain.errors import InvalidParam, NotFound
from billbook.domain.providers import LobConnection, TwilioConnection
from billbook.services import providers
from billbook.store import tables

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9c3b5a1e7d2f4b6a8c0e1f3a5b7d9e2c"
LOB_KEY = "test_8f2c1d6e4b0a9f7e3c5d1b2a6e8f0c4d"


@pytest.fixture
def box() -> SecretBox:
    return SecretBox([Fernet.generate_key()], "a test key")


def _stored_secret(database, account_id, provider) -> bytes:
    columns = tables.provider_connections.c
    with database.engine.connect() as connection:
        return bytes(connection.execute(select(columns.secret).where(
            columns.account_id == account_id, columns.provider == provider)).scalar_one())


def test_twilio_connected_is_read_back_with_its_token(database, account, box):
    providers.connect_twilio(database, account.id, SID, TOKEN, "+1 512 555 1212", secrets=box)
    assert providers.connection(database, account.id, "twilio", secrets=box) == TwilioConnection(
        account_sid=SID, from_number="+15125551212", auth_token=TOKEN)
    assert providers.is_connected(database, account.id, "twilio")
    assert not providers.is_connected(database, account.id, "lob")


def test_the_secret_is_not_stored_in_clear(database, account, box):
    providers.connect_twilio(database, account.id, SID, TOKEN, "+15125551212", secrets=box)
    providers.connect_lob(database, account.id, LOB_KEY, secrets=box)
    for provider, secret in (("twilio", TOKEN), ("lob", LOB_KEY)):
        stored = _stored_secret(database, account.id, provider)
        assert secret.encode() not in stored and secret[:12].encode() not in stored
    with database.engine.connect() as connection:
        settings = connection.execute(select(tables.provider_connections.c.settings).where(
            tables.provider_connections.c.account_id == account.id)).scalars().all()
    assert TOKEN not in str(settings) and LOB_KEY not in str(settings)


def test_connecting_again_replaces_the_credentials(database, account, box):
    providers.connect_lob(database, account.id, LOB_KEY, secrets=box)
    providers.connect_lob(database, account.id, "live_second", secrets=box)
    assert providers.connection(database, account.id, "lob", secrets=box) == LobConnection("live_second")


def test_another_servers_key_cannot_read_it(database, account, box):
    providers.connect_lob(database, account.id, LOB_KEY, secrets=box)
    with pytest.raises(SecretUnreadable) as refused:
        providers.connection(database, account.id, "lob", secrets=SecretBox([Fernet.generate_key()]))
    assert LOB_KEY not in str(refused.value)


def test_a_provider_not_connected_is_not_found(database, account, box):
    with pytest.raises(NotFound):
        providers.connection(database, account.id, "twilio", secrets=box)
    providers.connect_lob(database, account.id, LOB_KEY, secrets=box)
    providers.disconnect(database, account.id, "lob")
    with pytest.raises(NotFound):
        providers.connection(database, account.id, "lob", secrets=box)


def test_an_unknown_account_or_provider_is_refused(database, box):
    with pytest.raises(NotFound):
        providers.connect_lob(database, 987654321, LOB_KEY, secrets=box)
    with pytest.raises(InvalidParam) as refused:
        providers.connection(database, 1, "postmark", secrets=box)
    assert refused.value.param == "provider"


def test_invalid_credentials_write_nothing(database, account, box):
    with pytest.raises(InvalidParam) as refused:
        providers.connect_twilio(database, account.id, SID, TOKEN, "not a number", secrets=box)
    assert refused.value.param == "from"
    assert not providers.is_connected(database, account.id, "twilio")
