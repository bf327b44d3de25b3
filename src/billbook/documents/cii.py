"""An issued invoice or credit note as an EN 16931 Cross Industry Invoice (UN/CEFACT CII D16B),
the XML a Factur-X PDF carries, written from its EN 16931 reading (`documents.en16931`).

Pure: domain objects in, bytes out. The French notes (BT-22 PMT, PMD, AAB), the billing framework
(BT-23), SIREN and electronic addresses are included so that the document also meets the French
CTC rules when the account's and the customer's details are complete; `documents.validation`
says what is missing otherwise.
"""

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

from billbook.documents import en16931
from billbook.documents.en16931 import EInvoice, Line, Party, VatBreakdown
from billbook.domain.invoices import IssuedInvoice

# BT-24: the EN 16931 core specification, no extension.
EN16931 = "urn:cen.eu:en16931:2017"


def invoice_cii(issued: IssuedInvoice, *, credited_number: str | None = None,
                credited_on: date | None = None) -> bytes:
    """The CII XML of an issued invoice or credit note."""
    return write(en16931.e_invoice(issued, credited_number=credited_number, credited_on=credited_on))


def write(invoice: EInvoice) -> bytes:
    doc = Document()
    doc.context.business_parameter.id = invoice.framework
    doc.context.guideline_parameter.id = EN16931
    doc.header.id = invoice.number
    doc.header.type_code = invoice.type_code
    doc.header.issue_date_time = invoice.issue_date
    for subject, content in invoice.notes:
        note = IncludedNote()
        note.subject_code = subject
        note.content = content
        doc.header.notes.add(note)

    _party(doc.trade.agreement.seller, invoice.seller)
    _party(doc.trade.agreement.buyer, invoice.buyer)
    if invoice.purchase_order:
        doc.trade.agreement.buyer_order.issuer_assigned_id = invoice.purchase_order
    # Billbook keeps no delivery date apart from the issue date, which is the tax point of a
    # supply of services; intra-Community supplies must state one (BR-IC-11) and where to (BR-IC-12).
    doc.trade.delivery.event.occurrence = invoice.issue_date
    if invoice.delivery_country:
        doc.trade.delivery.ship_to.address.country_id = invoice.delivery_country

    settlement = doc.trade.settlement
    settlement.currency_code = invoice.currency
    if invoice.tax_in_euros is not None:
        settlement.tax_currency_code = en16931.TAX_CURRENCY
    settlement.payment_reference = invoice.number
    if invoice.credited_number:
        settlement.invoice_referenced_document.issuer_assigned_id = invoice.credited_number
        if invoice.credited_on:
            settlement.invoice_referenced_document.issue_date_time = invoice.credited_on
    for mode in invoice.payment_means:
        means = PaymentMeans()
        means.type_code = mode.code
        if mode.information:
            means.information.add(mode.information)
        if mode.iban:
            means.payee_account.iban = mode.iban
            if mode.account_name:
                means.payee_account.account_name = mode.account_name
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

    for line in invoice.lines:
        doc.trade.items.add(_item(line))
    for breakdown in invoice.breakdown:
        settlement.trade_tax.add(_tax(breakdown))

    totals = settlement.monetary_summation
    totals.line_total = _major(invoice.line_total)
    totals.charge_total = _major(0)
    totals.allowance_total = _major(0)
    totals.tax_basis_total = _major(invoice.tax_basis)
    totals.tax_total = (_major(invoice.tax), invoice.currency)
    if invoice.tax_in_euros is not None:
        totals.tax_total_other_currency.add((_major(invoice.tax_in_euros), en16931.TAX_CURRENCY))
    totals.grand_total = _major(invoice.grand_total)
    totals.due_amount = _major(invoice.due)
    return _without_empty_elements(doc.serialize(schema=None))


def _party(element: Any, party: Party) -> None:
    element.name = party.name
    if party.siren:
        element.legal_organization.id = (en16931.SIREN_SCHEME, party.siren)
    _address(element.address, party.address)
    if party.electronic_address:
        element.electronic_address.uri_ID = party.electronic_address
    if party.vat_id:
        element.tax_registrations.add(TaxRegistration(id=("VA", party.vat_id)))


def _address(element: Any, address: en16931.Address) -> None:
    # Set only what is known: drafthorse writes an empty element for a field assigned None.
    for name, value in (("line_one", address.line_one), ("line_two", address.line_two),
                        ("postcode", address.postcode), ("city_name", address.city),
                        ("country_subdivision", address.subdivision)):
        if value:
            setattr(element, name, str(value))
    element.country_id = address.country


def _item(line: Line) -> LineItem:
    item = LineItem()
    item.document.line_id = line.id
    item.product.name = line.name
    if line.description:
        item.product.description = line.description
    item.agreement.net.amount = line.net_price
    item.delivery.billed_quantity = (line.quantity, en16931.UNIT)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = line.category
    if line.rate is not None:
        item.settlement.trade_tax.rate_applicable_percent = line.rate
    item.settlement.monetary_summation.total_amount = _major(line.net)
    return item


def _tax(breakdown: VatBreakdown) -> ApplicableTradeTax:
    tax = ApplicableTradeTax()
    tax.calculated_amount = _major(breakdown.tax)
    tax.type_code = "VAT"
    if breakdown.exemption_reason:
        tax.exemption_reason = breakdown.exemption_reason
    tax.basis_amount = _major(breakdown.basis)
    tax.category_code = breakdown.category
    if breakdown.exemption_code:
        tax.exemption_reason_code = breakdown.exemption_code
    if breakdown.rate is not None:
        tax.rate_applicable_percent = breakdown.rate
    return tax


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
