"""POST/GET/PATCH/DELETE /invoiced/invoices, /void and /pay, as the wire notes describe them
(shared/reference/invoiced-wire.md, "Invoices, payments, credit notes").

The account is French and customers get FR by default: taxable lines carry 20 % VAT, computed by
the server on what is left of each line after its discounts (an invoice-level discount is shared
across the discountable lines in proportion). Money is in decimal units, dates are Unix seconds.
"""

import re
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from billbook.services import payment_modes
from tests.support.octobat_invoices import IBAN, SEED_CUSTOMER, SEED_ITEMS

BASE = "/invoiced"
DAY = 86_400


def today() -> date:
    return datetime.now(timezone.utc).date()


def unix(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def days_ago(count: int) -> int:
    return unix(today() - timedelta(days=count))


def new_customer(api, **fields) -> int:
    response = api.post(f"{BASE}/customers", json={"name": "Acme", **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def line(name: str = "Consulting", quantity=1, unit_cost=100, **fields) -> dict:
    return {"name": name, "quantity": quantity, "unit_cost": unit_cost, **fields}


def create(api, customer: int, **fields) -> dict:
    response = api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()], **fields})
    assert response.status_code == 201, response.text
    return response.json()


def refused(response, param: str | None) -> dict:
    """A 400 in the Invoiced error format, naming `param` (or none)."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "invalid_request" and body["message"], body
    assert body.get("param") == param, body
    return body


def listed(response) -> list:
    assert response.status_code == 200, response.text
    assert "Link" in response.headers and "X-Total-Count" in response.headers
    return response.json()


def numbers(response) -> list:
    return [invoice["number"] for invoice in listed(response)]


def total_count(api) -> int:
    return int(api.get(f"{BASE}/invoices").headers["X-Total-Count"])


def sequence_number(counter: int, on: date | None = None) -> str:
    return f"INV-{(on or today()):%Y-%m}-{counter:03d}"


@pytest.fixture
def customer(api) -> int:
    return new_customer(api)


# --- creating and rendering ---

def test_create_with_every_documented_field_renders_the_invoice(api, customer):
    issued_on, due_on = today(), today() + timedelta(days=45)
    before = int(time.time())
    fields = {
        "customer": customer, "name": "Design work", "number": "ACME/2024/0042", "currency": "eur",
        "date": unix(issued_on), "due_date": unix(due_on), "payment_terms": "NET 45",
        "purchase_order": "PO-778", "notes": "Thank you!", "metadata": {"crm": "42"},
        "items": [
            line("Design", 3, 150, description="Logo and charter", discounts=[{"amount": 50}], taxable=True,
                 metadata={"project": "logo"}),
            line("Hosting", 2, "50.00"),
            line("Stamp duty", 1, 10, taxable=False, discountable=False),
        ],
        "discounts": [{"amount": 25}],
    }
    response = api.post(f"{BASE}/invoices", json=fields)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["object"] == "invoice" and isinstance(body["id"], int) and body["customer"] == customer
    assert {key: body[key] for key in ("name", "number", "currency", "date", "due_date", "payment_terms",
                                       "purchase_order", "notes", "metadata")} == {
        **{key: fields[key] for key in ("name", "number", "currency", "date", "due_date", "payment_terms",
                                        "purchase_order", "notes", "metadata")}}
    assert (body["draft"], body["status"], body["paid"], body["closed"], body["voided"]) == (
        False, "not_sent", False, False, False)
    # Lines: 450 − 50 own − 20 share = 380 → VAT 76; 100 − 5 share = 95 → VAT 19; 10 untaxed, not discountable.
    assert body["subtotal"] == 560
    assert body["discounts"] == [{"object": "discount", "amount": 75}]
    assert body["total"] == 580 and body["balance"] == 580
    design, hosting, stamp = body["items"]
    assert all(item["object"] == "line_item" and isinstance(item["id"], int) for item in body["items"])
    assert (design["name"], design["description"], design["quantity"], design["unit_cost"], design["amount"]) == (
        "Design", "Logo and charter", 3, 150, 450)
    assert (design["taxable"], design["discountable"], design["metadata"]) == (True, True, {"project": "logo"})
    assert [item["amount"] for item in body["items"]] == [450, 100, 10]
    assert [sum(d["amount"] for d in item["discounts"]) for item in body["items"]] == [70, 5, 0]
    assert (hosting["unit_cost"], hosting["description"], hosting["metadata"]) == (50, None, {})
    assert (stamp["taxable"], stamp["discountable"]) == (False, False)
    for item, tax, rate in ((design, 76, 20), (hosting, 19, 20), (stamp, 0, 0)):
        [vat] = item["taxes"]
        assert vat["object"] == "tax" and vat["amount"] == tax
        assert vat["tax_rate"]["name"] == "VAT" and vat["tax_rate"]["is_percent"] is True
        assert vat["tax_rate"]["value"] == rate
    assert design["taxes"][0]["tax_rate"]["country"] == "FR"
    assert body["total"] == body["subtotal"] - 75 + sum(item["taxes"][0]["amount"] for item in body["items"])
    assert isinstance(body["created_at"], int) and isinstance(body["updated_at"], int)
    assert before - 1 <= body["created_at"] <= body["updated_at"] <= int(time.time()) + 1
    assert (api.get(f"{BASE}/invoices/{body['id']}").json()) == body


def test_an_invoice_reads_back_exactly_as_it_was_created(api, customer):
    body = create(api, customer)
    assert api.get(f"{BASE}/invoices/{body['id']}").json() == body


def test_money_comes_out_in_decimal_units_with_cents(api, customer):
    body = create(api, customer, items=[line("Hours", "1.5", "33.33")])
    # 1.5 × 33.33 = 49.995 → 50.00 (half up); VAT 10.00.
    assert (body["items"][0]["amount"], body["subtotal"], body["total"]) == (50, 50, 60)
    body = create(api, customer, items=[line("Pen", 1, "12.34")])
    assert (body["subtotal"], body["items"][0]["taxes"][0]["amount"], body["total"]) == (12.34, 2.47, 14.81)


def test_a_customer_that_is_not_taxable_is_charged_no_vat(api):
    exempt = new_customer(api, taxable=False)
    body = create(api, exempt, items=[line("Consulting", 1, 100)])
    assert body["total"] == 100 and body["items"][0]["taxes"][0]["amount"] == 0


def test_defaults_when_only_the_customer_and_items_are_given(api, customer):
    body = create(api, customer)
    assert body["date"] == unix(today()) and body["due_date"] is None and body["payment_terms"] is None
    assert body["currency"] == "eur" and body["metadata"] == {} and body["notes"] is None
    assert (body["subtotal"], body["total"], body["balance"], body["discounts"]) == (100, 120, 120, [])


# --- numbers ---

def test_numbers_come_from_the_default_sequence_one_after_another(api, customer):
    first, second = create(api, customer), create(api, customer)
    assert re.fullmatch(r"INV-\d{4}-\d\d-\d{3}", first["number"])
    assert (first["number"], second["number"]) == (sequence_number(1), sequence_number(2))


def test_a_caller_chosen_number_is_used_as_given_and_takes_no_number_of_the_sequence(api, customer):
    chosen = create(api, customer, number="ACME-77")
    assert chosen["number"] == "ACME-77"
    assert create(api, customer)["number"] == sequence_number(1)


def test_a_duplicate_number_is_refused_naming_number(api, customer):
    first = create(api, customer)
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()],
                                                "number": first["number"]}), "number")
    create(api, customer, number="HAND-1")
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()], "number": "HAND-1"}),
            "number")
    draft = create(api, customer, draft=True)
    refused(api.patch(f"{BASE}/invoices/{draft['id']}", json={"number": "HAND-1"}), "number")
    assert total_count(api) == 3


def test_a_number_taken_by_hand_is_skipped_by_the_sequence(api, customer):
    assert create(api, customer)["number"] == sequence_number(1)
    create(api, customer, number=sequence_number(2))
    assert create(api, customer)["number"] == sequence_number(3)


def test_drafts_have_no_number_until_they_are_issued(api, customer):
    draft = create(api, customer, draft=True)
    assert (draft["number"], draft["draft"], draft["status"], draft["paid"]) == (None, True, "draft", False)
    assert create(api, customer)["number"] == sequence_number(1)
    issued = api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False})
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert (body["number"], body["draft"], body["status"]) == (sequence_number(2), False, "not_sent")
    assert api.get(f"{BASE}/invoices/{draft['id']}").json()["number"] == sequence_number(2)


def test_a_draft_without_items_cannot_be_issued(api, customer):
    draft = create(api, customer, draft=True, items=[])
    assert draft["items"] == [] and draft["total"] == 0
    refused(api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False}), "items")
    refused(api.post(f"{BASE}/invoices", json={"customer": customer}), "items")


def test_an_issue_dated_before_the_sequences_last_invoice_is_refused_naming_date(api, customer):
    create(api, customer, date=days_ago(2))
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()], "date": days_ago(3)}),
            "date")
    draft = create(api, customer, draft=True, date=days_ago(5))
    refused(api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False}), "date")
    assert create(api, customer, date=days_ago(2))["number"] == sequence_number(2, today() - timedelta(days=2))
    assert total_count(api) == 3  # the two issued and the draft


@pytest.mark.parametrize("date", [True, 1.5, -62135596800, 253402214400, "9999-12-31"])
def test_dates_that_are_not_plausible_unix_days_are_refused_naming_date(api, customer, date):
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()], "date": date}), "date")
    refused(api.post(f"{BASE}/payments", json={"customer": customer, "amount": 1, "date": date}), "date")
    assert total_count(api) == 0


def test_dates_stay_in_order_with_numbers_when_an_older_draft_is_issued(api, customer):
    draft = create(api, customer, draft=True, date=unix(today()))
    create(api, customer, date=days_ago(10))
    assert api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False}).json()["number"].endswith("-002")
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "items": [line()], "date": days_ago(5)}),
            "date")


# --- due dates ---

def test_the_due_date_follows_the_payment_terms(api, customer):
    issued_on = today() - timedelta(days=1)
    net = create(api, customer, date=unix(issued_on), payment_terms="NET 30")
    assert net["due_date"] == unix(issued_on + timedelta(days=30))
    on_receipt = create(api, customer, date=unix(issued_on), payment_terms="Due on receipt")
    assert on_receipt["due_date"] == unix(issued_on) and on_receipt["payment_terms"] == "Due on receipt"
    other = create(api, customer, date=unix(issued_on), payment_terms="At the end of the world")
    assert other["due_date"] is None


def test_the_customers_payment_terms_apply_by_default(api):
    customer = new_customer(api, payment_terms="NET 15")
    body = create(api, customer)
    assert body["payment_terms"] == "NET 15" and body["due_date"] == unix(today() + timedelta(days=15))
    mine = create(api, customer, payment_terms="NET 60")
    assert mine["due_date"] == unix(today() + timedelta(days=60))


def test_an_explicit_due_date_wins_over_the_payment_terms(api):
    customer = new_customer(api, payment_terms="NET 15")
    due = unix(today() + timedelta(days=3))
    assert create(api, customer, payment_terms="NET 30", due_date=due)["due_date"] == due
    assert create(api, customer, due_date=due)["due_date"] == due


def test_changing_a_drafts_payment_terms_moves_its_due_date(api, customer):
    draft = create(api, customer, draft=True, payment_terms="NET 30")
    changed = api.patch(f"{BASE}/invoices/{draft['id']}", json={"payment_terms": "NET 60"}).json()
    assert changed["due_date"] == unix(today() + timedelta(days=60))


def test_a_past_due_date_shows_past_due(api, customer):
    body = create(api, customer, date=days_ago(40), payment_terms="NET 30")
    assert body["status"] == "past_due" and body["paid"] is False


# --- drafts and issued invoices ---

def test_a_draft_changes_freely_and_its_totals_follow(api, customer):
    draft = create(api, customer, draft=True)
    path = f"{BASE}/invoices/{draft['id']}"
    assert draft["total"] == 120
    changed = api.patch(path, json={"items": [line("Hours", 2, 50), line("Travel", 1, 30, taxable=False)],
                                    "notes": "Revised", "metadata": {"v": "2"}})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert [item["name"] for item in body["items"]] == ["Hours", "Travel"]
    assert (body["subtotal"], body["total"], body["balance"]) == (130, 150, 150)
    assert (body["notes"], body["metadata"], body["draft"], body["number"]) == ("Revised", {"v": "2"}, True, None)
    assert (api.get(path).json()) == body
    # What was not sent is kept.
    kept = api.patch(path, json={"purchase_order": "PO-1"}).json()
    assert (kept["subtotal"], kept["notes"], kept["purchase_order"]) == (130, "Revised", "PO-1")


def test_a_draft_is_deleted(api, customer):
    draft = create(api, customer, draft=True)
    path = f"{BASE}/invoices/{draft['id']}"
    deleted = api.delete(path)
    assert deleted.status_code == 204 and deleted.content == b""
    missing = api.get(path)
    assert missing.status_code == 404
    assert missing.json() == {"type": "invalid_request", "message": f"Invoice was not found: {draft['id']}"}
    assert api.delete(path).status_code == 404
    assert total_count(api) == 0


@pytest.mark.parametrize("change, param", [
    ({"items": [line("Other", 1, 1)]}, "items"),
    ({"notes": "changed"}, "notes"),
    ({"customer": None}, "customer"),
    ({"date": 0}, "date"),
    ({"draft": True}, "draft"),
])
def test_an_issued_invoice_keeps_its_content(api, customer, change, param):
    invoice = create(api, customer, notes="original")
    path = f"{BASE}/invoices/{invoice['id']}"
    if change == {"customer": None}:
        change = {"customer": new_customer(api, name="Other")}
    refused(api.patch(path, json=change), param)
    assert (api.get(path).json()) == invoice


def test_an_issued_invoice_takes_metadata_and_sent(api, customer):
    invoice = create(api, customer)
    path = f"{BASE}/invoices/{invoice['id']}"
    tagged = api.patch(path, json={"metadata": {"crm": "9"}})
    assert tagged.status_code == 200, tagged.text
    assert tagged.json()["metadata"] == {"crm": "9"}
    assert tagged.json()["items"] == invoice["items"]
    sent = api.patch(path, json={"sent": True}).json()
    assert sent["status"] == "sent" and sent["total"] == invoice["total"] and sent["number"] == invoice["number"]
    assert api.get(path).json()["status"] == "sent"


def test_an_issued_invoice_is_not_deleted_but_voided_once(api, customer):
    invoice = create(api, customer)
    path = f"{BASE}/invoices/{invoice['id']}"
    refused(api.delete(path), None)
    assert api.get(path).status_code == 200
    voided = api.post(f"{path}/void")
    assert voided.status_code == 200, voided.text
    body = voided.json()
    assert (body["status"], body["voided"], body["balance"], body["paid"]) == ("voided", True, 0, False)
    assert (body["number"], body["total"]) == (invoice["number"], invoice["total"])
    assert api.get(path).json()["status"] == "voided"
    refused(api.post(f"{path}/void"), None)
    assert total_count(api) == 1  # the cancelling credit note is not an invoice


def test_a_draft_is_not_voided(api, customer):
    draft = create(api, customer, draft=True)
    refused(api.post(f"{BASE}/invoices/{draft['id']}/void"), "draft")


def test_pay_explains_that_no_payment_gateway_is_connected(api, customer):
    invoice = create(api, customer)
    body = refused(api.post(f"{BASE}/invoices/{invoice['id']}/pay"), None)
    assert "gateway" in body["message"] and "POST /payments" in body["message"]
    assert api.get(f"{BASE}/invoices/{invoice['id']}").json()["balance"] == invoice["balance"]
    assert api.post(f"{BASE}/invoices/999999/pay").status_code == 404


def test_unknown_or_malformed_ids_are_404(api):
    for path in (f"{BASE}/invoices/999999", f"{BASE}/invoices/abc", f"{BASE}/invoices/-1"):
        assert api.get(path).status_code == 404
        assert api.patch(path, json={"notes": "x"}).status_code == 404
        assert api.delete(path).status_code == 404
        assert api.post(f"{path}/void").status_code == 404


# --- bad input ---

@pytest.mark.parametrize("change, param", [
    ({"customer": None}, "customer"),
    ({"customer": 999999}, "customer"),
    ({"customer": "acme"}, "customer"),
    ({"items": "Consulting"}, "items"),
    ({"items": {"name": "Consulting"}}, "items"),
    ({"items": [{"quantity": 1, "unit_cost": 10}]}, "items[0][name]"),
    ({"items": [line(), line("Refund", -1, 10)]}, "items[1][quantity]"),
    ({"items": [line("Consulting", 1, "ten")]}, "items[0][unit_cost]"),
    ({"items": [line(colour="red")]}, "items[0][colour]"),
    ({"items": [line(taxes=[{"amount": 20}])]}, "items[0][taxes]"),
    ({"currency": "ZZZ"}, "currency"),
    ({"currency": "euro"}, "currency"),
    ({"items": [line("Consulting", 1, 10, discounts=[{"amount": 11}])]}, "items[0][discounts]"),
    ({"discounts": [{"amount": 101}]}, "discounts"),
    ({"colour": "red"}, "colour"),
    ({"date": "2024-01-01"}, "date"),
    ({"due_date": "tomorrow"}, "due_date"),
    ({"metadata": {f"k{i}": "v" for i in range(11)}}, "metadata"),
])
def test_bad_input_is_a_400_naming_the_parameter_and_writes_nothing(api, customer, change, param):
    body = {key: value for key, value in {"customer": customer, "items": [line()], **change}.items()
            if value is not None}
    refused(api.post(f"{BASE}/invoices", json=body), param)
    response = api.get(f"{BASE}/invoices")
    assert response.json() == [] and response.headers["X-Total-Count"] == "0"
    # No number was used up.
    assert create(api, customer)["number"] == sequence_number(1)


def test_another_accounts_customer_cannot_be_invoiced(api, client_for, make_account):
    other = client_for(make_account(name="Other SAS").live_key)
    theirs = new_customer(other)
    refused(api.post(f"{BASE}/invoices", json={"customer": theirs, "items": [line()]}), "customer")
    assert total_count(api) == 0 and total_count(other) == 0


def test_a_draft_is_validated_like_an_invoice(api, customer):
    refused(api.post(f"{BASE}/invoices", json={"customer": customer, "draft": True,
                                                "items": [line("x", 1, "ten")]}), "items[0][unit_cost]")
    draft = create(api, customer, draft=True)
    refused(api.patch(f"{BASE}/invoices/{draft['id']}", json={"items": [{"unit_cost": 1}]}), "items[0][name]")
    assert (api.get(f"{BASE}/invoices/{draft['id']}").json()) == draft


# --- lists ---

def test_lists_filter_by_customer_and_draft(api, customer):
    other = new_customer(api, name="Other")
    mine = create(api, customer)
    theirs = create(api, other)
    draft = create(api, customer, draft=True)
    ids = lambda response: [invoice["id"] for invoice in listed(response)]  # noqa: E731
    assert ids(api.get(f"{BASE}/invoices")) == [mine["id"], theirs["id"], draft["id"]]
    assert ids(api.get(f"{BASE}/invoices", params={"filter[customer]": customer})) == [mine["id"], draft["id"]]
    assert ids(api.get(f"{BASE}/invoices?filter[customer]={other}")) == [theirs["id"]]
    assert ids(api.get(f"{BASE}/invoices", params={"filter[draft]": "1"})) == [draft["id"]]
    assert ids(api.get(f"{BASE}/invoices", params={"filter[draft]": "false"})) == [mine["id"], theirs["id"]]
    both = api.get(f"{BASE}/invoices", params={"filter[customer]": customer, "filter[draft]": "0"})
    assert ids(both) == [mine["id"]] and both.headers["X-Total-Count"] == "1"
    assert api.get(f"{BASE}/invoices", params={"filter[colour]": "red"}).status_code == 400


def test_lists_by_invoice_date(api, customer):
    old, middle, recent = (create(api, customer, date=days_ago(count)) for count in (20, 10, 0))

    def dated(**params):
        return [invoice["id"] for invoice in listed(api.get(f"{BASE}/invoices", params=params))]

    assert dated(start_date=days_ago(15)) == [middle["id"], recent["id"]]
    assert dated(end_date=days_ago(5)) == [old["id"], middle["id"]]
    assert dated(start_date=days_ago(10), end_date=days_ago(10)) == [middle["id"]]
    assert dated(start_date=days_ago(30), end_date=days_ago(25)) == []
    refused(api.get(f"{BASE}/invoices", params={"start_date": "yesterday"}), "start_date")


def test_lists_sort(api, customer):
    create(api, customer, number="B-2", date=days_ago(3))
    create(api, customer, number="A-1", date=days_ago(2))
    create(api, customer, number="C-3", date=days_ago(1))
    assert numbers(api.get(f"{BASE}/invoices", params={"sort": "number asc"})) == ["A-1", "B-2", "C-3"]
    assert numbers(api.get(f"{BASE}/invoices", params={"sort": "date desc"})) == ["C-3", "A-1", "B-2"]
    assert numbers(api.get(f"{BASE}/invoices", params={"sort": "id desc"})) == ["C-3", "A-1", "B-2"]
    refused(api.get(f"{BASE}/invoices", params={"sort": "colour asc"}), "sort")


def test_lists_page_with_link_and_total_count(api, customer):
    for _ in range(3):
        create(api, customer)
    first = api.get(f"{BASE}/invoices", params={"per_page": 2})
    assert numbers(first) == [sequence_number(1), sequence_number(2)]
    assert first.headers["X-Total-Count"] == "3"
    link = first.headers["Link"]
    assert 'rel="next"' in link and "page=2" in link and 'rel="previous"' not in link
    assert link.startswith("<http") and 'rel="last"' in link
    second = api.get(f"{BASE}/invoices", params={"per_page": 2, "page": 2})
    assert numbers(second) == [sequence_number(3)] and second.headers["X-Total-Count"] == "3"
    assert 'rel="previous"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]
    assert numbers(api.get(f"{BASE}/invoices", params={"per_page": 2, "page": 9})) == []
    empty = api.get(f"{BASE}/invoices", params={"filter[draft]": "1"})
    assert listed(empty) == [] and empty.headers["X-Total-Count"] == "0" and 'rel="self"' in empty.headers["Link"]


def test_another_accounts_invoices_are_invisible(api, customer, client_for, make_account):
    other = client_for(make_account(name="Other SAS").live_key)
    theirs = create(other, new_customer(other))
    draft = create(other, new_customer(other), draft=True)
    assert listed(api.get(f"{BASE}/invoices")) == []
    for invoice in (theirs, draft):
        path = f"{BASE}/invoices/{invoice['id']}"
        assert api.get(path).status_code == 404
        assert api.patch(path, json={"metadata": {"x": "y"}}).status_code == 404
        assert api.post(f"{path}/void").status_code == 404
        assert api.delete(path).status_code == 404
        assert api.post(f"{path}/pay").status_code == 404
    assert (other.get(f"{BASE}/invoices/{theirs['id']}").json()) == theirs
    assert (other.get(f"{BASE}/invoices/{draft['id']}").json()) == draft


# --- the same ledger through two dialects ---

def test_an_octobat_invoice_shows_in_the_invoiced_dialect(api, account):
    bank = payment_modes.create(account.context(), {"name": "Bank name", "type": "transfer", "iban": IBAN}).public_id
    response = api.post("/octobat/v1/invoices", json={
        "livemode": True, "state": "confirmed", "currency": "eur", "customer": SEED_CUSTOMER,
        "invoice_items": SEED_ITEMS, "evidence": {"customer_ip_address": "137.194.15.1"}, "payable_by": [bank]})
    assert response.status_code == 200, response.text
    octobat = response.json()
    gross_cents = sum(item["payment_cents"] for item in octobat["invoice_items"]["data"])
    [invoice] = listed(api.get(f"{BASE}/invoices"))
    assert invoice["number"] == octobat["invoice_number"] == sequence_number(1)
    assert invoice["total"] == invoice["balance"] == gross_cents / 100 == 78
    assert (invoice["object"], invoice["draft"], invoice["status"], invoice["currency"]) == (
        "invoice", False, "not_sent", "eur")
    assert len(invoice["items"]) == 3 and isinstance(invoice["customer"], int)
    assert invoice["date"] == unix(date.fromisoformat(octobat["invoice_date"]))
    customer = api.get(f"{BASE}/customers/{invoice['customer']}").json()
    assert customer["name"] == "My customer"
    assert api.get(f"{BASE}/invoices/{invoice['id']}").json() == invoice
    # The Invoiced dialect continues the same sequence.
    assert create(api, invoice["customer"])["number"] == sequence_number(2)


def test_an_invoiced_draft_stays_out_of_octobat_lists_until_issued(api, customer):
    draft = create(api, customer, draft=True)
    listing = api.get("/octobat/v1/invoices")
    assert listing.status_code == 200, listing.text
    assert listing.json()["total_count"] == 0 and listing.json()["data"] == []
    issued = api.patch(f"{BASE}/invoices/{draft['id']}", json={"draft": False}).json()
    [shown] = api.get("/octobat/v1/invoices").json()["data"]
    assert shown["invoice_number"] == issued["number"]
    assert sum(item["payment_cents"] for item in shown["invoice_items"]["data"]) == round(issued["total"] * 100)


def test_services_to_a_company_outside_the_eu_without_an_eu_vat_number_are_not_subject_to_vat(api):
    # A US company shows its business status with its own tax id (IR 282/2011 art. 18(3)).
    american = new_customer(api, name="Acme Inc.", country="US", postal_code="10001", tax_id="12-3456789")
    invoice = create(api, american)
    [item] = invoice["items"]
    [vat] = item["taxes"]
    assert (vat["amount"], vat["tax_rate"]["value"], vat["tax_rate"]["category"], vat["tax_rate"]["country"]) == (
        0, 0, "O", None)
    assert "Not subject to VAT" in vat["tax_rate"]["mention"]
    assert invoice["total"] == invoice["subtotal"] == 100
