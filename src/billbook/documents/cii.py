"""An issued invoice or credit note as an EN 16931 Cross Industry Invoice (UN/CEFACT CII D16B),
the XML a Factur-X PDF carries, built from the snapshots taken when it was issued.

Pure: domain objects in, bytes out. The French notes (BT-22 PMT, PMD, AAB), the billing framework
(BT-23) and the seller's SIREN are included so that the document also meets the French CTC rules
when the account's details are complete; `documents.validation` says what is missing otherwise.
"""

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem
from lxml import etree

from billbook.domain.invoices import CREDIT_NOTE, InvoiceLine, IssuedInvoice

# BT-3: UNTDID 1001 commercial invoice and credit note.
INVOICE_TYPE, CREDIT_NOTE_TYPE = "380", "381"
# BT-24: the EN 16931 core specification, no extension.
EN16931 = "urn:cen.eu:en16931:2017"
# BT-23 (French CTC): S1 is "services, first deposit"; Billbook sells services and issues no
# deposit invoices, so this is the framework of every document it issues.
BILLING_FRAMEWORK = "S1"
# BT-130: UN/ECE Recommendation 20 "one" (Billbook lines carry quantities without units).
UNIT = "C62"
# ISO 6523 ICD 0002 is the French SIRENE register; EAS 0225 the French e-invoicing directory.
SIREN_SCHEME, FRENCH_DIRECTORY_SCHEME = "0002", "0225"

# BT-121: the VATEX code of each untaxed category, where one fits every case of it.
EXEMPTION_CODES = {"AE": "VATEX-EU-AE", "K": "VATEX-EU-IC", "G": "VATEX-EU-G", "O": "VATEX-EU-O"}
# BT-120 when a line carries no mention of its own (older lines, or an overridden rate).
EXEMPTION_REASONS = {"AE": "Reverse charge", "K": "Intra-Community supply", "G": "Export outside the EU",
                     "O": "Not subject to VAT", "E": "Exempt from VAT"}
# BT-81: UNTDID 4461 codes for the account's payment modes.
PAYMENT_MEANS = {"transfer": "58", "check": "20", "stripe": "48"}

# BT-22 notes French law asks every invoice to carry (Code de commerce L441-9, L441-10, D441-5).
FRENCH_NOTES = (
    ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 EUR."),
    ("PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
    ("AAB", "Pas d'escompte pour paiement anticipé."),
)


def invoice_cii(issued: IssuedInvoice, *, credited_number: str | None = None,
                credited_on: date | None = None) -> bytes:
    """The CII XML of an issued invoice or credit note (amounts positive in both, as EN 16931
    wants; a credit note names the invoice it corrects, BT-25)."""
    invoice = issued.invoice
    doc = Document()
    doc.context.business_parameter.id = BILLING_FRAMEWORK
    doc.context.guideline_parameter.id = EN16931
    doc.header.id = invoice.number
    doc.header.type_code = CREDIT_NOTE_TYPE if invoice.kind == CREDIT_NOTE else INVOICE_TYPE
    doc.header.issue_date_time = invoice.issue_date
    notes = list(FRENCH_NOTES) + ([("AAI", invoice.notes)] if invoice.notes else [])
    for subject, content in notes:
        note = IncludedNote()
        note.subject_code = subject
        note.content = content
        doc.header.notes.add(note)

    # An invoice out of the scope of VAT names no VAT identifier at all (BR-O-02).
    with_vat_ids = not any(line.tax_category == "O" for line in invoice.lines)
    _seller(doc.trade.agreement.seller, invoice.supplier, with_vat_ids)
    _buyer(doc.trade.agreement.buyer, invoice.customer, with_vat_ids)
    if invoice.purchase_order:
        doc.trade.agreement.buyer_order.issuer_assigned_id = invoice.purchase_order
    # Billbook keeps no delivery date apart from the issue date, which is the tax point of a
    # supply of services; intra-Community supplies must state one (BR-IC-11) and where to (BR-IC-12).
    doc.trade.delivery.event.occurrence = invoice.issue_date
    if any(line.tax_category == "K" for line in invoice.lines) and invoice.customer.get("country"):
        doc.trade.delivery.ship_to.address.country_id = invoice.customer["country"]

    settlement = doc.trade.settlement
    settlement.currency_code = invoice.currency
    settlement.payment_reference = invoice.number
    if credited_number:
        settlement.invoice_referenced_document.issuer_assigned_id = credited_number
        if credited_on:
            settlement.invoice_referenced_document.issue_date_time = credited_on
    for mode in _payment_modes(issued):
        means = PaymentMeans()
        means.type_code = PAYMENT_MEANS.get(mode.type, "1")
        means.information.add(mode.name)
        if mode.iban:
            means.payee_account.iban = mode.iban.replace(" ", "")
            if invoice.supplier.get("name"):
                means.payee_account.account_name = invoice.supplier["name"]
        if mode.bic:
            means.payee_institution.bic = mode.bic
        settlement.payment_means.add(means)
    if invoice.due_date or invoice.payment_terms:
        terms = PaymentTerms()
        if invoice.payment_terms:
            terms.description = invoice.payment_terms
        if invoice.due_date:
            terms.due = invoice.due_date
        settlement.terms.add(terms)

    for position, line in enumerate(sorted(invoice.lines, key=lambda line: line.position), start=1):
        doc.trade.items.add(_item(position, line))
    for (category, rate), lines in _breakdown(invoice.lines).items():
        settlement.trade_tax.add(_tax(category, rate, lines))

    totals = settlement.monetary_summation
    totals.line_total = _major(sum(line.extratax for line in invoice.lines))
    totals.charge_total = _major(0)
    totals.allowance_total = _major(0)
    totals.tax_basis_total = _major(invoice.extratax)
    totals.tax_total = (_major(invoice.tax), invoice.currency)
    totals.grand_total = _major(invoice.gross)
    # The document as issued: what was paid or credited since belongs to the ledger, not to it.
    totals.due_amount = _major(invoice.gross)
    return _without_empty_elements(doc.serialize(schema=None))


def siren(supplier: dict[str, Any]) -> str | None:
    """The seller's SIREN (BT-30): the first nine digits of its SIRET."""
    digits = re.sub(r"\D", "", str(supplier.get("siret") or ""))
    return digits[:9] if len(digits) >= 9 else None


def _seller(party: Any, supplier: dict[str, Any], with_vat_id: bool) -> None:
    party.name = supplier.get("name") or ""
    found = siren(supplier)
    if found:
        party.legal_organization.id = (SIREN_SCHEME, found)
        party.electronic_address.uri_ID = (FRENCH_DIRECTORY_SCHEME, found)
    _address(party.address, supplier.get("address"), None, supplier.get("zip_code"), supplier.get("city"),
             supplier.get("country"))
    if with_vat_id and supplier.get("vat_number"):
        party.tax_registrations.add(TaxRegistration(id=("VA", supplier["vat_number"])))


def _buyer(party: Any, customer: dict[str, Any], with_vat_id: bool) -> None:
    party.name = customer.get("name") or ""
    _address(party.address, customer.get("address_line1"), customer.get("address_line2"), customer.get("zip"),
             customer.get("city"), customer.get("country"), state=customer.get("state"))
    if with_vat_id and customer.get("vat_number"):
        party.tax_registrations.add(TaxRegistration(id=("VA", customer["vat_number"])))


def _address(address: Any, line_one: Any, line_two: Any, postcode: Any, city: Any, country: Any, *,
             state: Any = None) -> None:
    # Set only what is known: drafthorse writes an empty element for a field assigned None.
    for name, value in (("line_one", line_one), ("line_two", line_two), ("postcode", postcode),
                        ("city_name", city), ("country_subdivision", state)):
        if value:
            setattr(address, name, str(value))
    address.country_id = country or ""


def _item(position: int, line: InvoiceLine) -> LineItem:
    item = LineItem()
    item.document.line_id = str(position)
    item.product.name = line.name
    if line.description:
        item.product.description = line.description
    quantity = line.quantity if line.quantity > 0 else Decimal(1)
    # The net price after the line's discount (BT-146), so that quantity × price is the line's net.
    item.agreement.net.amount = (Decimal(line.extratax) / 100 / quantity).quantize(Decimal("0.0001"))
    item.delivery.billed_quantity = (quantity, UNIT)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = line.tax_category
    if line.tax_category != "O":  # out of scope: no rate at all (BR-O-05)
        item.settlement.trade_tax.rate_applicable_percent = _rate(line)
    item.settlement.monetary_summation.total_amount = _major(line.extratax)
    return item


def _breakdown(lines: list[InvoiceLine]) -> dict[tuple[str, Decimal], list[InvoiceLine]]:
    """BG-23: one VAT breakdown per category and rate."""
    groups: dict[tuple[str, Decimal], list[InvoiceLine]] = defaultdict(list)
    for line in lines:
        groups[(line.tax_category, _rate(line))].append(line)
    return groups


def _tax(category: str, rate: Decimal, lines: list[InvoiceLine]) -> ApplicableTradeTax:
    tax = ApplicableTradeTax()
    tax.calculated_amount = _major(sum(line.tax for line in lines))
    tax.type_code = "VAT"
    if category != "S":
        mentions = list(dict.fromkeys(line.mention for line in lines if line.mention))
        tax.exemption_reason = "; ".join(mentions) or EXEMPTION_REASONS.get(category, "Exempt from VAT")
    tax.basis_amount = _major(sum(line.extratax for line in lines))
    tax.category_code = category
    if category in EXEMPTION_CODES:
        tax.exemption_reason_code = EXEMPTION_CODES[category]
    if category != "O":
        tax.rate_applicable_percent = rate
    return tax


def _payment_modes(issued: IssuedInvoice) -> list[Any]:
    """The modes the invoice names, in its order; all the account's when it names none."""
    ids = issued.invoice.payable_by or list(issued.payment_modes)
    return [issued.payment_modes[mode_id] for mode_id in ids if mode_id in issued.payment_modes]


def _rate(line: InvoiceLine) -> Decimal:
    return Decimal(line.vat_rate).quantize(Decimal("0.01"))


def _major(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _without_empty_elements(xml: bytes) -> bytes:
    """Drop the empty elements drafthorse leaves for unset groups (EN 16931 warns on them)."""
    root = etree.fromstring(xml)
    # Children come before their parents in reverse document order, so a parent left empty by
    # removing its children is removed too.
    for element in reversed(list(root.iter())):
        parent = element.getparent()
        if parent is not None and len(element) == 0 and not (element.text or "").strip() and not element.attrib:
            parent.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
