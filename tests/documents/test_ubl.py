"""The Peppol BIS Billing 3.0 UBL of issued invoices and credit notes: the CII's shapes, checked
offline against the UBL XSD and the EN 16931 and Peppol schematrons; the French CTC rules it
knowingly departs from (the CII meets them); credit notes, VAT in euros, addresses Peppol knows."""

from decimal import Decimal

import pytest
from lxml import etree

from billbook.documents.ubl import invoice_ubl
from billbook.documents.validation import errors, failed_rules
from tests.documents.builders import BUSINESS_CUSTOMER, CONSUMER, issued, line
from tests.documents.test_cii import FRENCH_BUSINESS, SHAPES, written

NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
      "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"}
PEPPOL = ("en16931", "peppol")
# Buyers Peppol cannot reach: a consumer or a company abroad known by an email address (a scheme
# Peppol has not, CL008) or by nothing at all (R010). EN 16931 itself is met.
NOT_ON_PEPPOL = {"tax_included_b2c_seed", "exempt_e", "foreign_currency_b2c", "export_g", "out_of_scope_o"}
BUYER_NOT_ON_PEPPOL = {"PEPPOL-EN16931-CL008", "PEPPOL-EN16931-R010"}
# What the French CTC schematron says of every Peppol document: the business process is Peppol's,
# not a French billing framework (BT-23), and the PMT, PMD and AAB mentions share Peppol's one note.
PEPPOL_NOT_FRENCH = {"BR-FR-08_BT-23", "BR-FR-05_BT-22-1", "BR-FR-05_BT-22-2", "BR-FR-05_BT-22-3"}
DOLLAR_RATE = {"euro_rate": {"currency": "USD", "rate": "1.0850", "published": "2026-02-27", "source": "ECB"}}
# Issuing keeps the euro rate with an invoice in another currency.
IN_DOLLARS = issued([line("Subscription", 1999, "20", quantity="3"), line("Setup", 5000, "20")], currency="USD",
                    evidence=DOLLAR_RATE)


def ubl(name: str) -> bytes:
    return written(invoice_ubl, name)


def values(xml: bytes, path: str) -> list[str]:
    return [node.text for node in etree.fromstring(xml).xpath(path, namespaces=NS)]


def rules(xml: bytes, schematrons: tuple[str, ...] = PEPPOL) -> list[str]:
    return [finding.rule for finding in errors(xml, schematrons=schematrons)]


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_passes_the_ubl_xsd_and_the_en16931_and_peppol_schematrons(name):
    found = [(finding.rule, finding.text) for finding in errors(ubl(name), schematrons=PEPPOL)]
    if name in NOT_ON_PEPPOL:
        assert len(found) == 1 and found[0][0] in BUYER_NOT_ON_PEPPOL, found
    else:
        assert found == []


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_passes_the_en16931_schematron_whoever_the_buyer(name):
    assert [(finding.rule, finding.text) for finding in errors(ubl(name))] == []


@pytest.mark.parametrize("name", SHAPES)
def test_the_french_ctc_rules_it_breaks_are_only_those_peppol_decides(name):
    expected = PEPPOL_NOT_FRENCH | ({"BR-FR-10_BT-30"} if name == "seller_without_siret" else set())
    assert set(rules(ubl(name), ("fr-ctc",))) == expected


@pytest.mark.parametrize("name", SHAPES)
def test_the_totals_are_the_invoice_s_to_the_cent(name):
    xml, invoice = ubl(name), SHAPES[name].invoice
    total = "//cac:LegalMonetaryTotal/cbc:"
    assert Decimal(values(xml, total + "TaxExclusiveAmount")[0]) * 100 == invoice.extratax
    assert Decimal(values(xml, total + "TaxInclusiveAmount")[0]) * 100 == invoice.gross
    assert Decimal(values(xml, total + "PayableAmount")[0]) * 100 == invoice.gross
    assert Decimal(values(xml, f"/*/cac:TaxTotal/cbc:TaxAmount[@currencyID='{invoice.currency}']")[0]) * 100 \
        == invoice.tax
    assert values(xml, "/*/cbc:DocumentCurrencyCode") == [invoice.currency]
    assert {node.get("currencyID") for node in etree.fromstring(xml).xpath("//*[@currencyID]")} <= {
        invoice.currency, "EUR"}


def test_a_credit_note_is_a_ubl_credit_note_naming_the_invoice_it_corrects():
    xml = ubl("credit_note")
    assert etree.fromstring(xml).tag == f"{{{NS['cn']}}}CreditNote"
    assert values(xml, "/cn:CreditNote/cbc:CreditNoteTypeCode") == ["381"]
    assert values(xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == ["F-2026-03-0042"]
    assert values(xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == ["2026-03-02"]
    assert values(xml, "//cac:CreditNoteLine/cbc:CreditedQuantity") == ["1"]
    assert values(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount") == ["360.00"]
    # A UBL credit note has no DueDate of its own; the date goes with the payment means.
    assert values(xml, "//cac:PaymentMeans/cbc:PaymentDueDate") == ["2026-04-01"]


def test_an_invoice_is_a_380_in_peppol_bis_3():
    xml = ubl("standard_rated_at_two_rates")
    assert values(xml, "/inv:Invoice/cbc:InvoiceTypeCode") == ["380"]
    assert values(xml, "/*/cbc:CustomizationID") == [
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"]
    assert values(xml, "/*/cbc:ProfileID") == ["urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"]
    assert values(xml, "/*/cbc:BuyerReference") == ["F-2026-03-0042"]
    assert sorted(values(xml, "/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent")) == ["20.00", "5.50"]
    assert values(xml, "//cac:InvoiceLine[1]/cac:Price/cbc:PriceAmount") == ["150.0000"]


def test_the_french_mentions_share_peppol_s_one_note():
    notes = values(ubl("standard_rated_at_two_rates"), "/*/cbc:Note")
    assert len(notes) == 1
    assert [text.split(" ")[0] for text in notes[0].split("\n")] == ["Indemnité", "Pénalités", "Pas"]
    with_a_note = invoice_ubl(issued([line("Consulting", 10000, "20")], notes="Merci de votre confiance."))
    assert values(with_a_note, "/*/cbc:Note")[0].endswith("\nMerci de votre confiance.")
    assert rules(with_a_note) == []


def test_payment_means_carry_the_iban_and_bic():
    xml = ubl("standard_rated_at_two_rates")
    assert values(xml, "//cac:PaymentMeans/cbc:PaymentMeansCode") == ["58"]
    assert values(xml, "//cac:PayeeFinancialAccount/cbc:ID") == ["FR7630006000011234567890189"]
    assert values(xml, "//cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID") == ["BNPAFRPPXXX"]
    assert values(xml, "//cac:PaymentMeans/cbc:PaymentID") == ["F-2026-03-0042"]


def test_an_invoice_in_another_currency_states_its_vat_in_euros_in_a_second_tax_total():
    xml, invoice = invoice_ubl(IN_DOLLARS), IN_DOLLARS.invoice
    assert rules(xml) == []
    assert values(xml, "/*/cbc:TaxCurrencyCode") == ["EUR"]
    root = etree.fromstring(xml)
    totals = root.xpath("/*/cac:TaxTotal", namespaces=NS)
    assert [len(total.xpath("cac:TaxSubtotal", namespaces=NS)) for total in totals] == [1, 0]
    in_euros = totals[1].find("cbc:TaxAmount", NS)
    assert in_euros.get("currencyID") == "EUR"
    assert Decimal(in_euros.text) == (Decimal(invoice.tax) / 100 / Decimal("1.0850")).quantize(Decimal("0.01"))


def test_parties_are_addressed_in_schemes_peppol_knows():
    root = etree.fromstring(invoice_ubl(issued([line("Consulting", 10000, "20")], customer=FRENCH_BUSINESS)))
    seller = root.find(".//cac:AccountingSupplierParty//cbc:EndpointID", NS)
    buyer = root.find(".//cac:AccountingCustomerParty//cbc:EndpointID", NS)
    # The French directory's 0225 becomes SIRENE's 0002: the same SIREN, in Peppol's code list.
    assert (seller.get("schemeID"), seller.text) == ("0002", "528551658")
    assert (buyer.get("schemeID"), buyer.text) == ("0002", "303265045")
    german = etree.fromstring(invoice_ubl(issued([line("Audit", 250000, category="AE")], customer={
        **BUSINESS_CUSTOMER, "email": "rechnung@lindner.example"})))
    buyer = german.find(".//cac:AccountingCustomerParty//cbc:EndpointID", NS)
    assert (buyer.get("schemeID"), buyer.text) == ("9930", "DE136695976")
    without_siret = etree.fromstring(ubl("seller_without_siret"))
    seller = without_siret.find(".//cac:AccountingSupplierParty//cbc:EndpointID", NS)
    assert (seller.get("schemeID"), seller.text) == ("9957", "FR60528551658")


def test_a_consumer_known_by_email_or_by_nothing_is_named_by_the_peppol_rule_at_stake():
    by_email = invoice_ubl(issued([line("Training", 30000, "20")], business_type="B2C",
                                  customer={**CONSUMER, "email": "camille.martin@example.fr"}))
    assert etree.fromstring(by_email).xpath("//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID",
                                            namespaces=NS) == ["EM"]
    assert rules(by_email) == ["PEPPOL-EN16931-CL008"]
    assert rules(by_email, ("en16931",)) == []
    unreachable = invoice_ubl(issued([line("Training", 30000, "20")], business_type="B2C",
                                     customer={**CONSUMER, "email": None}))
    assert rules(unreachable) == ["PEPPOL-EN16931-R010"]
    assert rules(unreachable, ("en16931",)) == []


def test_a_purchase_order_is_the_order_reference():
    shape = issued([line("Consulting", 10000, "20")])
    shape.invoice.purchase_order = "PO-7781"
    xml = invoice_ubl(shape)
    assert values(xml, "/*/cac:OrderReference/cbc:ID") == ["PO-7781"]
    assert values(xml, "/*/cbc:BuyerReference") == []
    assert rules(xml) == []


def test_a_line_of_many_units_states_the_price_of_its_whole_quantity():
    # 1,000 units for 333.33: 0.3333 a unit would be 333.30, outside Peppol's 0.02 (R120).
    xml = invoice_ubl(issued([line("Labels", 33333, "20", quantity="1000")]))
    assert values(xml, "//cac:Price/cbc:PriceAmount") == ["333.33"]
    assert values(xml, "//cac:Price/cbc:BaseQuantity") == ["1000"]
    assert rules(xml) == []


def test_a_broken_required_field_is_named_by_its_rule():
    root = etree.fromstring(ubl("standard_rated_at_two_rates"))
    payable = root.find(".//cac:LegalMonetaryTotal/cbc:PayableAmount", NS)
    payable.getparent().remove(payable)
    found = {finding.rule for finding in failed_rules(etree.tostring(root), schematrons=PEPPOL)}
    assert {"XSD", "BR-15"} <= found, found

    root = etree.fromstring(ubl("standard_rated_at_two_rates"))
    seller_name = root.find(".//cac:AccountingSupplierParty//cac:PartyLegalEntity/cbc:RegistrationName", NS)
    seller_name.getparent().remove(seller_name)
    assert "BR-06" in rules(etree.tostring(root))

    root = etree.fromstring(ubl("standard_rated_at_two_rates"))
    root.find("cbc:ProfileID", NS).text = "S1"
    assert rules(etree.tostring(root)) == ["PEPPOL-EN16931-R007"]


def test_a_character_xml_cannot_carry_is_left_out_rather_than_failing_the_document():
    xml = invoice_ubl(issued([line("Bell\x07 ringing", 10000, "20", description="Tab\tand\x1b escape")]))
    assert values(xml, "//cac:Item/cbc:Name") == ["Bell ringing"]
    assert values(xml, "//cac:Item/cbc:Description") == ["Tab\tand escape"]
    assert rules(xml) == []
