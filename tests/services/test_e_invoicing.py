"""Checking an account's e-invoices, on both databases: its details, its payment modes, every
customer (grouped, a few named), and the rules its latest issued documents break."""

import pytest

from billbook.domain.payment_modes import PaymentMode
from billbook.services import accounts, cancelling, customers, drafts, e_invoicing, payment_modes
from billbook.services.context import utc_now
from billbook.services.documents import InvoiceToTypeset
from tests.support.octobat_invoices import IBAN

COMPLETE = dict(name="Atelier Numérique SAS", country="FR", vat_number="FR44732829320", siret="73282932000074",
                address_line1="25 rue du Petit Musc", city="Paris", zip="75004")
FRENCH_BUSINESS = {"name": "Boulangerie Dupont SARL", "country": "FR", "business_type": "B2B",
                   "vat_number": "FR40303265045", "email": "compta@dupont.example"}


def issue(ctx, customer_id: int):
    return drafts.create_invoice(ctx, {"customer": customer_id, "items": [{"name": "Audit", "unit_cost": 100}]})


@pytest.fixture
def complete(make_account):
    account = make_account(**COMPLETE)
    payment_modes.create(account.context(), {"name": "Virement SEPA", "type": "transfer", "iban": IBAN})
    return account


def test_a_complete_french_account_passes_and_so_do_its_documents(complete):
    ctx = complete.context()
    issued = issue(ctx, customers.create(ctx, FRENCH_BUSINESS).id)
    cancelling.void_invoice(ctx, issued.invoice.id)
    found = e_invoicing.check_account(ctx)
    assert found.complete
    assert (found.seller, found.payment_modes, found.buyers, found.customers_checked) == ((), (), (), 1)
    assert [(document.kind, document.errors) for document in found.documents] == [
        ("credit_note", []), ("invoice", [])]


def test_removing_the_siret_names_bt_30_and_the_documents_issued_since_break_br_fr_10(complete):
    ctx = complete.context()
    customer = customers.create(ctx, FRENCH_BUSINESS).id
    issue(ctx, customer)
    accounts.update_account(complete.database, complete.id, {"siret": ""})
    invoice = issue(ctx, customer).invoice
    found = e_invoicing.check_account(ctx)
    assert not found.complete
    assert [(gap.term, gap.rules, gap.field) for gap in found.seller] == [("BT-30", ("BR-FR-10", "BR-CO-26"), "siret")]
    latest, before = found.documents
    assert latest.number == invoice.number and [finding.rule for finding in latest.errors] == ["BR-FR-10_BT-30"]
    assert before.findings == ()


def test_customers_are_grouped_by_what_they_lack_with_a_few_named(complete):
    ctx = complete.context()
    customers.create(ctx, FRENCH_BUSINESS)
    german = customers.create(ctx, {"name": "Brauerei Lindner GmbH", "country": "DE", "business_type": "B2B",
                                    "email": "rechnung@lindner.example"})
    unreachable = [customers.create(ctx, {"name": f"Client {n}", "country": "FR"}) for n in range(3)]
    found = e_invoicing.check_account(ctx, documents=0, examples=2)
    assert not found.complete and found.customers_checked == 5
    assert [(group.gap.term, group.gap.rules, group.count, [item.id for item in group.examples])
            for group in found.buyers] == [
        ("BT-49", ("BR-FR-12",), 3, [customer.id for customer in unreachable[:2]]),
        ("BT-48", ("BR-AE-02", "BR-IC-02"), 1, [german.id])]


def test_every_customer_is_read_a_batch_at_a_time(complete, monkeypatch):
    monkeypatch.setattr(e_invoicing, "CUSTOMER_BATCH", 2)
    ctx = complete.context()
    for n in range(5):
        customers.create(ctx, {"name": f"Client {n}", "country": "FR"})
    found = e_invoicing.check_account(ctx, documents=0)
    assert found.customers_checked == 5 and found.buyers[0].count == 5


def test_a_transfer_without_iban_is_named(complete):
    ctx = complete.context()
    now = utc_now()
    # Kept from before transfers were refused without an IBAN.
    with ctx.unit_of_work() as uow:
        uow.payment_modes.add(PaymentMode(id=None, public_id="oc_pm_legacy", name="Old bank", type="transfer",
                                          created_at=now, updated_at=now))
        uow.commit()
    found = e_invoicing.check_account(ctx, documents=0)
    assert not found.complete
    assert [(gap.term, gap.rules, gap.subject) for gap in found.payment_modes] == [
        ("BT-84", ("BR-61", "CII-SR-470"), "oc_pm_legacy (Old bank)")]


def test_only_the_latest_issued_documents_are_validated(complete):
    ctx = complete.context()
    customer = customers.create(ctx, FRENCH_BUSINESS).id
    numbers = [issue(ctx, customer).invoice.number for _ in range(3)]
    drafts.create_invoice(ctx, {"customer": customer, "draft": True, "items": [{"name": "Later", "unit_cost": 1}]})
    found = e_invoicing.check_account(ctx, documents=2)
    assert [document.number for document in found.documents] == numbers[:0:-1]
    assert e_invoicing.check_account(ctx, documents=0).documents == ()


def test_the_xml_validated_is_the_xml_the_document_link_serves(complete, monkeypatch):
    ctx = complete.context()
    issue(ctx, customers.create(ctx, FRENCH_BUSINESS).id)
    monkeypatch.setattr(InvoiceToTypeset, "cii", lambda self: b"<served/>")
    [document] = e_invoicing.check_account(ctx).documents
    assert [finding.rule for finding in document.errors] == ["XML"]
    assert "served" in document.errors[0].text


def test_a_document_in_a_currency_without_euro_rate_is_named_for_its_vat_in_euros(complete):
    ctx = complete.context()
    customer = customers.create(ctx, FRENCH_BUSINESS).id
    pesos = drafts.create_invoice(ctx, {"customer": customer, "currency": "ARS",
                                        "items": [{"name": "Audit", "unit_cost": 100}]}).invoice
    dollars = drafts.create_invoice(ctx, {"customer": customer, "currency": "USD",
                                          "items": [{"name": "Audit", "unit_cost": 100}]}).invoice
    found = e_invoicing.check_account(ctx)
    assert found.complete
    assert [(document.number, [(gap.term, gap.rules) for gap in document.gaps]) for document in found.documents] == [
        (dollars.number, []), (pesos.number, [("BT-111", ("BR-FR-CO-12",))])]
