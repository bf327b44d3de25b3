"""The EN 16931 CII XML of issued invoices and credit notes: every VAT category the tax engine
decides, B2B and B2C, foreign currency, credit notes; checked offline against the Factur-X XSD and
the EN 16931 schematron (compiled once per process by `documents.validation`)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from billbook.documents.cii import invoice_cii
from billbook.documents.validation import errors, failed_rules
from tests.documents.builders import (
    BUSINESS_CUSTOMER,
    ISSUED,
    SUPPLIER,
    check,
    issued,
    line,
    seed_invoice,
    transfer,
)

NS = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
AMERICAN = {**BUSINESS_CUSTOMER, "name": "Acme Corp", "country": "US", "state": "CA", "city": "Oakland",
            "zip": "94607", "vat_number": None, "email": "billing@acme.example"}
# The ECB's rate of the day before the invoice's date, as issuing keeps it.
DOLLAR_RATE = {"euro_rate": {"currency": "USD", "rate": "1.1805", "published": "2026-02-27", "source": "ECB"}}

FRENCH_BUSINESS = {"name": "Boulangerie Dupont SARL", "address_line1": "8 rue de la Paix", "address_line2": None,
                   "city": "Lyon", "state": None, "zip": "69002", "country": "FR", "vat_number": "FR40303265045",
                   "email": None}
GERMAN_SELLER = {"name": "Lindner Beratung GmbH", "legal_form": "GmbH", "siret": None, "address": "Hauptstraße 1",
                 "zip_code": "10115", "city": "Berlin", "country": "DE", "vat_number": "DE136695976",
                 "capital_stock": None}


def discounted(item, discount: int):
    """The line with `discount` cents off its amount before tax."""
    item.amount, item.discount = item.extratax + discount, discount
    return item


SHAPES = {
    "standard_rated_at_two_rates": issued([line("Consulting", 120000, "20", quantity="8"),
                                           line("Books", 4590, "5.5"), line("Hosting", 2990, "20")]),
    "tax_included_b2c_seed": seed_invoice(),
    "reverse_charge_ae": issued([line("Audit", 250000, category="AE")]),
    "intra_community_goods_k": issued([line("Machine parts", 98000, category="K", quantity="4")]),
    "export_g": issued([line("Machine parts", 98000, category="G")], customer=AMERICAN),
    "out_of_scope_o": issued([line("Training abroad", 50000, category="O")], customer=AMERICAN),
    "exempt_e": issued([line("Medical training", 30000, category="E")], business_type="B2C"),
    "credit_note": issued([line("Consulting", 30000, "20")], kind="credit_note", number="CN-2026-03-001"),
    "foreign_currency_b2c": issued([line("Subscription", 1999, "20", tax_included=True)], currency="USD",
                                   business_type="B2C", evidence=DOLLAR_RATE),
    "french_business_buyer_with_a_discount": issued([discounted(line("Consulting", 100000, "20"), 15000),
                                                     line("Books", 4590, "5.5")], customer=FRENCH_BUSINESS),
    "paid_by_transfer_or_cheque": issued([line("Consulting", 10000, "20")],
                                         payment_modes={1: transfer(), 2: check(), 3: transfer(3, "Wise")}),
    "seller_without_siret": issued([line("Consulting", 10000, "20")], supplier={**SUPPLIER, "siret": None}),
}
# Sellers outside France: EN 16931 applies, the French CTC rules do not (they need a SIREN).
FOREIGN_SELLERS = {
    "german_seller_reverse_charge": issued([line("Audit", 250000, category="AE")], supplier=GERMAN_SELLER,
                                           customer=FRENCH_BUSINESS),
}
# Shapes whose data is knowingly incomplete for the French rules, and the rule that says so.
INCOMPLETE_FOR_FRANCE = {"seller_without_siret": "BR-FR-10_BT-30"}


def written(write, name: str) -> bytes:
    """The shape written by `write` (invoice_cii or invoice_ubl); a credit note names the invoice
    it corrects."""
    shape = SHAPES[name]
    if shape.invoice.kind == "credit_note":
        return write(shape, credited_number="F-2026-03-0042", credited_on=ISSUED)
    return write(shape)


def cii(name: str) -> bytes:
    return written(invoice_cii, name)


def values(xml: bytes, path: str) -> list[str]:
    return [node.text for node in etree.fromstring(xml).xpath(path, namespaces=NS)]


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_passes_the_xsd_and_both_schematrons_without_an_error(name):
    found = [(finding.rule, finding.text) for finding in errors(cii(name), schematrons=("en16931", "fr-ctc"))]
    expected = INCOMPLETE_FOR_FRANCE.get(name)
    assert [rule for rule, _ in found] == ([expected] if expected else []), found


@pytest.mark.parametrize("name", FOREIGN_SELLERS)
def test_a_seller_outside_france_passes_the_xsd_and_the_en16931_schematron(name):
    assert [(finding.rule, finding.text) for finding in errors(invoice_cii(FOREIGN_SELLERS[name]))] == []


@pytest.mark.parametrize("name", SHAPES)
def test_the_totals_are_the_invoice_s_to_the_cent(name):
    xml, invoice = cii(name), SHAPES[name].invoice
    total = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    assert Decimal(values(xml, total + "TaxBasisTotalAmount")[0]) * 100 == invoice.extratax
    assert Decimal(values(xml, total + "TaxTotalAmount")[0]) * 100 == invoice.tax
    assert Decimal(values(xml, total + "GrandTotalAmount")[0]) * 100 == invoice.gross
    assert values(xml, "//ram:InvoiceCurrencyCode") == [invoice.currency]


def test_the_vat_breakdown_carries_the_tax_engine_s_category_and_exemption_reason():
    xml = cii("reverse_charge_ae")
    assert values(xml, "//ram:ApplicableTradeTax/ram:CategoryCode") == ["AE", "AE"]
    assert values(xml, "//ram:ApplicableTradeTax/ram:ExemptionReasonCode") == ["VATEX-EU-AE"]
    assert "Art. 196" in values(xml, "//ram:ApplicableTradeTax/ram:ExemptionReason")[0]
    two_rates = cii("standard_rated_at_two_rates")
    assert sorted(values(two_rates, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
                                    "ram:RateApplicablePercent")) == ["20.00", "5.50"]


def test_the_french_notes_framework_and_siren_are_there():
    xml = cii("standard_rated_at_two_rates")
    assert values(xml, "//ram:IncludedNote/ram:SubjectCode") == ["PMT", "PMD", "AAB"]
    assert values(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["S1"]
    assert values(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["528551658"]
    assert values(xml, "//ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID") == ["528551658"]
    assert values(xml, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == ["FR7630006000011234567890189"]


def test_buyers_are_addressed_by_siren_email_or_vat_number():
    french = cii("french_business_buyer_with_a_discount")
    assert values(french, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["303265045"]
    assert values(french, "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID") == ["303265045"]
    consumer = etree.fromstring(cii("exempt_e"))
    address = consumer.xpath("//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID", namespaces=NS)[0]
    assert (address.get("schemeID"), address.text) == ("EM", "camille.martin@example.fr")
    german = etree.fromstring(cii("reverse_charge_ae"))
    address = german.xpath("//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID", namespaces=NS)[0]
    assert (address.get("schemeID"), address.text) == ("9930", "DE136695976")


def test_a_buyer_with_no_address_at_all_is_named_by_the_french_rules():
    nowhere = issued([line("Consulting", 10000, "20")], business_type="B2C",
                     customer={**SHAPES["exempt_e"].invoice.customer, "email": None})
    assert "BR-FR-12_BT-49" in {finding.rule for finding in errors(invoice_cii(nowhere), schematrons=("fr-ctc",))}


def test_an_invoice_in_another_currency_states_its_vat_in_euros_at_the_kept_rate():
    xml, invoice = cii("foreign_currency_b2c"), SHAPES["foreign_currency_b2c"].invoice
    assert values(xml, "//ram:TaxCurrencyCode") == ["EUR"]
    root = etree.fromstring(xml)
    totals = {node.get("currencyID"): Decimal(node.text) for node in root.xpath("//ram:TaxTotalAmount", namespaces=NS)}
    assert totals["USD"] * 100 == invoice.tax
    assert totals["EUR"] == (Decimal(invoice.tax) / 100 / Decimal("1.1805")).quantize(Decimal("0.01"))


def test_payment_means_are_of_one_kind_transfers_first_without_a_text_when_several():
    xml = cii("paid_by_transfer_or_cheque")
    assert values(xml, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") == ["58", "58"]
    assert values(xml, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:Information") == []
    assert values(cii("standard_rated_at_two_rates"), "//ram:SpecifiedTradeSettlementPaymentMeans/ram:Information") == [
        "Virement SEPA"]


def test_a_credit_note_is_a_381_naming_the_invoice_it_corrects():
    xml = cii("credit_note")
    assert values(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    assert values(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["F-2026-03-0042"]


def test_a_missing_required_field_is_named_by_the_rule_it_breaks():
    root = etree.fromstring(cii("standard_rated_at_two_rates"))
    grand_total = root.xpath("//ram:GrandTotalAmount", namespaces=NS)[0]
    grand_total.getparent().remove(grand_total)
    found = failed_rules(etree.tostring(root))
    assert "XSD" in {finding.rule for finding in found}
    assert any("BR-CO-15" in finding.rule or "BR-14" in finding.rule for finding in found), found

    root = etree.fromstring(cii("standard_rated_at_two_rates"))
    seller_name = root.xpath("//ram:SellerTradeParty/ram:Name", namespaces=NS)[0]
    seller_name.getparent().remove(seller_name)
    assert "BR-06" in {finding.rule for finding in failed_rules(etree.tostring(root))}


def test_the_french_ctc_schematron_names_what_the_snapshots_lack():
    rules = {finding.rule for finding in errors(cii("seller_without_siret"), schematrons=("fr-ctc",))}
    assert rules == {"BR-FR-10_BT-30"}


def test_a_control_character_in_a_name_is_left_out_rather_than_breaking_the_xml():
    stray = issued([line("Consulting\x0b hours\x1f", 10000, "20")],
                   customer={**BUSINESS_CUSTOMER, "name": "Brauerei\x08 Lindner"})
    xml = invoice_cii(stray)
    assert values(xml, "//ram:SpecifiedTradeProduct/ram:Name") == ["Consulting hours"]
    assert values(xml, "//ram:BuyerTradeParty/ram:Name") == ["Brauerei Lindner"]


def test_a_quantity_too_small_to_write_states_the_line_as_one_unit():
    tiny = issued([replace(line("Metered calls", 5, "20"), quantity=Decimal("0.00004")), line("Consulting", 10000)])
    xml = invoice_cii(tiny)
    assert errors(xml, schematrons=("en16931", "fr-ctc")) == []
    assert values(xml, "//ram:BilledQuantity") == ["1", "1"]
    assert values(xml, "//ram:NetPriceProductTradePrice/ram:ChargeAmount")[0] == "0.0500"


def test_the_buyer_s_vat_number_is_written_compact_and_only_when_valid():
    typed = issued([line("Audit", 250000, category="AE")],
                   customer={**BUSINESS_CUSTOMER, "vat_number": " de 136 695 976 "})
    xml = invoice_cii(typed)
    assert values(xml, "//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID") == ["DE136695976"]
    assert errors(xml, schematrons=("en16931", "fr-ctc")) == []
    wrong = issued([line("Consulting", 10000, "20")], customer={**FRENCH_BUSINESS, "vat_number": "123456"})
    assert values(invoice_cii(wrong), "//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID") == []
    assert "BR-CO-09" not in {finding.rule for finding in errors(invoice_cii(wrong))}


def test_the_french_notes_are_a_french_seller_s_and_say_so_to_a_consumer():
    german = invoice_cii(FOREIGN_SELLERS["german_seller_reverse_charge"])
    assert values(german, "//ram:IncludedNote/ram:SubjectCode") == []
    consumer_notes = values(cii("exempt_e"), "//ram:IncludedNote/ram:Content")
    assert len(consumer_notes) == 3 and "client non professionnel" in consumer_notes[0]
    assert "40 EUR" in values(cii("reverse_charge_ae"), "//ram:IncludedNote/ram:Content")[0]
