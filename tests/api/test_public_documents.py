"""Document links: an issued invoice's or credit note's PDF and a customer's statement, reached
without an API key by an unguessable token, archived documents byte for byte the same forever."""

import hashlib
import io
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from billbook.api.app import create_app
from billbook.config import Settings
from tests.conftest import basic_auth

INVOICED, V1 = "/invoiced", "/octobat/v1"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def customer(api) -> dict:
    return api.post(f"{INVOICED}/customers", json={
        "name": "Client SARL", "currency": "eur", "country": "FR", "address1": "2 avenue Foch", "city": "Lyon",
        "postal_code": "69001", "language": "fr"}).json()


def issue(api, customer: dict, **fields) -> dict:
    created = api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "items": [
        {"name": "Consulting", "quantity": 2, "unit_cost": 150}], **fields})
    assert created.status_code == 201, created.text
    return created.json()


def fetch(anonymous, url: str, status: int = 200, **params):
    answer = anonymous.get(url, params=params)
    assert answer.status_code == status, answer.text[:300]
    return answer


def test_an_invoice_pdf_is_served_by_its_link_without_a_key_and_archived_as_first_produced(
        api, anonymous, customer, database, account):
    invoice = issue(api, customer, payment_terms="NET 30")
    assert invoice["pdf_url"].startswith("http://testserver/documents/")
    first = fetch(anonymous, invoice["pdf_url"])
    assert first.headers["content-type"] == "application/pdf" and first.content.startswith(b"%PDF")
    shown = text_of(first.content)
    for expected in (invoice["number"], "Client SARL", "Acme SAS", "300,00", "360,00", "Facture"):
        assert expected in shown, expected

    api.patch(f"{INVOICED}/customers/{customer['id']}", json={"name": "Renamed SA", "address1": "9 quai X"})
    from sqlalchemy import text
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET name = 'Other Name', city = 'Nice' WHERE id = :id"),
                           {"id": account.id})
    again = fetch(anonymous, invoice["pdf_url"])
    assert hashlib.sha256(again.content).hexdigest() == hashlib.sha256(first.content).hexdigest()
    assert "Renamed SA" not in text_of(again.content)


def test_credit_notes_and_octobat_invoices_have_their_pdf_too_and_drafts_none(api, anonymous, customer):
    invoice = issue(api, customer)
    note = api.post(f"{INVOICED}/invoices/{invoice['id']}/void").json()
    notes = api.get(f"{INVOICED}/credit_notes").json()
    assert note["status"] == "voided" and len(notes) == 1
    credit_note = notes[0]
    shown = text_of(fetch(anonymous, credit_note["pdf_url"]).content)
    assert credit_note["number"] in shown and invoice["number"] in shown
    draft = issue(api, customer, draft=True)
    assert draft["pdf_url"] is None
    octobat = api.get(f"{V1}/invoices").json()["data"][0]
    assert octobat["pdf_file_url"] == invoice["pdf_url"]
    assert fetch(anonymous, octobat["pdf_file_url"]).content.startswith(b"%PDF")


def test_a_wrong_token_is_a_plain_404_and_an_api_key_is_no_token(api, anonymous, customer, account, make_account):
    invoice = issue(api, customer)
    url = invoice["pdf_url"]
    token = url.split("/documents/")[1].split("/")[0]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for path in (f"/documents/{tampered}/pdf", f"/documents/{token[:-4]}/pdf", f"/documents/{account.live_key}/pdf",
                 f"/statements/{token}/pdf", f"/documents/{customer['statement_pdf_url'].split('/')[-2]}/pdf",
                 f"/statements/{tampered}/pdf", "/documents/%00/pdf", "/documents/" + "x" * 500 + "/pdf"):
        refused = anonymous.get(path)
        assert refused.status_code == 404 and refused.text == "Not Found", path
    keyed = TestClient(anonymous.app, headers=basic_auth(account.live_key))
    assert keyed.get(f"/documents/{account.live_key}/pdf").status_code == 404


def test_the_statement_link_serves_both_statement_types_and_names_bad_parameters(api, anonymous, customer):
    issue(api, customer)
    url = customer["statement_pdf_url"]
    assert "/statements/" in url
    open_item = text_of(fetch(anonymous, url).content)
    assert "360,00" in open_item
    start = int((datetime.now(timezone.utc) - timedelta(days=40)).timestamp())
    balance_forward = fetch(anonymous, url, type="balance_forward", start=start)
    assert balance_forward.headers["content-type"] == "application/pdf"
    assert fetch(anonymous, url, type="open_item", items="past_due").content.startswith(b"%PDF")
    for params, param in (({"type": "weekly"}, "type"), ({"start": "yesterday"}, "start"),
                          ({"items": "all"}, "items"), ({"currency": "xx"}, "currency")):
        refused = fetch(anonymous, url, 400, **params)
        assert refused.text.startswith(param), refused.text


def test_links_are_built_on_the_public_base_url_when_it_is_set(database, account, customer):
    app = create_app(Settings(database_url=database.url, rate_limit=0,
                              public_base_url="https://billing.example.com/"), database)
    client = TestClient(app, headers=basic_auth(account.live_key))
    shown = client.get(f"{INVOICED}/customers/{customer['id']}").json()
    assert shown["statement_pdf_url"].startswith("https://billing.example.com/statements/")
    invoice = issue(client, customer)
    assert invoice["pdf_url"].startswith("https://billing.example.com/documents/")
