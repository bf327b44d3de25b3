"""An issued invoice or credit note as UBL 2.1 in the form of Peppol BIS Billing 3.0, written from
its EN 16931 reading (`documents.en16931`), the same figures the CII carries.

Pure: domain objects in, bytes out. Peppol BIS and the French CTC rules ask for different things
in places (the business process in ProfileID, one note or three, electronic address schemes):
this document follows Peppol BIS, and the CII is the French CTC document
(docs/decisions/0016-ubl-peppol.md). Elements are written in the order the UBL XSD sets.
"""

from datetime import date
from decimal import Decimal

from lxml import etree

from billbook.documents import en16931
from billbook.documents.en16931 import Address, EInvoice, Line, Party, PaymentMeans, VatBreakdown
from billbook.domain.invoices import IssuedInvoice

NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
INVOICE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
# BT-24 and BT-23 of Peppol BIS Billing 3.0 (rules PEPPOL-EN16931-R004 and R007).
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
# Peppol addresses a French company by its SIREN under ICD 0002 (SIRENE): the Peppol release at
# hand does not know the French directory's scheme 0225, which takes the same SIREN.
PEPPOL_SCHEMES = {en16931.FRENCH_DIRECTORY_SCHEME: en16931.SIREN_SCHEME}
PRICE_SLACK = Decimal("0.02")  # PEPPOL-EN16931-R120's tolerance


def invoice_ubl(issued: IssuedInvoice, *, credited_number: str | None = None,
                credited_on: date | None = None) -> bytes:
    """The Peppol BIS UBL XML of an issued invoice or credit note."""
    return write(en16931.e_invoice(issued, credited_number=credited_number, credited_on=credited_on))


def write(invoice: EInvoice) -> bytes:
    credit_note = invoice.type_code == en16931.CREDIT_NOTE_TYPE
    kind = "CreditNote" if credit_note else "Invoice"
    namespace = CREDIT_NOTE_NAMESPACE if credit_note else INVOICE_NAMESPACE
    root = etree.Element(f"{{{namespace}}}{kind}", nsmap={None: namespace, **NAMESPACES})
    _add(root, "cbc:CustomizationID", CUSTOMIZATION)
    _add(root, "cbc:ProfileID", PROFILE)
    _add(root, "cbc:ID", invoice.number)
    _add(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    # A UBL credit note has no due date of its own: BT-9 goes with its payment means.
    if invoice.due_date and not credit_note:
        _add(root, "cbc:DueDate", invoice.due_date.isoformat())
    _add(root, f"cbc:{kind}TypeCode", invoice.type_code)
    if invoice.notes:
        # Peppol BIS allows one note (PEPPOL-EN16931-R002): the French mentions and the invoice's
        # own note share it, a line each.
        _add(root, "cbc:Note", "\n".join(text for _, text in invoice.notes))
    _add(root, "cbc:DocumentCurrencyCode", invoice.currency)
    if invoice.tax_in_euros is not None:
        _add(root, "cbc:TaxCurrencyCode", en16931.TAX_CURRENCY)
    if invoice.purchase_order:
        _add(_add(root, "cac:OrderReference"), "cbc:ID", invoice.purchase_order)
    else:
        # Peppol wants a buyer reference or an order (PEPPOL-EN16931-R003); Billbook keeps no
        # reference of the buyer's, and the invoice's number is the one both sides know.
        _add(root, "cbc:BuyerReference", invoice.number)
    if invoice.credited_number:
        reference = _add(_add(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _add(reference, "cbc:ID", invoice.credited_number)
        if invoice.credited_on:
            _add(reference, "cbc:IssueDate", invoice.credited_on.isoformat())
    _party(_add(root, "cac:AccountingSupplierParty"), invoice.seller)
    _party(_add(root, "cac:AccountingCustomerParty"), invoice.buyer)
    _delivery(root, invoice)
    for position, means in enumerate(invoice.payment_means):
        due_date = invoice.due_date if credit_note and position == 0 else None
        _payment_means(root, means, invoice.number, due_date)
    if invoice.payment_terms:
        _add(_add(root, "cac:PaymentTerms"), "cbc:Note", invoice.payment_terms)
    _tax_total(root, invoice)
    _totals(root, invoice)
    for line in invoice.lines:
        _line(root, line, kind, invoice.currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def peppol_address(party: Party) -> tuple[str, str] | None:
    """The party's electronic address (BT-34, BT-49) in a scheme Peppol knows: the French
    directory's SIREN under SIRENE's code, and a VAT number rather than an email address. An email
    address without a VAT number stays as it is: Peppol has no scheme for one (its schematron says
    so), and it is still where the buyer takes e-invoices."""
    if not party.electronic_address:
        return None
    scheme, identifier = party.electronic_address
    if scheme == en16931.EMAIL_SCHEME and party.vat_id:
        vat_scheme = en16931.VAT_ADDRESS_SCHEMES.get(party.vat_id[:2].upper())
        if vat_scheme:
            return vat_scheme, party.vat_id.upper()
    return PEPPOL_SCHEMES.get(scheme, scheme), identifier


def _party(parent: etree._Element, party: Party) -> None:
    element = _add(parent, "cac:Party")
    address = peppol_address(party)
    if address:
        _add(element, "cbc:EndpointID", address[1], schemeID=address[0])
    _address(_add(element, "cac:PostalAddress"), party.address)
    if party.vat_id:
        tax_scheme = _add(element, "cac:PartyTaxScheme")
        _add(tax_scheme, "cbc:CompanyID", party.vat_id)
        _add(_add(tax_scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(element, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", party.name)
    if party.siren:
        _add(legal, "cbc:CompanyID", party.siren, schemeID=en16931.SIREN_SCHEME)


def _address(element: etree._Element, address: Address) -> None:
    for tag, value in (("StreetName", address.line_one), ("AdditionalStreetName", address.line_two),
                       ("CityName", address.city), ("PostalZone", address.postcode),
                       ("CountrySubentity", address.subdivision)):
        if value:
            _add(element, f"cbc:{tag}", str(value))
    _add(_add(element, "cac:Country"), "cbc:IdentificationCode", address.country)


def _delivery(root: etree._Element, invoice: EInvoice) -> None:
    # Billbook keeps no delivery date apart from the issue date, the tax point of a supply of
    # services; intra-Community supplies must state one (BR-IC-11) and where to (BR-IC-12).
    delivery = _add(root, "cac:Delivery")
    _add(delivery, "cbc:ActualDeliveryDate", invoice.issue_date.isoformat())
    if invoice.delivery_country:
        location = _add(_add(delivery, "cac:DeliveryLocation"), "cac:Address")
        _add(_add(location, "cac:Country"), "cbc:IdentificationCode", invoice.delivery_country)


def _payment_means(root: etree._Element, means: PaymentMeans, reference: str, due_date: date | None) -> None:
    element = _add(root, "cac:PaymentMeans")
    _add(element, "cbc:PaymentMeansCode", means.code, **({"name": means.information} if means.information else {}))
    if due_date:
        _add(element, "cbc:PaymentDueDate", due_date.isoformat())
    _add(element, "cbc:PaymentID", reference)
    if means.iban:
        account = _add(element, "cac:PayeeFinancialAccount")
        _add(account, "cbc:ID", means.iban)
        if means.account_name:
            _add(account, "cbc:Name", means.account_name)
        if means.bic:
            _add(_add(account, "cac:FinancialInstitutionBranch"), "cbc:ID", means.bic)


def _tax_total(root: etree._Element, invoice: EInvoice) -> None:
    total = _add(root, "cac:TaxTotal")
    _amount(total, "cbc:TaxAmount", invoice.tax, invoice.currency)
    for breakdown in invoice.breakdown:
        _subtotal(total, breakdown, invoice.currency)
    # BT-111: the VAT in the tax currency, a total of its own without breakdown (PEPPOL-EN16931-R054).
    if invoice.tax_in_euros is not None:
        _amount(_add(root, "cac:TaxTotal"), "cbc:TaxAmount", invoice.tax_in_euros, en16931.TAX_CURRENCY)


def _subtotal(total: etree._Element, breakdown: VatBreakdown, currency: str) -> None:
    subtotal = _add(total, "cac:TaxSubtotal")
    _amount(subtotal, "cbc:TaxableAmount", breakdown.basis, currency)
    _amount(subtotal, "cbc:TaxAmount", breakdown.tax, currency)
    category = _tax_category(subtotal, "cac:TaxCategory", breakdown.category, breakdown.rate, close=False)
    if breakdown.exemption_code:
        _add(category, "cbc:TaxExemptionReasonCode", breakdown.exemption_code)
    if breakdown.exemption_reason:
        _add(category, "cbc:TaxExemptionReason", breakdown.exemption_reason)
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _totals(root: etree._Element, invoice: EInvoice) -> None:
    totals = _add(root, "cac:LegalMonetaryTotal")
    for tag, cents in (("LineExtensionAmount", invoice.line_total), ("TaxExclusiveAmount", invoice.tax_basis),
                       ("TaxInclusiveAmount", invoice.grand_total), ("PayableAmount", invoice.due)):
        _amount(totals, f"cbc:{tag}", cents, invoice.currency)


def _line(root: etree._Element, line: Line, kind: str, currency: str) -> None:
    element = _add(root, f"cac:{kind}Line")
    _add(element, "cbc:ID", line.id)
    quantity = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    _add(element, f"cbc:{quantity}", _decimal(line.quantity), unitCode=en16931.UNIT)
    _amount(element, "cbc:LineExtensionAmount", line.net, currency)
    item = _add(element, "cac:Item")
    if line.description:
        _add(item, "cbc:Description", line.description)
    _add(item, "cbc:Name", line.name)
    _tax_category(item, "cac:ClassifiedTaxCategory", line.category, line.rate)
    price = _add(element, "cac:Price")
    net = Decimal(line.net) / 100
    # Peppol checks quantity × price against the line's amount to within 0.02 (PEPPOL-EN16931-R120);
    # past a few hundred units a price rounded to 4 decimals misses, so such a line states the
    # price of its whole quantity instead (BT-149, the price base quantity).
    if abs(line.quantity * line.net_price - net) <= PRICE_SLACK:
        _add(price, "cbc:PriceAmount", _decimal(line.net_price), currencyID=currency)
    else:
        _add(price, "cbc:PriceAmount", _decimal(net.quantize(Decimal("0.01"))), currencyID=currency)
        _add(price, "cbc:BaseQuantity", _decimal(line.quantity), unitCode=en16931.UNIT)


def _tax_category(parent: etree._Element, tag: str, category: str, rate: Decimal | None,
                  close: bool = True) -> etree._Element:
    """A VAT category and its rate (none out of the scope of VAT, BR-O-05); `close` adds the tax
    scheme that ends it, left to the caller when an exemption reason goes before it."""
    element = _add(parent, tag)
    _add(element, "cbc:ID", category)
    if rate is not None:
        _add(element, "cbc:Percent", _decimal(rate))
    if close:
        _add(_add(element, "cac:TaxScheme"), "cbc:ID", "VAT")
    return element


def _amount(parent: etree._Element, tag: str, cents: int, currency: str) -> etree._Element:
    return _add(parent, tag, str((Decimal(cents) / 100).quantize(Decimal("0.01"))), currencyID=currency)


def _decimal(value: Decimal) -> str:
    """A quantity, price or rate as the model gives it, in plain notation (never 1E+1)."""
    return format(value, "f")


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NAMESPACES[prefix]}}}{name}", attributes)
    element.text = text  # the EN 16931 reading holds no character XML cannot carry
    return element
