"""The official Octobat v2 Node client (npm `octobat-npm` 2.0.1) against a live Billbook.

Each test runs tests/contract/octobat_node/scenario.js: a list of client calls in one Node process,
whose results (or client errors) come back as JSON. A step is `[method, *arguments]`; a string
`"$N.a.b"` in the arguments stands for field `a.b` of step N's result. Expected values come from
shared/seeds/octobat-v2-customers.md and shared/reference/octobat-wire.md.
"""

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import Account, basic_auth
from tests.support.octobat_seeds import V2_CREATE, V2_CUSTOMER_KEYS, V2_PAYMENT_SOURCE_KEYS

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "contract" / "octobat_node" / "scenario.js"
ENSURE_CLIENT = ROOT / "scripts" / "ensure-octobat-client.sh"
CUSTOMER_ID = re.compile(r"oc_cu_\d{10}[a-z0-9]{4}[0-9a-f]{8}")
SEED_CARD = {"source": "card_1029383qsfqs", "payment_source_type": "Credit Card", "country": "FR",
             "exp_month": 12, "exp_year": 2017}
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture(scope="session")
def node_scenario() -> list[str]:
    """The command running scenario.js, once the client is installed (`npm ci`, if absent)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: these tests drive the official Octobat Node client (install Node.js)")
    done = subprocess.run(["bash", str(ENSURE_CLIENT)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"{ENSURE_CLIENT.name} failed:\n{done.stdout}{done.stderr}")
    return [node, str(SCENARIO)]


@dataclass
class OctobatNode:
    command: list[str]
    server_url: str
    key: str

    def run(self, *steps: list, key: str | None = None) -> list[dict[str, Any]]:
        """Every step's outcome: `{"call", "result"}` or `{"call", "error": {type, message, raw}}`."""
        argv = [*self.command, f"{self.server_url}/octobat/v2", key or self.key, json.dumps(steps)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["results"]

    def results(self, *steps: list, key: str | None = None) -> list[Any]:
        """The steps' results; any client error fails the test."""
        outcomes = self.run(*steps, key=key)
        assert [o for o in outcomes if "error" in o] == []
        return [o["result"] for o in outcomes]


@pytest.fixture
def octobat(node_scenario, server_url, database) -> OctobatNode:
    """The Node client on a fresh account's live key: every test starts with no customers."""
    return OctobatNode(node_scenario, server_url, Account(database).live_key)


def create(fields: dict | None = None, **more) -> list:
    return ["customers.create", {"billing_address_country": "France", **(fields or {}), **more}]


def http_get(url: str, key: str) -> Any:
    with urllib.request.urlopen(urllib.request.Request(url, headers=basic_auth(key)), timeout=10) as response:
        return json.load(response)


# --- customers ---

def test_the_seed_create_example_gives_the_documented_customer(octobat, server_url):
    [customer] = octobat.results(create(V2_CREATE))

    assert V2_CUSTOMER_KEYS <= set(customer)
    assert {key: customer[key] for key in V2_CREATE} == V2_CREATE
    assert CUSTOMER_ID.fullmatch(customer["id"])
    assert (customer["object"], customer["livemode"], customer["business_type"]) == ("customer", True, "B2B")
    assert (customer["billing_address_line1"], customer["billing_address_line2"],
            customer["billing_address_state"]) == (None, None, None)
    assert customer["sources"] == []
    assert customer["payment_sources"]["object"] == "list" and customer["payment_sources"]["data"] == []
    page = urlsplit(customer["octobat_billing_page"])
    assert page.scheme in ("http", "https") and page.netloc and page.path.startswith("/billing/")


def test_a_test_key_creates_test_mode_customers(octobat, database):
    [customer] = octobat.results(create(name="Test mode"), key=Account(database).test_key)
    assert customer["livemode"] is False


def test_retrieve_and_update_as_in_the_seed(octobat):
    created, retrieved, updated, again = octobat.results(
        create(V2_CREATE),
        ["customers.retrieve", "$0.id"],
        ["customers.update", "$0.id", {"email": "admin@octobat.com"}],
        ["customers.retrieve", "$0.id"])

    assert retrieved == created
    assert updated == {**created, "email": "admin@octobat.com"}
    assert again == updated


def test_the_list_pages_forward_with_starting_after_and_back_with_ending_before(octobat):
    steps = [create(name=f"Customer {n}") for n in range(7)]
    steps += [
        ["customers.list", {"limit": 3}],
        ["customers.list", {"limit": 3, "starting_after": "$7.data.2.id"}],
        ["customers.list", {"limit": 3, "starting_after": "$8.data.2.id"}],
        ["customers.list", {"limit": 3, "ending_before": "$9.data.0.id"}],
        ["customers.list", {"limit": 3, "ending_before": "$10.data.0.id"}],
        ["customers.list"],
    ]
    *created, first, second, third, back, back_to_first, everything = octobat.results(*steps)

    newest_first = [customer["id"] for customer in reversed(created)]

    def shown(page):
        assert (page["object"], page["total_count"], page["request_url"]) == ("list", 7, "/customers")
        return [customer["id"] for customer in page["data"]], page["has_more"], page["has_before"]

    assert shown(first) == (newest_first[0:3], True, False)
    assert shown(second) == (newest_first[3:6], True, True)
    assert shown(third) == (newest_first[6:], False, True)
    assert shown(back) == (newest_first[3:6], True, True)
    assert shown(back_to_first) == (newest_first[0:3], True, False)
    assert shown(everything) == (newest_first, False, False)  # default limit: 10


# --- payment sources, payment recipients, numbering sequences ---

def test_payment_sources_are_created_listed_retrieved_updated_and_nested_in_the_customer(octobat):
    customer, created, listed, retrieved, updated, owner = octobat.results(
        create(V2_CREATE),
        ["customers.createPaymentSource", "$0.id", SEED_CARD],
        ["customers.listPaymentSources", "$0.id"],
        ["customers.retrievePaymentSource", "$0.id", "$1.id"],
        ["customers.updatePaymentSource", "$0.id", "$1.id", {"exp_month": 3, "exp_year": 2030}],
        ["customers.retrieve", "$0.id"])

    assert V2_PAYMENT_SOURCE_KEYS <= set(created)
    assert created["id"].startswith("oc_ps_") and created["object"] == "payment_source"
    assert created["customer"] == customer["id"]
    assert {key: created[key] for key in SEED_CARD} == SEED_CARD and created["details"] == {}
    assert [source["id"] for source in listed["data"]] == [created["id"]]
    assert listed["object"] == "list" and listed["total_count"] == 1
    assert retrieved == created
    assert updated == {**created, "exp_month": 3, "exp_year": 2030}
    assert owner["payment_sources"]["object"] == "list"
    assert owner["payment_sources"]["data"] == [updated]


def test_payment_recipients_are_created_with_an_iban_in_their_details_and_listed(octobat):
    created, listed, retrieved, renamed = octobat.results(
        ["paymentRecipients.create", {"name": "Bank transfer", "details": {"iban": IBAN, "bic": "BNPAFRPP"}}],
        ["paymentRecipients.list"],
        ["paymentRecipients.retrieve", "$0.id"],
        ["paymentRecipients.update", "$0.id", {"name": "Main account"}])

    assert created["object"] == "payment_recipient" and created["livemode"] is True
    assert created["details"] == {"iban": IBAN, "bic": "BNPAFRPP"}
    assert created["payment_recipient_type"] == "transfer"
    assert (listed["object"], [r["id"] for r in listed["data"]]) == ("list", [created["id"]])
    assert retrieved == created
    assert renamed["name"] == "Main account" and renamed["details"] == created["details"]


def test_a_new_account_lists_exactly_one_default_invoice_numbering_sequence(octobat):
    [sequences] = octobat.results(["invoiceNumberingSequences.list"])

    assert sequences["object"] == "list"
    defaults = [s for s in sequences["data"] if s["is_default"] is True]
    assert len(defaults) == 1
    assert defaults[0]["object"] == "invoice_numbering_sequence" and defaults[0]["next_number"]


# --- errors, as the client raises them ---

def test_invalid_and_missing_parameters_and_unknown_ids_are_client_errors_naming_them(octobat, server_url):
    bad_tax_number, no_country, unknown, listed = octobat.run(
        create(name="Acme", tax_number="FR60528551659"),
        ["customers.create", {"name": "Acme"}],
        ["customers.retrieve", "oc_cu_1421878635hksc26e4de79"],
        ["customers.list"])

    assert bad_tax_number["error"]["type"] == "OctobatInvalidRequest"
    assert list(bad_tax_number["error"]["raw"]) == ["tax_number"]
    assert bad_tax_number["error"]["message"].startswith("tax_number: ")
    assert no_country["error"]["type"] == "OctobatInvalidRequest"
    assert no_country["error"]["raw"] == {"billing_address_country": [{"details": "is required"}]}
    assert no_country["error"]["message"] == "billing_address_country: is required. "
    assert unknown["error"]["type"] == "OctobatInvalidRequest"
    assert "oc_cu_1421878635hksc26e4de79" in unknown["error"]["message"]
    assert listed["result"]["total_count"] == 0  # the refused creations left nothing behind
    # The client does not show the status; the same request over plain HTTP does.
    with pytest.raises(urllib.error.HTTPError) as caught:
        http_get(f"{server_url}/octobat/v2/customers/oc_cu_1421878635hksc26e4de79", octobat.key)
    assert caught.value.code == 404


def test_a_wrong_key_is_an_authentication_error(octobat):
    [outcome] = octobat.run(["customers.list"], key="oc_test_skey_tkHCYYOUVrYyY5rBFZxNzgtt")

    assert outcome["error"]["type"] == "OctobatAuthenticationError"
    assert outcome["error"]["raw"]["message"]


# --- across dialects ---

def test_a_customer_created_with_the_node_client_is_an_invoiced_customer(octobat, server_url):
    [created] = octobat.results(create(V2_CREATE))

    [customer] = http_get(f"{server_url}/invoiced/customers", octobat.key)

    assert (customer["name"], customer["email"], customer["country"], customer["tax_id"]) == (
        created["name"], created["email"], "FR", "FR60528551658")
