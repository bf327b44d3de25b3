"""The `billbook` command, run as a user runs it."""

import json
import os
import re
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


@pytest.fixture
def account_id(sqlite_file) -> str:
    created = billbook("accounts", "create", "--name", "Octobat", "--country", "FR", "--json", database=sqlite_file)
    return str(json.loads(created.stdout)["account"])


def test_sequences_create_list_and_set_default(sqlite_file, account_id):
    def ledger(*args):
        done = billbook("sequences", *args, "--account", account_id, "--mode", "test", "--json", database=sqlite_file)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)

    [default] = ledger("list")
    assert default["is_default"] is True
    [created] = ledger("create", "--prefix", "SP", "--format", "{prefix}{yyyy}-{counter:3}", "--reset", "yearly")
    assert created["next_number"].startswith("SP") and created["next_number"].endswith("-001")
    assert created["is_default"] is False
    [chosen] = ledger("set-default", created["id"])
    assert chosen["is_default"] is True
    assert [s["id"] for s in ledger("list") if s["is_default"]] == [created["id"]]
    [made_default] = ledger("create", "--prefix", "OC", "--default")
    assert [s["id"] for s in ledger("list") if s["is_default"]] == [made_default["id"]]
    # The live mode keeps its own default.
    live = billbook("sequences", "list", "--account", account_id, "--mode", "live", "--json", database=sqlite_file)
    assert [s["prefix"] for s in json.loads(live.stdout)] == ["INV"]


def test_sequences_refuse_bad_formats_and_unknown_ids(sqlite_file, account_id):
    bad = billbook("sequences", "create", "--account", account_id, "--mode", "live", "--prefix", "X",
                   "--format", "{prefix}", database=sqlite_file)
    assert bad.returncode == 2 and "format" in bad.stdout
    unknown = billbook("sequences", "set-default", "--account", account_id, "--mode", "live", "oc_ns_nope",
                       database=sqlite_file)
    assert unknown.returncode == 2 and "not found" in unknown.stdout


def test_payment_modes_create_and_list(sqlite_file, account_id):
    done = billbook("payment-modes", "create", "--account", account_id, "--mode", "live", "--name", "Bank name",
                    "--type", "transfer", "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "BNPAFRPP",
                    "--json", database=sqlite_file)
    assert done.returncode == 0, done.stdout
    [mode] = json.loads(done.stdout)
    assert mode["id"].startswith("oc_pm_") and mode["type"] == "transfer"
    listed = billbook("payment-modes", "list", "--account", account_id, "--mode", "live", "--json",
                      database=sqlite_file)
    assert json.loads(listed.stdout) == [mode]
    for wrong in (["--type", "transfer", "--iban", "FR90 17216 18009 17038133245 88"], ["--type", "cash"],
                  ["--type", "transfer"]):
        refused = billbook("payment-modes", "create", "--account", account_id, "--mode", "live", "--name", "Bank",
                           *wrong, database=sqlite_file)
        assert refused.returncode == 2, wrong
    assert len(json.loads(billbook("payment-modes", "list", "--account", account_id, "--mode", "live", "--json",
                                   database=sqlite_file).stdout)) == 1


def test_sequences_keep_date_order_by_default_in_the_eu_and_the_setting_changes(sqlite_file, account_id):
    def ledger(*args, account=account_id):
        done = billbook("sequences", *args, "--account", account, "--mode", "live", "--json", database=sqlite_file)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)

    [french] = ledger("list")
    assert french["chronological"] is True
    [changed] = ledger("update", french["id"], "--no-chronological")
    assert changed["chronological"] is False and ledger("list")[0]["chronological"] is False
    [created] = ledger("create", "--prefix", "SP", "--no-chronological")
    assert created["chronological"] is False
    american = billbook("accounts", "create", "--name", "Acme Inc", "--country", "US", "--json", database=sqlite_file)
    [us_default] = ledger("list", account=str(json.loads(american.stdout)["account"]))
    assert us_default["chronological"] is False


def test_accounts_update_changes_details_checked_and_names_a_bad_one(sqlite_file):
    created = json.loads(billbook("accounts", "create", "--name", "Acme SAS", "--country", "FR", "--city", "Paris",
                                  "--json", database=sqlite_file).stdout)
    done = billbook("accounts", "update", "--account", str(created["account"]), "--siret", "52855165800016",
                    "--city", "", database=sqlite_file)
    assert done.returncode == 0, done.stderr
    account = accounts.get_account(Database(sqlite_file), created["account"])
    assert (account.siret, account.city, account.name) == ("52855165800016", None, "Acme SAS")
    refused = billbook("accounts", "update", "--account", str(created["account"]), "--siret", "123",
                       database=sqlite_file)
    assert refused.returncode == 2 and "siret" in refused.stdout
    unknown = billbook("accounts", "update", "--account", "9999", "--city", "Lyon", database=sqlite_file)
    assert unknown.returncode != 0 and "9999" in unknown.stdout + unknown.stderr


# Square brackets are rich markup: printed unescaped, "[/x]" fails the command after its work is
# done, and "[bold]" vanishes from what is shown.
BRACKETED = "Acme [/x] [bold]SAS[/bold]"


def test_accounts_print_names_and_errors_with_square_brackets_as_given(sqlite_file):
    created = billbook("accounts", "create", "--name", BRACKETED, "--country", "FR", database=sqlite_file)
    assert created.returncode == 0, created.stdout + created.stderr
    assert f"created: {BRACKETED} (FR)" in created.stdout
    assert "live key: bb_live_" in created.stdout and "test key: bb_test_" in created.stdout
    account_id = re.search(r"account (\d+) created", created.stdout).group(1)
    renamed = billbook("accounts", "update", "--account", account_id, "--name", f"{BRACKETED} 2", database=sqlite_file)
    assert renamed.returncode == 0, renamed.stdout + renamed.stderr
    assert f"updated: {BRACKETED} 2 (FR)" in renamed.stdout
    refused = billbook("accounts", "update", "--account", account_id, "--siret", "[/x]", database=sqlite_file)
    assert refused.returncode == 2 and "is not a valid SIRET number: '[/x]'" in refused.stdout, refused.stderr


def test_sequences_payment_modes_and_the_outbox_print_square_brackets_as_given(sqlite_file, account_id):
    sequence = billbook("sequences", "create", "--account", account_id, "--mode", "live", "--prefix", "SP",
                        "--name", BRACKETED, database=sqlite_file)
    assert sequence.returncode == 0 and f"name={BRACKETED}" in sequence.stdout, sequence.stdout + sequence.stderr
    mode = billbook("payment-modes", "create", "--account", account_id, "--mode", "live", "--name", BRACKETED,
                    "--type", "check", database=sqlite_file)
    assert mode.returncode == 0 and f"name={BRACKETED}" in mode.stdout, mode.stdout + mode.stderr
    unknown = billbook("outbox", "retry", "[/x]", database=sqlite_file)
    assert unknown.returncode == 2 and "no message [/x]" in unknown.stdout, unknown.stdout + unknown.stderr


def test_outbox_retry_of_a_message_being_delivered_is_refused_clearly(sqlite_file):
    from datetime import datetime, timedelta, timezone

    from billbook.store.unit_of_work import AdminUnitOfWork
    from tests.delivery.test_email import queue_statement

    database = Database(sqlite_file)
    database.migrate()
    [message] = queue_statement(database, ["client@example.com"])
    now = datetime.now(timezone.utc)
    with AdminUnitOfWork(database) as admin:
        admin.outbox_queue.claim(now, now + timedelta(minutes=5), 10)
        admin.commit()
    done = billbook("outbox", "retry", message.public_id, database=sqlite_file)
    assert done.returncode == 2 and "being delivered right now" in done.stdout, done.stdout + done.stderr
