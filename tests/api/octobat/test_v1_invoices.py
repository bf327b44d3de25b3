"""/octobat/v1/invoices: the seed's invoice with its figures, payment, lists, and bad input."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from billbook.domain.tenancy import Mode
from billbook.services import numbering, payment_modes
from tests.conftest import basic_auth
from tests.support.octobat_invoices import (
    IBAN,
    INVOICE_KEYS,
    ITEM_KEYS,
    PAYMENT_KEYS,
    SEED_CUSTOMER,
    SEED_FIGURES,
    SEED_ITEMS,
    SEED_SUPPLIER,
)

BASE = "/octobat/v1"


@pytest.fixture
def seller(make_account):
    return make_account(**{**SEED_SUPPLIER, "capital_stock": Decimal(SEED_SUPPLIER["capital_stock"])})


@pytest.fixture
def api(app, seller):
    from fastapi.testclient import TestClient
    return TestClient(app, headers=basic_auth(seller.live_key), raise_server_exceptions=False)


@pytest.fixture
def bank(seller) -> str:
    return payment_modes.create(seller.context(Mode.LIVE), {"name": "Bank name", "type": "transfer",
                                                            "iban": IBAN}).public_id


def seed_request(bank: str, **changes) -> dict:
    return {"livemode": True, "state": "confirmed", "currency": "eur", "customer": SEED_CUSTOMER,
            "invoice_items": SEED_ITEMS, "evidence": {"customer_ip_address": "137.194.15.1"},
            "payable_by": [bank], **changes}


def issue(api, body: dict) -> dict:
    response = api.post(f"{BASE}/invoices", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_seed_invoice_comes_out_with_its_figures(api, bank, seller):
    invoice = issue(api, seed_request(bank))
    assert INVOICE_KEYS <= set(invoice)
    assert (invoice["object"], invoice["livemode"], invoice["state"], invoice["currency"]) == (
        "invoice", True, "confirmed", "eur")
    items = invoice["invoice_items"]
    assert items["object"] == "list" and all(ITEM_KEYS <= set(item) for item in items["data"])
    assert [(i["extratax_cents"], i["vat_rate"], i["payment_cents"], i["eservice"]) for i in items["data"]] == (
        SEED_FIGURES)
    assert [item["description"] for item in items["data"]] == [item["description"] for item in SEED_ITEMS]
    assert invoice["payment"] is None
    assert [mode["id"] for mode in invoice["payable_by"]] == [bank]
    assert invoice["payable_by"][0]["details"] == {"iban": IBAN}
    # The customer was created with the invoice, and both snapshots are printed.
    assert invoice["customer"]["name"] == "My customer" and invoice["customer"]["id"] == invoice["customer_id"]
    assert (invoice["customer_name"], invoice["customer_address_city"], invoice["customer_address_zip"],
            invoice["customer_address_country"], invoice["customer_vat_number"]) == (
        "My customer", "Paris", "75004", "France", None)
    assert (invoice["supplier_name"], invoice["supplier_legal_form"], invoice["supplier_address"],
            invoice["supplier_zip_code"], invoice["supplier_city"], invoice["supplier_country"],
            invoice["supplier_vat_number"], invoice["supplier_capital_stock"]) == (
        "Octobat", "Inc", "25 rue du Petit Musc", "75004", "Paris", "France", "FR60528551658", "1000")
    assert invoice["business_type"] == "B2C"
    [default] = numbering.all_sequences(seller.context(Mode.LIVE))
    assert invoice["numbering_sequence_id"] == default.public_id
    assert re.fullmatch(r"INV-\d{4}-\d\d-001", invoice["invoice_number"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", invoice["invoice_date"])
    assert api.get(f"{BASE}/invoices/{invoice['id']}").json() == invoice


def test_every_client_encoding_gives_the_same_invoice(api, bank):
    form = urlencode([("livemode", "true"), ("state", "confirmed"), ("currency", "eur"),
                      *[(f"customer[{key}]", value) for key, value in SEED_CUSTOMER.items()],
                      *[(f"invoice_items[][{key}]", str(value).lower() if isinstance(value, bool) else str(value))
                        for item in SEED_ITEMS for key, value in item.items()],
                      ("evidence[customer_ip_address]", "137.194.15.1"), ("payable_by[]", bank)])
    response = api.post(f"{BASE}/invoices", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text
    figures = [(i["extratax_cents"], i["vat_rate"], i["payment_cents"], i["eservice"])
               for i in response.json()["invoice_items"]["data"]]
    assert figures == SEED_FIGURES


def test_numbers_follow_the_chosen_or_default_sequence_without_gaps(api, bank, seller):
    special = numbering.create(seller.context(Mode.LIVE), {"prefix": "SP", "format": "{prefix}{yyyy}-{counter:3}"})
    first = issue(api, seed_request(bank))["invoice_number"]
    chosen = issue(api, seed_request(bank, numbering_sequence_id=special.public_id))
    second = issue(api, seed_request(bank))["invoice_number"]
    assert chosen["numbering_sequence_id"] == special.public_id
    assert re.fullmatch(r"SP\d{4}-001", chosen["invoice_number"])
    assert (first[-3:], second[-3:]) == ("001", "002")


def test_a_paid_invoice_carries_its_payment(api, bank):
    invoice = issue(api, seed_request(bank, state="paid", payable_by=[], payment={
        "payment_date": "2015-01-05", "customer_bank_country": "United Kingdom", "payment_mode": bank}))
    payment = invoice["payment"]
    assert invoice["state"] == "paid" and set(payment) == PAYMENT_KEYS
    assert (payment["object"], payment["invoice"], payment["payment_date"], payment["customer_bank_country"]) == (
        "payment", invoice["id"], "2015-01-05", "United Kingdom")
    assert payment["payment_mode"]["id"] == bank and payment["id"].startswith("oc_pa_")


def test_declare_as_paid_as_in_the_seed(api, bank):
    invoice = issue(api, seed_request(bank))
    path = f"{BASE}/invoices/{invoice['id']}/pay"
    paid = api.patch(path, data={"payment_date": "2015-01-05", "customer_bank_country": "United Kingdom",
                                 "payment_mode": bank})
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert body["state"] == "paid" and body["payment"]["customer_bank_country"] == "United Kingdom"
    assert {key: body[key] for key in ("invoice_number", "invoice_items", "customer_name")} == {
        key: invoice[key] for key in ("invoice_number", "invoice_items", "customer_name")}
    again = api.patch(path, data={"payment_date": "2015-01-06", "payment_mode": bank})
    assert again.status_code == 409
    assert api.get(f"{BASE}/invoices/{invoice['id']}").json()["payment"]["payment_date"] == "2015-01-05"


def test_vat_follows_who_and_where_the_customer_is(api, bank):
    german_business = {**SEED_CUSTOMER, "billing_address_country": "DE", "billing_address_zip": "10115",
                       "business_type": "B2B", "vat_number": "DE136695976"}
    reverse = issue(api, seed_request(bank, customer=german_business, invoice_items=[
        {"description": "Consulting", "extratax_cents": 10000, "eservice": False}]))
    [line] = reverse["invoice_items"]["data"]
    assert (line["vat_rate"], line["payment_cents"], line["tax_category"]) == (0.0, 10000, "AE")
    assert "Reverse charge" in line["legal_mention"] and reverse["business_type"] == "B2B"
    assert reverse["customer_vat_number"] == "DE136695976"
    german_consumer = {**SEED_CUSTOMER, "billing_address_country": "DE", "billing_address_zip": "10115"}
    consumer = issue(api, seed_request(bank, customer=german_consumer, evidence={}, invoice_items=[
        {"description": "E-book", "extratax_cents": 1000, "eservice": True}]))
    [line] = consumer["invoice_items"]["data"]
    assert (line["vat_rate"], line["payment_cents"], line["declare_in"]) == (19.0, 1190, "DE")


@pytest.mark.parametrize("change, param", [
    ({"livemode": None}, "livemode"),
    ({"livemode": False}, "livemode"),
    ({"state": "draft"}, "state"),
    ({"currency": None}, "currency"),
    ({"currency": "euro"}, "currency"),
    ({"invoice_items": []}, "invoice_items"),
    ({"invoice_items": [{"description": "x"}]}, "invoice_items[0][extratax_cents]"),
    ({"invoice_items": [{"description": "x", "payment_cents": 1, "extratax_cents": 1}]},
     "invoice_items[0][payment_cents]"),
    ({"invoice_items": [{"description": "x", "payment_cents": -5}]}, "invoice_items[0][payment_cents]"),
    ({"invoice_items": [{"description": "x", "payment_cents": "ten"}]}, "invoice_items[0][payment_cents]"),
    ({"invoice_items": [{"description": "", "payment_cents": 1}]}, "invoice_items[0][description]"),
    ({"invoice_items": [{"description": "x", "payment_cents": 1, "vat_rate": 150}]}, "invoice_items[0][vat_rate]"),
    ({"invoice_items": [{"description": "x", "payment_cents": 1, "colour": "red"}]}, "invoice_items[0][colour]"),
    ({"payable_by": []}, "payable_by"),
    ({"payable_by": ["oc_pm_unknown"]}, "payable_by[0]"),
    ({"state": "paid", "payment": None}, "payment"),
    ({"state": "paid", "payment": {"payment_date": "2015-13-01", "payment_mode": "x"}}, "payment[payment_date]"),
    ({"state": "paid", "payment": {"payment_date": "2015-01-05", "payment_mode": "oc_pm_unknown"}},
     "payment[payment_mode]"),
    ({"state": "paid", "payment": {"payment_date": "2015-01-05", "customer_bank_country": "Narnia",
                                   "payment_mode": "x"}}, "payment[customer_bank_country]"),
    ({"numbering_sequence_id": "oc_ns_unknown"}, "numbering_sequence_id"),
    ({"customer": None}, "customer_id"),
    ({"customer": None, "customer_id": "oc_cu_unknown"}, "customer_id"),
    ({"customer": {**SEED_CUSTOMER, "billing_address_country": "Narnia"}}, "customer[billing_address_country]"),
    ({"customer": {**SEED_CUSTOMER, "email": None}}, "customer[email]"),
    ({"customer": {**SEED_CUSTOMER, "vat_number": "FR00000000000"}}, "customer[vat_number]"),
    ({"evidence": {"customer_ip_address": "1.2.3.4", "device": "x"}}, "evidence"),
])
def test_bad_input_is_a_422_naming_the_parameter_and_writes_nothing(api, bank, change, param):
    body = {key: value for key, value in {**seed_request(bank), **change}.items() if value is not None}
    response = api.post(f"{BASE}/invoices", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["param"] == param
    assert api.get(f"{BASE}/invoices").json()["total_count"] == 0
    assert api.get(f"{BASE}/customers").json()["total_count"] == 0
    # No number was used: the first invoice that goes through is number 001.
    assert issue(api, seed_request(bank))["invoice_number"].endswith("-001")


def test_lists_filter_by_customer_and_customers_include_their_invoices(api, bank):
    first = issue(api, seed_request(bank))
    other = issue(api, seed_request(bank))
    mine = api.get(f"{BASE}/invoices", params={"customer": first["customer_id"]}).json()
    assert [invoice["id"] for invoice in mine["data"]] == [first["id"]]
    assert [i["id"] for i in api.get(f"{BASE}/invoices").json()["data"]] == [other["id"], first["id"]]
    customer = api.get(f"{BASE}/customers/{first['customer_id']}", params={"include[]": "invoices"}).json()
    assert customer["invoices"]["object"] == "list"
    assert [invoice["id"] for invoice in customer["invoices"]["data"]] == [first["id"]]
    listed = api.get(f"{BASE}/customers", params={"include[]": "invoices"}).json()["data"]
    assert sorted(len(c["invoices"]["data"]) for c in listed) == [1, 1]
    assert "invoices" not in api.get(f"{BASE}/customers/{first['customer_id']}").json()
    assert api.get(f"{BASE}/invoices", params={"customer": "oc_cu_unknown"}).status_code == 422


def test_a_customer_with_invoices_cannot_be_deleted(api, bank):
    invoice = issue(api, seed_request(bank))
    response = api.delete(f"{BASE}/customers/{invoice['customer_id']}")
    assert response.status_code == 422
    assert api.get(f"{BASE}/invoices/{invoice['id']}").status_code == 200


def test_an_invoice_is_cancelled_only_by_a_credit_note(api, bank):
    invoice = issue(api, seed_request(bank))
    cancelled = api.patch(f"{BASE}/invoices/{invoice['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled"
    assert cancelled.json()["invoice_number"] == invoice["invoice_number"]
    [note] = api.get("/invoiced/credit_notes").json()
    assert note["total"] == invoice["total_cents"] / 100 and note["status"] == "closed"
    assert api.patch(f"{BASE}/invoices/{invoice['id']}/cancel").status_code == 409
    paid = issue(api, seed_request(bank))
    api.patch(f"{BASE}/invoices/{paid['id']}/pay", data={"payment_date": "2015-01-05", "payment_mode": bank})
    assert api.patch(f"{BASE}/invoices/{paid['id']}/cancel").status_code == 422


def test_an_invoices_items_answer_at_the_request_url_they_are_listed_with(api, bank):
    invoice = issue(api, seed_request(bank))
    items = invoice["invoice_items"]
    assert items["request_url"] == f"/invoices/{invoice['id']}/invoice_items"
    response = api.get(BASE + items["request_url"])
    assert response.status_code == 200 and response.json() == items
    missing = api.get(f"{BASE}/invoices/oc_in_unknown/invoice_items")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "invalid_request_error"


def test_services_to_a_company_declared_b2b_outside_the_eu_are_not_subject_to_vat(api, bank):
    american_company = {**SEED_CUSTOMER, "billing_address_city": "New York", "billing_address_zip": "10001",
                        "billing_address_country": "United States", "business_type": "B2B"}
    invoice = issue(api, seed_request(bank, customer=american_company, evidence={}, invoice_items=[
        {"description": "Consulting", "extratax_cents": 10000, "eservice": False}]))
    [line] = invoice["invoice_items"]["data"]
    assert (line["vat_rate"], line["payment_cents"], line["tax_category"], line["declare_in"]) == (
        0.0, 10000, "O", None)
    assert "Not subject to VAT" in line["legal_mention"] and invoice["business_type"] == "B2B"


def test_the_seed_invoices_pdf_shows_its_figures_and_the_suppliers_vat_number(api, bank, anonymous):
    import io

    from pypdf import PdfReader

    invoice = issue(api, seed_request(bank))
    pdf = anonymous.get(invoice["pdf_file_url"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for figure in ("8,33", "10,00", "18,18", "48,00", "FR60528551658", invoice["invoice_number"], IBAN):
        assert figure in text, figure
