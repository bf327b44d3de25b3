"""A document link also serves the invoice's or credit note's EN 16931 XML, as CII and as UBL,
with the same token rules as its PDF: any other token is a plain 404, and a draft has none."""

from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import text

from billbook.documents.validation import errors
from billbook.domain.tenancy import Mode
from billbook.services import payment_modes
from tests.api.octobat.test_v1_invoices import BASE as V1
from tests.api.octobat.test_v1_invoices import seed_request
from tests.api.test_public_documents import INVOICED, fetch, issue
from tests.conftest import basic_auth
from tests.support.octobat_invoices import IBAN, SEED_SUPPLIER


@pytest.fixture
def customer(api) -> dict:
    return api.post(f"{INVOICED}/customers", json={
        "name": "Client SARL", "currency": "eur", "country": "FR", "address1": "2 avenue Foch", "city": "Lyon",
        "postal_code": "69001", "language": "fr", "email": "compta@client.example"}).json()


MONEY = "//{*}SpecifiedTradeSettlementHeaderMonetarySummation/{*}"


def xml_url(pdf_url: str) -> str:
    return pdf_url.removesuffix("/pdf") + "/cii.xml"


def amount(xml: bytes, name: str) -> Decimal:
    return Decimal(etree.fromstring(xml).find(f".{MONEY}{name}").text)


BOTH = ("en16931", "fr-ctc")


def complete(database, account) -> None:
    # A seller must be identifiable (BR-CO-26, and by SIREN in France: BR-FR-10) and, charging
    # VAT, name its VAT number (BR-S-02).
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET siret = '52855165800029', vat_number = 'FR60528551658' "
                                "WHERE id = :id"), {"id": account.id})


def test_an_issued_invoice_and_its_credit_note_serve_valid_cii_with_the_api_s_totals(
        api, anonymous, customer, database, account):
    complete(database, account)
    invoice = issue(api, customer, payment_terms="NET 30")
    answer = fetch(anonymous, xml_url(invoice["pdf_url"]))
    assert answer.headers["content-type"].startswith("application/xml")
    assert errors(answer.content, schematrons=BOTH) == []
    assert amount(answer.content, "GrandTotalAmount") == Decimal(str(invoice["total"]))
    assert amount(answer.content, "TaxTotalAmount") == Decimal(str(invoice["total"])) - Decimal(
        str(invoice["subtotal"]))

    api.post(f"{INVOICED}/invoices/{invoice['id']}/void")
    credit_note = api.get(f"{INVOICED}/credit_notes").json()[0]
    xml = fetch(anonymous, xml_url(credit_note["pdf_url"])).content
    assert errors(xml, schematrons=BOTH) == []
    assert b">381<" in xml and invoice["number"].encode() in xml
    assert amount(xml, "GrandTotalAmount") == Decimal(str(credit_note["total"]))


def test_an_invoice_in_dollars_states_its_vat_in_euros_and_meets_the_french_rules(
        api, anonymous, database, account):
    complete(database, account)
    customer = api.post(f"{INVOICED}/customers", json={
        "name": "Acme Inc", "currency": "usd", "country": "FR", "email": "ap@acme.example"}).json()
    invoice = issue(api, customer, currency="usd")
    xml = fetch(anonymous, xml_url(invoice["pdf_url"])).content
    assert errors(xml, schematrons=BOTH) == []
    taxes = {node.get("currencyID"): Decimal(node.text) for node in etree.fromstring(xml).iter("{*}TaxTotalAmount")}
    assert set(taxes) == {"USD", "EUR"} and taxes["USD"] == Decimal(str(invoice["total"])) - Decimal(
        str(invoice["subtotal"]))


def test_the_octobat_seed_invoice_of_a_complete_french_seller_meets_both_rule_sets(app, anonymous, make_account):
    from fastapi.testclient import TestClient

    seller = make_account(**{**SEED_SUPPLIER, "capital_stock": Decimal(SEED_SUPPLIER["capital_stock"]),
                             "siret": "52855165800016"})
    bank = payment_modes.create(seller.context(Mode.LIVE), {"name": "Bank", "type": "transfer", "iban": IBAN})
    octobat = TestClient(app, headers=basic_auth(seller.live_key))
    invoice = octobat.post(f"{V1}/invoices", json=seed_request(bank.public_id)).json()
    xml = fetch(anonymous, xml_url(invoice["pdf_file_url"])).content
    assert errors(xml, schematrons=BOTH) == []
    items = invoice["invoice_items"]["data"]
    assert amount(xml, "GrandTotalAmount") * 100 == sum(item["payment_cents"] for item in items)
    assert b"FR7630006000011234567890189" in xml


def test_the_same_link_serves_ubl_in_the_peppol_form_with_the_api_s_totals(api, anonymous, database, account):
    complete(database, account)
    # A business Peppol reaches: by the SIREN its French VAT number gives.
    customer = api.post(f"{INVOICED}/customers", json={
        "name": "Boulangerie Dupont SARL", "type": "company", "country": "FR", "tax_id": "FR40303265045",
        "address1": "8 rue de la Paix", "city": "Lyon", "postal_code": "69002"}).json()
    invoice = issue(api, customer)
    answer = fetch(anonymous, invoice["pdf_url"].removesuffix("/pdf") + "/ubl.xml")
    assert answer.headers["content-type"].startswith("application/xml")
    assert errors(answer.content, schematrons=("en16931", "peppol")) == []
    root = etree.fromstring(answer.content)
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
    assert Decimal(root.find("{*}LegalMonetaryTotal/{*}PayableAmount").text) == Decimal(str(invoice["total"]))
    api.post(f"{INVOICED}/invoices/{invoice['id']}/void")
    credit_note = api.get(f"{INVOICED}/credit_notes").json()[0]
    xml = fetch(anonymous, credit_note["pdf_url"].removesuffix("/pdf") + "/ubl.xml").content
    assert errors(xml, schematrons=("en16931", "peppol")) == []
    assert etree.fromstring(xml).tag.endswith("}CreditNote")
    assert anonymous.get(invoice["pdf_url"].removesuffix("/pdf") + "/ubl.xml".replace("u", "x")).status_code == 404


def test_a_wrong_token_is_a_plain_404(api, anonymous, customer):
    url = xml_url(issue(api, customer)["pdf_url"])
    token = url.split("/")[-2]
    for wrong in (url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),
                  url.replace(token, "short"), url.replace(token, "x" * 300)):
        answer = anonymous.get(wrong)
        assert answer.status_code == 404 and answer.text == "Not Found"


def test_an_account_without_its_identifiers_still_gets_xml_and_validation_names_what_is_missing(
        api, anonymous, customer):
    xml = fetch(anonymous, xml_url(issue(api, customer)["pdf_url"])).content
    assert {"BR-CO-26", "BR-S-02"} <= {finding.rule for finding in errors(xml)}


def test_a_draft_has_no_xml(api, customer):
    assert issue(api, customer, draft=True)["pdf_url"] is None
