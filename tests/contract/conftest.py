"""Contract fixtures: a live `billbook serve` per backend, and the official `invoiced` client pointed at it."""

import invoiced
import pytest

from tests.conftest import Account
from tests.support.live_server import live_server


@pytest.fixture(scope="session")
def server_url(database) -> str:
    """Base URL of a real server process on the session's database (one per backend)."""
    with live_server(database.url) as url:
        yield url


@pytest.fixture
def connect(server_url):
    """Builds an official client for a key, speaking to the live server's Invoiced API."""
    def build(key: str) -> invoiced.Client:
        client = invoiced.Client(key)
        client.api_url = f"{server_url}/invoiced"
        return client
    return build


@pytest.fixture
def client(database, connect) -> invoiced.Client:
    """A client on a fresh account's live key: every test starts with no customers."""
    return connect(Account(database).live_key)
