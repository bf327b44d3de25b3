"""`billbook accounts check`: what an account's e-invoices lack, said field by field, and its exit code."""

import json

import pytest

from billbook.services import customers, drafts, payment_modes
from billbook.store.database import Database
from tests.conftest import Account
from tests.services.test_e_invoicing import COMPLETE, FRENCH_BUSINESS
from tests.support.octobat_invoices import IBAN
from tests.test_cli import billbook, sqlite_file  # noqa: F401 (a fixture)

AMERICAN = dict(name="Acme Corp", country="US", currency="USD", address_line1="1 Broadway", city="Oakland",
                zip="94607")
AMERICAN_BUSINESS = {"name": "Globex Inc", "country": "US", "business_type": "B2B", "email": "ap@globex.example"}
GERMAN = dict(name="Lindner Beratung GmbH", country="DE", vat_number="DE136695976", address_line1="Hauptstraße 1",
              city="Berlin", zip="10115")
GERMAN_BUSINESS = {"name": "Brauerei Huber GmbH", "country": "DE", "business_type": "B2B",
                   "vat_number": "DE100000008", "email": "rechnung@huber.example"}


def seeded(url: str, seller: dict = COMPLETE, buyer: dict = FRENCH_BUSINESS, **details) -> Account:
    database = Database(url)
    database.migrate()
    account = Account(database, **{**seller, **details})
    ctx = account.context()
    payment_modes.create(ctx, {"name": "Virement SEPA", "type": "transfer", "iban": IBAN})
    customer = customers.create(ctx, buyer)
    drafts.create_invoice(ctx, {"customer": customer.id, "items": [{"name": "Audit", "unit_cost": 100}]})
    return account


def checked_as_json(account: Account, url: str) -> dict:
    return json.loads(billbook("accounts", "check", "--account", str(account.id), "--json", database=url).stdout)


def test_a_complete_account_exits_0(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file)
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every required detail" in done.stdout and ": passes" in done.stdout


@pytest.mark.parametrize("seller, buyer", [(AMERICAN, AMERICAN_BUSINESS), (GERMAN, GERMAN_BUSINESS)])
def test_a_complete_account_outside_france_exits_0_and_is_never_asked_for_a_siret(sqlite_file, seller, buyer):  # noqa: F811
    account = seeded(sqlite_file, seller, buyer)
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every required detail" in done.stdout and "siret" not in done.stdout.lower()
    found = checked_as_json(account, sqlite_file)
    assert found["complete"] is True and all(gap["field"] != "siret" for gap in found["seller"])


def test_a_seller_outside_the_eu_is_warned_plainly_that_br_co_26_cannot_be_met(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file, AMERICAN, AMERICAN_BUSINESS)
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert "warning BT-30 Seller legal registration identifier [BR-CO-26]" in done.stdout, done.stdout
    assert "no detail of the account can change that" in done.stdout
    found = checked_as_json(account, sqlite_file)
    [unidentified] = [gap for gap in found["seller"] if gap["term"] == "BT-30"]
    assert (unidentified["required"], unidentified["field"], unidentified["set_with"]) == (False, None, None)


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


def test_a_document_without_euro_rate_is_named_but_leaves_the_exit_code(sqlite_file):  # noqa: F811
    account = seeded(sqlite_file)
    ctx = account.context()
    customer = customers.create(ctx, {**FRENCH_BUSINESS, "name": "Estancia SA"})
    drafts.create_invoice(ctx, {"customer": customer.id, "currency": "ARS",
                                "items": [{"name": "Audit", "unit_cost": 100}]})
    done = billbook("accounts", "check", "--account", str(account.id), database=sqlite_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error   BT-111 Invoice total VAT amount in accounting currency [BR-FR-CO-12]" in done.stdout
    assert ": 2 error(s), 0 warning(s)" in done.stdout  # the gap, and the French schematron's rule
    [pesos, _] = checked_as_json(account, sqlite_file)["documents"]
    assert [(gap["term"], gap["field"]) for gap in pesos["gaps"]] == [("BT-111", None)]


def test_an_unknown_account_fails_clearly(sqlite_file):  # noqa: F811
    Database(sqlite_file).migrate()
    done = billbook("accounts", "check", "--account", "999", database=sqlite_file)
    assert done.returncode == 2 and "not found" in done.stdout
