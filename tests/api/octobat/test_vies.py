"""With the VIES check on, a VAT number reverse-charges only once the register confirms it."""

import pytest
from fastapi.testclient import TestClient

from billbook.api.app import create_app
from billbook.config import Settings
from billbook.domain.tenancy import Mode
from billbook.services import payment_modes
from tests.conftest import basic_auth
from tests.support.fake_vies import fake_vies
from tests.support.octobat_invoices import IBAN, SEED_CUSTOMER

GERMAN_BUSINESS = {**SEED_CUSTOMER, "billing_address_country": "DE", "billing_address_zip": "10115",
                   "business_type": "B2B", "vat_number": "DE136695976"}


@pytest.fixture
def vies(database, account):
    with fake_vies() as (register, url):
        app = create_app(Settings(database_url=database.url, rate_limit=0, vies_check=True, vies_url=url), database)
        client = TestClient(app, headers=basic_auth(account.live_key), raise_server_exceptions=False)
        bank = payment_modes.create(account.context(Mode.LIVE), {"name": "Bank", "type": "transfer", "iban": IBAN})
        yield register, client, bank.public_id


def consulting(client, bank):
    response = client.post("/octobat/v1/invoices", json={
        "livemode": True, "state": "confirmed", "currency": "eur", "customer": GERMAN_BUSINESS, "payable_by": [bank],
        "invoice_items": [{"description": "Consulting", "extratax_cents": 10000, "eservice": False}]})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_confirmed_number_is_reverse_charged(vies):
    register, client, bank = vies
    register.registered.add("DE136695976")
    [line] = consulting(client, bank)["invoice_items"]["data"]
    assert (line["tax_category"], line["payment_cents"]) == ("AE", 10000)
    assert register.asked == ["DE136695976"]


@pytest.mark.parametrize("down", [False, True])
def test_an_unregistered_number_or_a_silent_register_means_vat_is_charged(vies, down):
    register, client, bank = vies
    register.down = down
    invoice = consulting(client, bank)
    [line] = invoice["invoice_items"]["data"]
    # Charged as a consumer's services: the supplier's French rate.
    assert (line["tax_category"], line["vat_rate"], line["payment_cents"]) == ("S", 20.0, 12000)
    assert invoice["business_type"] == "B2C"


def test_an_unreachable_register_charges_vat_too(database, account):
    app = create_app(Settings(database_url=database.url, rate_limit=0, vies_check=True,
                              vies_url="http://127.0.0.1:9/nowhere"), database)
    client = TestClient(app, headers=basic_auth(account.live_key), raise_server_exceptions=False)
    bank = payment_modes.create(account.context(Mode.LIVE), {"name": "Bank", "type": "transfer", "iban": IBAN})
    [line] = consulting(client, bank.public_id)["invoice_items"]["data"]
    assert (line["tax_category"], line["vat_rate"]) == ("S", 20.0)
