"""Texts and letters: every refusal is a 400 naming what is wrong, and queues nothing."""

import pytest
from sqlalchemy import func, select

from billbook.store import tables

BASE = "/invoiced"


def queued(database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(tables.outbox_messages)).scalar_one()


@pytest.fixture
def customer(api) -> dict:
    return api.post(f"{BASE}/customers", json={"name": "Client SARL", "currency": "eur", "country": "FR",
                                               "address1": "2 avenue Foch", "city": "Lyon",
                                               "postal_code": "69001"}).json()


def refused(response, param: str | None) -> None:
    assert response.status_code == 400, response.text
    assert response.json().get("param") == param, response.json()


def test_without_twilio_or_lob_connected_nothing_is_sent(api, customer, database):
    before = queued(database)
    texts = api.post(f"{BASE}/customers/{customer['id']}/text_messages", json={})
    refused(texts, None)
    assert "Twilio must be connected" in texts.json()["message"]
    letters = api.post(f"{BASE}/customers/{customer['id']}/letters", json={})
    refused(letters, None)
    assert "Lob must be connected" in letters.json()["message"]
    assert queued(database) == before


def test_bad_statement_parameters_and_drafts_are_named(api, customer, database):
    before = queued(database)
    refused(api.post(f"{BASE}/customers/{customer['id']}/text_messages", json={"type": "weekly"}), "type")
    refused(api.post(f"{BASE}/customers/{customer['id']}/letters", json={"items": "all"}), "items")
    draft = api.post(f"{BASE}/invoices", json={"customer": customer["id"], "draft": True,
                                                "items": [{"name": "A", "unit_cost": 1}]}).json()
    refused(api.post(f"{BASE}/invoices/{draft['id']}/letters"), "draft")
    refused(api.post(f"{BASE}/invoices/{draft['id']}/text_messages"), "draft")
    assert api.post(f"{BASE}/invoices/999999/letters").status_code == 404
    assert queued(database) == before


@pytest.mark.parametrize("body, param", [
    ({"to": {"²": {"email": "a@example.com"}}}, "to"),
    ({"to": {"9" * 5000: {"email": "a@example.com"}}}, "to"),
    ({"to": [{"email": "a@example.com"}], "subject": "Hello\r\nBcc: victim@example.com"}, "subject"),
    ({"to": [{"email": "a@example.com", "name": "A\nB"}]}, "to[0][name]"),
])
def test_odd_recipients_and_headers_are_refused_naming_them(api, customer, database, body, param):
    before = queued(database)
    refused(api.post(f"{BASE}/customers/{customer['id']}/emails", json=body), param)
    assert queued(database) == before
