"""`billbook accounts check`: what an account's e-invoices lack, said field by field, and its exit code."""

import json

from billbook.services import customers, drafts, payment_modes
from billbook.store.database import Database
from tests.conftest import Account
from tests.services.test_e_invoicing import COMPLETE, FRENCH_BUSINESS
from tests.support.octobat_invoices import IBAN
from tests.test_cli import billbook, sqlite_file  # noqa: F401 (a fixture)


def seeded(url: str, **details) -> Account:
    database = Database(url)
    database.migrate()
    account = Account(database, **{**COMPLETE, **details})
    ctx = account.context()
    payment_modes.create(ctx, {"name": "Virement SEPA", "type": "transfer", "iban": IBAN})
    customer = customers.create(ctx, FRENCH_BUSINESS)
    drafts.create_invoice(ctx, {"customer": customer.id, "items": [{"name": "Audit", "unit_cost": 100}]})
    return account


def test_a_complete_account_exits_0(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file)
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every required detail" in done.stdout and ": passes" in done.stdout


def test_what_is_missing_is_named_with_its_rule_and_what_to_set(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file, siret=None)
    customers.create(account.context(), {"name": "Camille Martin", "country": "FR"})
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert done.returncode == 1, done.stderr
    assert "BT-30 Seller legal registration identifier (SIREN) [BR-FR-10, BR-CO-26]" in done.stdout
    assert "set: billbook accounts update --account ID --siret" in done.stdout
    assert "BT-49 Buyer electronic address [BR-FR-12]: 1 customer" in done.stdout and "Camille Martin" in done.stdout
    assert "error   BR-FR-10_BT-30: " in done.stdout


def test_json_says_the_same(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file, siret=None)
    done = billbook("accounts", "check", "--account", str(account.id), "--json", "--documents", "1",
                    database=sqlite_file)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    assert found["complete"] is False and found["customers"] == {"checked": 1, "missing": []}
    assert [(gap["term"], gap["field"]) for gap in found["seller"]] == [("BT-30", "siret")]
    [document] = found["documents"]
    assert [error["rule"] for error in document["errors"]] == ["BR-FR-10_BT-30"] and document["warnings"] == []


def test_an_unknown_account_fails_clearly(sqlite_file):  # noqa: F811
    Database(sqlite_file).migrate()
    done = billbook("accounts", "check", "--account", "999", database=sqlite_file)
    assert done.returncode == 2 and "not found" in done.stdout
