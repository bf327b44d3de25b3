"""The `billbook` command, run as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from billbook.services import accounts
from billbook.store.database import Database


def billbook(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "billbook", *args, "--database", database],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture
def sqlite_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_accounts_create_prints_the_keys_once_as_json(sqlite_file):
    done = billbook("accounts", "create", "--name", "Acme SAS", "--country", "FR", "--vat-number", "FR60528551658",
                    "--legal-form", "SAS", "--siret", "73282932000074", "--capital-stock", "1000",
                    "--address-line1", "1 rue de la Paix", "--city", "Paris", "--zip", "75002", "--currency", "EUR",
                    "--json", database=sqlite_file)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"account", "live_key", "test_key"}
    database = Database(sqlite_file)
    assert accounts.authenticate(database, result["live_key"]).tenant.livemode is True
    assert accounts.authenticate(database, result["test_key"]).tenant.livemode is False
    account = accounts.get_account(database, result["account"])
    assert (account.vat_number, account.legal_form, account.city, str(account.capital_stock)) == (
        "FR60528551658", "SAS", "Paris", "1000.00")


def test_invalid_details_fail_clearly(sqlite_file):
    done = billbook("accounts", "create", "--name", "Acme", "--country", "Narnia", "--json", database=sqlite_file)
    assert done.returncode == 2 and "country" in done.stdout


def test_keys_rotate_revokes_the_old_key(sqlite_file):
    created = json.loads(billbook("accounts", "create", "--name", "A", "--country", "FR", "--json",
                                  database=sqlite_file).stdout)
    done = billbook("keys", "rotate", "--account", str(created["account"]), "--mode", "test", "--json",
                    database=sqlite_file)
    assert done.returncode == 0, done.stderr
    new_key = json.loads(done.stdout)["key"]
    database = Database(sqlite_file)
    assert accounts.authenticate(database, new_key).tenant.livemode is False
    with pytest.raises(Exception):
        accounts.authenticate(database, created["test_key"])
    assert accounts.authenticate(database, created["live_key"]).tenant.livemode is True
    missing = billbook("keys", "rotate", "--account", "999", "--mode", "live", database=sqlite_file)
    assert missing.returncode == 2


def test_ensure_demo_creates_one_demo_account_only(sqlite_file):
    first = billbook("accounts", "ensure-demo", database=sqlite_file)
    assert first.returncode == 0 and "live key: bb_live_" in first.stdout and "/invoiced" in first.stdout
    second = billbook("accounts", "ensure-demo", database=sqlite_file)
    assert second.returncode == 0 and "bb_live_" not in second.stdout
    assert accounts.account_count(Database(sqlite_file)) == 1


def test_migrate(sqlite_file):
    assert billbook("migrate", database=sqlite_file).returncode == 0
