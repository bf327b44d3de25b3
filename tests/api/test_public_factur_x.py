"""The PDF a document link serves is a Factur-X: it carries the very CII XML the link's /cii.xml
serves, and, archived as first produced, stays byte for byte the same."""

import io

import pikepdf
import pytest

from billbook.services import documents, payment_modes
from tests.api.test_public_documents import INVOICED, fetch, issue


@pytest.fixture
def customer(api) -> dict:
    return api.post(f"{INVOICED}/customers", json={
        "name": "Client SARL", "currency": "eur", "country": "FR", "address1": "2 avenue Foch", "city": "Lyon",
        "postal_code": "69001", "language": "fr"}).json()


def embedded_xml(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert list(document.attachments) == ["factur-x.xml"]
        filespec = document.Root.AF[0]
        assert filespec.AFRelationship == pikepdf.Name.Alternative
        return filespec.EF.F.read_bytes()


def token_of(pdf_url: str) -> str:
    return pdf_url.split("/")[-2]


def test_an_invoice_pdf_carries_the_xml_its_link_serves_and_is_archived_as_first_produced(
        api, anonymous, customer, database):
    invoice = issue(api, customer, payment_terms="NET 30")
    first = fetch(anonymous, invoice["pdf_url"]).content
    xml = fetch(anonymous, invoice["pdf_url"].removesuffix("/pdf") + "/cii.xml").content
    assert embedded_xml(first) == xml and invoice["number"].encode() in xml

    assert documents.invoice_document(database, token_of(invoice["pdf_url"])) == first
    assert fetch(anonymous, invoice["pdf_url"]).content == first
    assert documents.invoice_document(database, token_of(invoice["pdf_url"])) == first


def test_a_credit_note_pdf_carries_the_credit_note_s_xml(api, anonymous, customer):
    invoice = issue(api, customer)
    api.post(f"{INVOICED}/invoices/{invoice['id']}/void")
    credit_note = api.get(f"{INVOICED}/credit_notes").json()[0]
    pdf = fetch(anonymous, credit_note["pdf_url"]).content
    xml = fetch(anonymous, credit_note["pdf_url"].removesuffix("/pdf") + "/cii.xml").content
    assert embedded_xml(pdf) == xml and b">381<" in xml and invoice["number"].encode() in xml


def test_once_archived_the_cii_served_is_the_one_the_pdf_carries_whatever_changed_since(
        api, anonymous, customer, account):
    invoice = issue(api, customer)  # names no payment mode: it shows every way the account is paid
    xml_url = invoice["pdf_url"].removesuffix("/pdf") + "/cii.xml"
    pdf = fetch(anonymous, invoice["pdf_url"]).content
    payment_modes.create(account.context(), {"name": "Virement", "type": "transfer",
                                             "iban": "FR76 3000 6000 0112 3456 7890 189"})
    assert fetch(anonymous, xml_url).content == embedded_xml(pdf)
    assert b"FR7630006000011234567890189" not in fetch(anonymous, xml_url).content
