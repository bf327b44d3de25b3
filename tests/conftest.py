"""Fixtures shared by the whole suite: both databases, fresh accounts, API clients."""

import base64
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from billbook.api.app import create_app
from billbook.config import Settings
from billbook.domain.tenancy import Mode, Tenant
from billbook.services import accounts
from billbook.services.context import AccountContext
from billbook.store.database import Database
from tests.support.postgres import throwaway_cluster

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgresql_url():
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url():
    with tempfile.TemporaryDirectory(prefix="billbook-sqlite-") as directory:
        yield f"sqlite:///{Path(directory) / 'test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def database(request) -> Database:
    """A migrated database of each backend, shared by the session; tests isolate by account."""
    url = request.getfixturevalue(f"{request.param}_url")
    db = Database(url)
    db.migrate()
    yield db
    db.dispose()


class Account:
    """A fresh account and its keys: every test gets its own tenant, so tests never see each other."""

    def __init__(self, database: Database, **details):
        self.details = {"name": "Acme SAS", "country": "FR", **details}
        account, keys = accounts.create_account(database, self.details)
        self.id = account.id
        self.keys = keys
        self.database = database

    @property
    def live_key(self) -> str:
        return self.keys[Mode.LIVE]

    @property
    def test_key(self) -> str:
        return self.keys[Mode.TEST]

    def context(self, mode: Mode = Mode.LIVE) -> AccountContext:
        return AccountContext(Tenant(self.id, mode), self.database, self.details["country"])


@pytest.fixture
def account(database) -> Account:
    return Account(database)


@pytest.fixture
def make_account(database):
    return lambda **details: Account(database, **details)


@pytest.fixture(scope="session")
def app(database):
    """The application as a server builds it: its own ledger, opened for serving."""
    return create_app(Settings(database_url=database.url, rate_limit=0))


def basic_auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@pytest.fixture
def api(app, account):
    """An HTTP client for the account's live key, at the server root."""
    return TestClient(app, headers=basic_auth(account.live_key), raise_server_exceptions=False)


@pytest.fixture
def anonymous(app):
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client_for(app):
    return lambda key: TestClient(app, headers=basic_auth(key), raise_server_exceptions=False)
