"""The customer billing page, server side: what it shows, the details form, and its security."""

import html
import logging
import re

import pytest
from fastapi.testclient import TestClient

from billbook.api.app import create_app
from billbook.api.http.access_log import RedactLinkTokens
from billbook.config import Settings
from billbook.services import customers, invoices
from tests.api.test_public_documents import text_of
from tests.portal.support import INVOICED, created, csrf_field, details_form, page_path, seeded_customer


@pytest.fixture
def seeded(api):
    return seeded_customer(api)


def shown(anonymous, path: str, status: int = 200, **params):
    answer = anonymous.get(path, params=params)
    assert answer.status_code == status, answer.text[:500]
    return answer


def test_the_page_shows_balances_per_currency_as_the_api_computes_them(api, anonymous, account, seeded):
    customer = seeded["customer"]
    page = shown(anonymous, page_path(account, customer["id"])).text
    for currency, symbol in (("eur", "€"), ("usd", "US$")):
        balance = api.get(f"{INVOICED}/customers/{customer['id']}/balance", params={"currency": currency}).json()
        figure = re.search(rf'id="balance-{currency.upper()}">([^<]+)<', page).group(1)
        expected = f"{balance['total_outstanding']:,.2f}"
        assert expected in figure.replace("\u00a0", " ") and (symbol in figure or "$" in figure), (figure, balance)
    assert 'id="aging"' in page and "Current" in page and "Over 90 days" in page


def test_the_page_lists_issued_invoices_with_their_pdfs_credit_notes_and_payments_not_drafts(
        api, anonymous, account, seeded):
    page = shown(anonymous, page_path(account, seeded["customer"]["id"])).text
    for invoice in seeded["invoices"]:
        row = re.search(rf'<tr id="invoice-{invoice["id"]}">(.*?)</tr>', page, re.S).group(1)
        assert invoice["number"] in row
        pdf = re.search(r'href="([^"]+)"', row).group(1)
        assert pdf == invoice["pdf_url"]
        assert anonymous.get(pdf).content.startswith(b"%PDF")
    assert seeded["credit_note"]["number"] in page and 'id="credit-notes"' in page
    assert "VIR-2291" in page and "Bank transfer" in page
    assert "Not yet" not in page and f'id="invoice-{seeded["draft"]["id"]}"' not in page


def test_the_statement_is_shown_for_the_period_asked_and_linked_as_a_pdf(anonymous, account, seeded):
    path = page_path(account, seeded["customer"]["id"])
    open_item = shown(anonymous, path).text
    assert "Open items" in open_item and 'id="closing-balance"' in open_item
    forward = shown(anonymous, path, type="balance_forward", start="2020-01-01").text
    assert re.search(r'<option value="balance_forward" selected>', forward)
    assert "Previous balance" in forward and "VIR-2291" in forward
    link = html.unescape(re.search(r'href="([^"]+/statements/[^"]+)"', forward).group(1))
    assert "type=balance_forward" in link and "start=2020-01-01" in link
    assert anonymous.get(link).content.startswith(b"%PDF")
    refused = shown(anonymous, path, type="yearly").text
    assert 'role="alert"' in refused and "type" in refused


def test_the_page_speaks_french_to_a_french_customer(api, anonymous, account):
    customer = created(api.post(f"{INVOICED}/customers", json={"name": "Client", "language": "fr"}))
    created(api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "items": [
        {"name": "Conseil", "quantity": 1, "unit_cost": 1234.5}]}))
    page = shown(anonymous, page_path(account, customer["id"])).text
    assert '<html lang="fr">' in page
    assert "Factures" in page and "Coordonnées de facturation" in page and "Numéro de TVA" in page
    assert "1\u202f481,40\u00a0€" in page or "1 481,40 €" in page.replace("\u202f", " ").replace("\u00a0", " ")


def test_the_page_speaks_english_by_default_for_an_english_account(make_account, client_for, anonymous):
    account = make_account(country="GB")
    api = client_for(account.live_key)
    customer = created(api.post(f"{INVOICED}/customers", json={"name": "Client"}))
    page = shown(anonymous, page_path(account, customer["id"])).text
    assert '<html lang="en">' in page and "Billing details" in page


def test_every_response_carries_strict_headers(anonymous, account, seeded):
    path = page_path(account, seeded["customer"]["id"])
    for answer in (shown(anonymous, path), anonymous.get("/billing/" + "x" * 32)):
        headers = answer.headers
        assert headers["content-security-policy"].startswith("default-src 'self'; script-src 'none'")
        for directive in ("style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"):
            assert directive in headers["content-security-policy"]
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
    page = shown(anonymous, path).text
    assert "<script" not in page and "style=" not in page
    stylesheet = anonymous.get("/portal/billing.css")
    assert stylesheet.status_code == 200 and stylesheet.headers["content-type"].startswith("text/css")


def test_every_value_is_escaped(api, anonymous, account):
    customer = created(api.post(f"{INVOICED}/customers", json={
        "name": "<script>alert(1)</script>", "address1": '"><img src=x onerror=alert(2)>', "city": "A & B"}))
    page = shown(anonymous, page_path(account, customer["id"])).text
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "A &amp; B" in page


def test_only_the_customers_own_token_opens_the_page_and_any_other_is_a_plain_404(
        api, anonymous, account, make_account, client_for, seeded):
    customer_id = seeded["customer"]["id"]
    path = page_path(account, customer_id)
    token = path.rsplit("/", 1)[1]
    other = created(api.post(f"{INVOICED}/customers", json={"name": "Someone Else"}))
    other_tenant = make_account()
    foreign = created(client_for(other_tenant.live_key).post(f"{INVOICED}/customers", json={"name": "Foreign"}))
    assert "Client SARL" in shown(anonymous, path).text
    assert "Client SARL" not in shown(anonymous, page_path(account, other["id"])).text
    assert "Client SARL" not in shown(anonymous, page_path(other_tenant, foreign["id"])).text
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    statement_token = customers.retrieve(account.context(), customer_id).statement_token
    for wrong in (tampered, token.upper(), token[:-4], statement_token, account.live_key, "%00", "x" * 500,
                  str(customer_id), seeded["invoices"][0]["pdf_url"].split("/")[-2]):
        for answer in (anonymous.get(f"/billing/{wrong}"), anonymous.post(f"/billing/{wrong}", data={"name": "X"})):
            assert answer.status_code == 404, wrong
            assert answer.text == "Not Found"


def test_a_rotated_link_is_a_404_and_the_api_shows_the_new_one(api, anonymous, account, seeded):
    customer = seeded["customer"]
    old_path = page_path(account, customer["id"])
    octobat_id = customers.retrieve(account.context(), customer["id"]).public_id
    before = api.get(f"/octobat/v2/customers/{octobat_id}").json()["octobat_billing_page"]
    assert before == f"http://testserver{old_path}"
    customers.rotate_portal_link(account.context(), customer["id"])
    assert anonymous.get(old_path).status_code == 404
    after = api.get(f"/octobat/v2/customers/{octobat_id}").json()["octobat_billing_page"]
    assert after != before and after.startswith("http://testserver/billing/")
    assert "Client SARL" in shown(anonymous, after.removeprefix("http://testserver")).text


def test_the_invoiced_invoice_url_leads_to_the_invoice_on_the_page(api, anonymous, account, seeded):
    invoice = api.get(f"{INVOICED}/invoices/{seeded['invoices'][0]['id']}").json()
    assert invoice["url"] == f"http://testserver{page_path(account, seeded['customer']['id'])}#invoice-{invoice['id']}"
    assert api.get(f"{INVOICED}/invoices/{seeded['draft']['id']}").json()["url"] is None
    page = shown(anonymous, invoice["url"].split("#")[0].removeprefix("http://testserver")).text
    assert f'id="invoice-{invoice["id"]}"' in page


def test_saving_the_form_changes_the_customer_and_never_an_issued_invoice(api, anonymous, account, seeded):
    customer, invoice = seeded["customer"], seeded["invoices"][0]
    path = page_path(account, customer["id"])
    form = details_form(shown(anonymous, path).text, address1="9 quai Perrache", city="Lyon 2e",
                        postal_code="69002", vat_number="FR40303265045", phone="+33 4 72 00 00 00")
    saved = anonymous.post(path, data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"{path}?saved=1#details"
    assert saved.headers["referrer-policy"] == "no-referrer"
    after = api.get(f"{INVOICED}/customers/{customer['id']}").json()
    assert (after["address1"], after["city"], after["postal_code"]) == ("9 quai Perrache", "Lyon 2e", "69002")
    assert after["tax_id"] == "FR40303265045" and after["name"] == "Client SARL"
    assert after["email"] == "billing@client.example"
    assert "Your details were saved." in shown(anonymous, path, saved="1").text
    pdf = anonymous.get(invoice["pdf_url"]).content
    printed = text_of(pdf)
    assert "2 avenue Foch" in printed and "9 quai Perrache" not in printed
    issued = invoices.retrieve(account.context(), invoice["id"]).invoice
    assert issued.customer["address_line1"] == "2 avenue Foch" and issued.customer["vat_number"] is None


def test_a_bad_vat_number_is_refused_with_its_message_and_changes_nothing(api, anonymous, account, seeded):
    customer = seeded["customer"]
    path = page_path(account, customer["id"])
    before = api.get(f"{INVOICED}/customers/{customer['id']}").json()
    refused = anonymous.post(path, data=details_form(shown(anonymous, path).text, vat_number="FR12345",
                                                     city="Elsewhere"))
    assert refused.status_code == 422
    message = re.search(r'<p class="field-message" id="error-vat_number">([^<]+)</p>', refused.text).group(1)
    assert "VAT" in message or "valid" in message
    assert 'value="FR12345"' in refused.text and 'aria-invalid="true"' in refused.text
    assert api.get(f"{INVOICED}/customers/{customer['id']}").json() == before
    blank_name = anonymous.post(path, data=details_form(shown(anonymous, path).text, name=""))
    assert blank_name.status_code == 422 and 'id="error-name"' in blank_name.text
    assert api.get(f"{INVOICED}/customers/{customer['id']}").json() == before


def test_a_post_without_its_csrf_token_or_with_a_forged_one_is_refused(api, anonymous, account, app, seeded):
    customer = seeded["customer"]
    path = page_path(account, customer["id"])
    page = shown(anonymous, path).text
    before = api.get(f"{INVOICED}/customers/{customer['id']}").json()
    good = details_form(page, city="Forged")
    other_path = page_path(account, created(api.post(f"{INVOICED}/customers", json={"name": "Other"}))["id"])
    other_token = csrf_field(shown(anonymous, other_path).text)
    attempts = [
        (anonymous, {**good, "csrf_token": ""}),
        (anonymous, {key: value for key, value in good.items() if key != "csrf_token"}),
        (anonymous, {**good, "csrf_token": good["csrf_token"][:-4] + "AAAA"}),
        (anonymous, {**good, "csrf_token": other_token}),  # sealed for another link
        # Another browser (no cookie, as a cross-site post under SameSite=Strict) with this page's token.
        (TestClient(app, raise_server_exceptions=False), good),
    ]
    for client, form in attempts:
        answer = client.post(path, data=form, follow_redirects=False)
        assert answer.status_code == 403, answer.text[:200]
        assert "did not come from this page" in answer.text
    forged_cookie = TestClient(app, raise_server_exceptions=False)
    forged_cookie.cookies.set("billbook_portal_csrf", "planted")
    assert forged_cookie.post(path, data=good, follow_redirects=False).status_code == 403
    assert api.get(f"{INVOICED}/customers/{customer['id']}").json() == before
    assert anonymous.post(path, data=good, follow_redirects=False).status_code == 303


def test_form_posts_are_rate_limited_per_link(database, account, client_for, api):
    app = create_app(Settings(database_url=database.url, rate_limit=0), database)
    browser = TestClient(app, raise_server_exceptions=False)
    first = created(api.post(f"{INVOICED}/customers", json={"name": "First"}))
    second = created(api.post(f"{INVOICED}/customers", json={"name": "Second"}))
    path = page_path(account, first["id"])
    form = details_form(browser.get(path).text)
    answers = [browser.post(path, data=form, follow_redirects=False).status_code for _ in range(12)]
    assert answers[:10] == [303] * 10 and answers[-1] == 429
    limited = browser.post(path, data=form, follow_redirects=False)
    assert int(limited.headers["retry-after"]) >= 1 and "Trop de tentatives" in limited.text
    other = page_path(account, second["id"])
    assert browser.post(other, data=details_form(browser.get(other).text), follow_redirects=False).status_code == 303


def test_the_access_log_never_prints_a_links_token():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/billing/AbCdEfGhIjKlMnOpQrStUvWx?type=x", "1.1", 200),
                               None)
    documents = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                                  ("127.0.0.1:5000", "GET", "/documents/SeCrEtToKeN123456/pdf", "1.1", 200), None)
    statements = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                                   ("127.0.0.1:5000", "GET", "/statements/SeCrEtToKeN123456/pdf?type=x", "1.1", 200),
                                   None)
    redactor = RedactLinkTokens()
    for entry, secret in ((record, "AbCdEfGhIjKlMnOpQrStUvWx"), (documents, "SeCrEtToKeN123456"),
                          (statements, "SeCrEtToKeN123456")):
        assert redactor.filter(entry)
        assert secret not in entry.getMessage() and "[redacted]" in entry.getMessage()
    assert any(isinstance(each, RedactLinkTokens) for each in logging.getLogger("uvicorn.access").filters)
