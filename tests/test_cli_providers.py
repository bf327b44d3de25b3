"""`billbook accounts connect twilio|lob`, run as a user runs it: secrets stored sealed, never printed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from billbook.delivery.secrets import SecretBox, secret_box
from billbook.domain.providers import LobConnection, TwilioConnection
from billbook.services import providers
from billbook.store import tables
from billbook.store.database import Database

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "9c3b5a1e7d2f4b6a8c0e1f3a5b7d9e2c"
LOB_KEY = "live_8f2c1d6e4b0a9f7e3c5d1b2a6e8f0c4d"


def billbook(*args: str, database: str, **env: str) -> subprocess.CompletedProcess:
    # The key comes from the test alone: by default the key file beside the test's database.
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("BILLBOOK_SECRET_KEY")}
    environment = {**inherited, "COLUMNS": "200", **env}
    return subprocess.run([sys.executable, "-m", "billbook", *args, "--database", database],
                          capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def account_id(sqlite_file) -> str:
    created = billbook("accounts", "create", "--name", "Acme Inc.", "--country", "US", "--json", database=sqlite_file)
    return str(json.loads(created.stdout)["account"])


def test_connect_twilio_confirms_without_the_token_and_seals_it_with_the_key_file(sqlite_file, account_id, tmp_path):
    done = billbook("accounts", "connect", "twilio", "--account", account_id, "--account-sid", SID,
                    "--auth-token", TOKEN, "--from", "+1 (512) 555-1212", database=sqlite_file)
    assert done.returncode == 0, done.stderr
    assert "Twilio connected" in done.stdout and "+15125551212" in done.stdout
    assert TOKEN not in done.stdout + done.stderr
    database = Database(sqlite_file)
    with database.engine.connect() as connection:
        stored = connection.execute(select(tables.provider_connections)).mappings().one()
    assert TOKEN.encode() not in bytes(stored["secret"]) and TOKEN not in json.dumps(stored["settings"])
    box = secret_box(sqlite_file)  # the key file written beside the database
    assert (tmp_path / "secret.key").exists()
    assert providers.connection(database, int(account_id), "twilio", secrets=box) == TwilioConnection(
        account_sid=SID, from_number="+15125551212", auth_token=TOKEN)


def test_connect_lob_with_a_configured_key_as_json(sqlite_file, account_id, tmp_path):
    key = Fernet.generate_key().decode()
    done = billbook("accounts", "connect", "lob", "--account", account_id, "--api-key", LOB_KEY, "--json",
                    database=sqlite_file, BILLBOOK_SECRET_KEY=key)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"account": int(account_id), "provider": "lob", "mode": "live"}
    assert LOB_KEY not in done.stdout + done.stderr
    assert not (tmp_path / "secret.key").exists()
    assert providers.connection(Database(sqlite_file), int(account_id), "lob",
                                secrets=SecretBox.from_text(key, "test")) == LobConnection(LOB_KEY)


def test_invalid_credentials_fail_naming_the_option_and_store_nothing(sqlite_file, account_id):
    done = billbook("accounts", "connect", "twilio", "--account", account_id, "--account-sid", "SK123",
                    "--auth-token", TOKEN, "--from", "+15125551212", database=sqlite_file)
    assert done.returncode == 2 and "account_sid" in done.stdout and TOKEN not in done.stdout + done.stderr
    bad_from = billbook("accounts", "connect", "twilio", "--account", account_id, "--account-sid", SID,
                        "--auth-token", TOKEN, "--from", "555", database=sqlite_file)
    assert bad_from.returncode == 2 and "from" in bad_from.stdout
    assert not providers.is_connected(Database(sqlite_file), int(account_id), "twilio")


def test_an_unknown_account_or_a_bad_server_key_is_refused(sqlite_file, account_id):
    missing = billbook("accounts", "connect", "lob", "--account", "999", "--api-key", LOB_KEY, database=sqlite_file)
    assert missing.returncode == 2 and "not found" in missing.stdout
    bad_key = billbook("accounts", "connect", "lob", "--account", account_id, "--api-key", LOB_KEY,
                       database=sqlite_file, BILLBOOK_SECRET_KEY="hunter2")
    assert bad_key.returncode == 2 and "BILLBOOK_SECRET_KEY" in bad_key.stdout and "hunter2" not in bad_key.stdout
