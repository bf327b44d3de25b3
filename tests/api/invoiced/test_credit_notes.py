"""/invoiced/credit_notes: numbered in their own series, crediting an invoice, open for the rest."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from billbook.store import tables

BASE = "/invoiced"


@pytest.fixture
def customer(api) -> int:
    return api.post(f"{BASE}/customers", json={"name": "Acme", "currency": "eur"}).json()["id"]


def invoice(api, customer: int, unit_cost: int = 100) -> dict:
    response = api.post(f"{BASE}/invoices", json={"customer": customer,
                                                  "items": [{"name": "A", "unit_cost": unit_cost}]})
    assert response.status_code == 201, response.text
    return response.json()


def credit_note(api, customer: int, unit_cost: int, **fields) -> dict:
    response = api.post(f"{BASE}/credit_notes", json={"customer": customer, "items": [
        {"name": "Refund", "unit_cost": unit_cost}], **fields})
    assert response.status_code == 201, response.text
    return response.json()


def balance(api, customer: int) -> dict:
    return api.get(f"{BASE}/customers/{customer}/balance").json()


def test_a_credit_note_credits_its_invoice_first_and_stays_open_for_the_rest(api, customer):
    billed = invoice(api, customer, 100)  # 120 with VAT
    note = credit_note(api, customer, 150, invoice=billed["id"])  # 180 with VAT
    assert note["object"] == "credit_note" and note["invoice"] == billed["id"]
    assert re.fullmatch(r"CN-\d{4}-\d\d-001", note["number"])
    assert (note["total"], note["balance"], note["status"]) == (180, 60, "open")
    credited = api.get(f"{BASE}/invoices/{billed['id']}").json()
    assert (credited["balance"], credited["paid"], credited["status"]) == (0, True, "paid")
    assert balance(api, customer) | {"history": []} == {
        "currency": "eur", "total_outstanding": 0, "due_now": 0, "past_due": False, "available_credits": 0,
        "open_credit_notes": 60, "history": []}


def test_a_smaller_credit_note_leaves_the_rest_of_the_invoice_owed_and_closes(api, customer):
    billed = invoice(api, customer, 100)
    note = credit_note(api, customer, 25, invoice=billed["id"])  # 30 with VAT
    assert (note["balance"], note["status"]) == (0, "closed")
    assert api.get(f"{BASE}/invoices/{billed['id']}").json()["balance"] == 90
    assert balance(api, customer)["total_outstanding"] == 90


def test_voiding_a_credit_note_gives_back_what_it_credited(api, customer):
    billed = invoice(api, customer, 100)
    note = credit_note(api, customer, 50, invoice=billed["id"])
    voided = api.post(f"{BASE}/credit_notes/{note['id']}/void").json()
    assert (voided["status"], voided["balance"]) == ("voided", 0)
    assert api.get(f"{BASE}/invoices/{billed['id']}").json()["balance"] == 120
    assert api.post(f"{BASE}/credit_notes/{note['id']}/void").status_code == 400


def test_voiding_an_invoice_issues_the_credit_note_that_cancels_it(api, customer):
    billed = invoice(api, customer, 100)
    voided = api.post(f"{BASE}/invoices/{billed['id']}/void").json()
    assert (voided["status"], voided["balance"]) == ("voided", 0)
    [note] = api.get(f"{BASE}/credit_notes").json()
    assert (note["invoice"], note["total"], note["status"]) == (billed["id"], billed["total"], "closed")
    assert [item["amount"] for item in note["items"]] == [item["amount"] for item in billed["items"]]
    assert balance(api, customer)["total_outstanding"] == 0


def test_credit_note_numbers_run_in_their_own_series(api, customer):
    first, second = invoice(api, customer), invoice(api, customer)
    notes = [credit_note(api, customer, 10, invoice=first["id"])["number"],
             credit_note(api, customer, 10)["number"]]
    assert [number[-3:] for number in notes] == ["001", "002"]
    assert [first["number"][-3:], second["number"][-3:]] == ["001", "002"]


def test_drafts_change_and_are_deleted_and_issue_later(api, customer):
    billed = invoice(api, customer, 100)
    draft = credit_note(api, customer, 10, draft=True, invoice=billed["id"])
    assert (draft["status"], draft["number"]) == ("draft", None)
    assert api.get(f"{BASE}/invoices/{billed['id']}").json()["balance"] == 120
    changed = api.patch(f"{BASE}/credit_notes/{draft['id']}", json={"items": [{"name": "Refund", "unit_cost": 20}]})
    assert changed.json()["total"] == 24
    issued = api.patch(f"{BASE}/credit_notes/{draft['id']}", json={"draft": False}).json()
    assert issued["number"].startswith("CN-") and issued["status"] == "closed"
    assert api.get(f"{BASE}/invoices/{billed['id']}").json()["balance"] == 96
    other = credit_note(api, customer, 5, draft=True)
    assert api.delete(f"{BASE}/credit_notes/{other['id']}").status_code == 204
    assert api.delete(f"{BASE}/credit_notes/{issued['id']}").status_code == 400


@pytest.mark.parametrize("fields, param", [
    ({"invoice": 999999}, "invoice"),
    ({"invoice": "abc"}, "invoice"),
    ({"currency": "usd", "invoice": "same"}, "invoice"),
])
def test_a_credit_note_must_credit_an_invoice_of_its_customer_in_its_currency(api, customer, fields, param):
    billed = invoice(api, customer)
    if fields.get("invoice") == "same":
        fields = {**fields, "invoice": billed["id"]}
    response = api.post(f"{BASE}/credit_notes", json={"customer": customer, "items": [
        {"name": "Refund", "unit_cost": 1}], **fields})
    assert response.status_code == 400 and response.json()["param"] == param
    assert api.get(f"{BASE}/credit_notes").json() == []


def test_credit_notes_and_invoices_are_not_each_other(api, customer):
    billed = invoice(api, customer)
    note = credit_note(api, customer, 10)
    assert api.get(f"{BASE}/invoices/{note['id']}").status_code == 404
    assert api.get(f"{BASE}/credit_notes/{billed['id']}").status_code == 404
    assert [i["id"] for i in api.get(f"{BASE}/invoices").json()] == [billed["id"]]
    assert api.get("/octobat/v1/invoices").json()["total_count"] == 1



def test_a_draft_issued_later_is_dated_the_day_it_is_issued(api, customer, database):
    draft = api.post(f"{BASE}/invoices", json={"customer": customer, "draft": True,
                                               "items": [{"name": "A", "unit_cost": 1}]}).json()
    # The draft was written a week ago (dated that day by default), and an invoice was issued since.
    week_ago = datetime.now(timezone.utc) - timedelta(days=7)
    with database.engine.begin() as connection:
        connection.execute(update(tables.invoices).where(tables.invoices.c.id == draft["id"])
                           .values(issue_date=week_ago.date(), created_at=week_ago))
    later = invoice(api, customer)
    issued = api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False})
    assert issued.status_code == 200, issued.text
    assert issued.json()["date"] == later["date"] and issued.json()["number"] > later["number"]


def test_an_open_credit_note_is_spent_on_another_invoice_through_a_payment(api, customer):
    first, second = invoice(api, customer, 100), invoice(api, customer, 50)  # 120 and 60
    note = credit_note(api, customer, 150, invoice=first["id"])  # 180: 120 on the first, 60 open
    payment = api.post(f"{BASE}/payments", json={"customer": customer, "amount": 0, "applied_to": [
        {"type": "credit_note", "credit_note": note["id"], "invoice": second["id"], "amount": 45}]})
    assert payment.status_code == 201, payment.text
    assert payment.json()["applied_to"] == [{"type": "credit_note", "amount": 45, "invoice": second["id"],
                                             "credit_note": note["id"]}]
    assert api.get(f"{BASE}/invoices/{second['id']}").json()["balance"] == 15
    assert api.get(f"{BASE}/credit_notes/{note['id']}").json()["balance"] == 15
    assert balance(api, customer)["open_credit_notes"] == 15
    too_much = api.post(f"{BASE}/payments", json={"customer": customer, "amount": 0, "applied_to": [
        {"type": "credit_note", "credit_note": note["id"], "invoice": second["id"], "amount": 16}]})
    assert too_much.status_code == 400 and too_much.json()["param"] == "applied_to[0][amount]"
    wrong = api.post(f"{BASE}/payments", json={"customer": customer, "amount": 0, "applied_to": [
        {"type": "credit_note", "credit_note": first["id"], "invoice": second["id"], "amount": 1}]})
    assert wrong.status_code == 400 and wrong.json()["param"] == "applied_to[0][credit_note]"
    api.delete(f"{BASE}/payments/{payment.json()['id']}")
    assert api.get(f"{BASE}/invoices/{second['id']}").json()["balance"] == 60
    assert api.get(f"{BASE}/credit_notes/{note['id']}").json()["balance"] == 60


def untaxed(api, path: str, customer: int, amount: int, **fields) -> dict:
    response = api.post(f"{BASE}/{path}", json={"customer": customer, "items": [
        {"name": "Untaxed", "unit_cost": amount, "taxable": False}], **fields})
    assert response.status_code == 201, response.text
    return response.json()


def assert_ledger_whole(api, customer: int, invoices: list[dict]) -> None:
    """Every invoice's balance within [0, total]; the customer's balance the sum of its parts."""
    owed = 0
    for billed in invoices:
        shown = api.get(f"{BASE}/invoices/{billed['id']}").json()
        assert 0 <= shown["balance"] <= shown["total"], shown
        owed += shown["balance"]
    notes = api.get(f"{BASE}/credit_notes", params={"filter[customer]": customer}).json()
    assert all(0 <= note["balance"] <= note["total"] for note in notes)
    shown_balance = balance(api, customer)
    assert shown_balance["total_outstanding"] == owed
    assert shown_balance["open_credit_notes"] == sum(note["balance"] for note in notes if note["status"] == "open")


def test_a_credit_note_spent_by_a_payment_cannot_be_voided_until_the_payment_is(api, customer):
    first, second = untaxed(api, "invoices", customer, 30), untaxed(api, "invoices", customer, 100)
    note = untaxed(api, "credit_notes", customer, 50, invoice=first["id"])  # 30 on the first, 20 open
    payment = api.post(f"{BASE}/payments", json={"customer": customer, "amount": 0, "applied_to": [
        {"type": "credit_note", "credit_note": note["id"], "invoice": second["id"], "amount": 20}]}).json()
    assert_ledger_whole(api, customer, [first, second])

    refused = api.post(f"{BASE}/credit_notes/{note['id']}/void")
    assert refused.status_code == 400 and "void those payments first" in refused.json()["message"]
    assert api.get(f"{BASE}/credit_notes/{note['id']}").json()["status"] == "closed"
    assert_ledger_whole(api, customer, [first, second])

    assert api.delete(f"{BASE}/payments/{payment['id']}").status_code == 200
    assert_ledger_whole(api, customer, [first, second])
    voided = api.post(f"{BASE}/credit_notes/{note['id']}/void")
    assert voided.status_code == 200, voided.text
    assert [api.get(f"{BASE}/invoices/{billed['id']}").json()["balance"] for billed in (first, second)] == [30, 100]
    assert_ledger_whole(api, customer, [first, second])
