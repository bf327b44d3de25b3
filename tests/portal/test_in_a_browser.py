"""The billing page in a real browser (Debian's Chromium through Playwright) against a live server:
what the customer sees, a PDF downloaded, details saved and read back through the API, a refused
VAT number, and the form used with the keyboard alone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.portal.browser import billing_link, served_ledger
from tests.portal.support import created, seeded_customer


@pytest.fixture(scope="module")
def served():
    with served_ledger() as served:
        yield served


@pytest.fixture
def seeded(served):
    base_url, api, account = served
    ledger = seeded_customer(api)
    return {**ledger, "link": billing_link(account, ledger["customer"]["id"], base_url), "api": api}


def test_the_customer_sees_invoices_and_balance_and_downloads_a_pdf(page: Page, seeded):
    page.goto(seeded["link"])
    first, api = seeded["invoices"][0], seeded["api"]
    expect(page.locator(f"#invoice-{first['id']}")).to_contain_text(first["number"])
    balance = api.get(f"/invoiced/customers/{seeded['customer']['id']}/balance", params={"currency": "eur"}).json()
    expect(page.locator("#balance-EUR")).to_contain_text(f"{balance['total_outstanding']:,.2f}")
    with page.expect_download() as download:
        page.locator(f"#invoice-{first['id']} a").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_customer_corrects_the_address_and_the_api_shows_it(page: Page, seeded):
    page.goto(seeded["link"])
    page.get_by_label("Address", exact=True).fill("9 quai Perrache")
    page.get_by_label("Postal code").fill("69002")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("status")).to_contain_text("Your details were saved.")
    shown = seeded["api"].get(f"/invoiced/customers/{seeded['customer']['id']}").json()
    assert (shown["address1"], shown["postal_code"]) == ("9 quai Perrache", "69002")


def test_a_refused_vat_number_shows_its_message_and_changes_nothing(page: Page, seeded):
    page.goto(seeded["link"])
    page.get_by_label("VAT number").fill("FR12345")
    page.get_by_label("City").fill("Elsewhere")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#error-vat_number")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("VAT number")
    shown = seeded["api"].get(f"/invoiced/customers/{seeded['customer']['id']}").json()
    assert shown["tax_id"] is None and shown["city"] == "Lyon"


def test_the_form_is_usable_with_the_keyboard_alone(page: Page, served):
    base_url, api, account = served
    customer = created(api.post("/invoiced/customers", json={"name": "Keyboard Ltd", "language": "en"}))
    page.goto(billing_link(account, customer["id"], base_url))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#field-name")
    for expected in ("field-email", "field-phone", "field-vat_number", "field-address1"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == expected
    page.keyboard.type("1 Keyboard Street")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("saved")
    assert api.get(f"/invoiced/customers/{customer['id']}").json()["address1"] == "1 Keyboard Street"
    assert re.search(r"saved=1", page.url)
