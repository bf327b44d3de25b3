"""An issued invoice or credit note in the terms of EN 16931, the European semantic model of an
invoice, whatever the syntax that writes it (CII for Factur-X, UBL for Peppol): its business terms
(BT-…) worked out once from the snapshots taken when it was issued.

Amounts are in cents, as the ledger keeps them; the syntaxes write them in major units. Both
syntaxes carry the same figures, so an invoice reads the same through either.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import tva

from billbook.domain.invoices import CREDIT_NOTE, InvoiceLine, IssuedInvoice

# BT-3: UNTDID 1001 commercial invoice and credit note.
INVOICE_TYPE, CREDIT_NOTE_TYPE = "380", "381"
# BT-23 (French CTC): the billing framework, S1 being "services, invoice submitted" (dépôt d'une
# facture, as against S2, an invoice already paid, or the deposit and sub-contracting frames).
# Billbook sells services and records payments apart from the document, so every document it
# issues is S1.
BILLING_FRAMEWORK = "S1"
# BT-130: UN/ECE Recommendation 20 "one" (Billbook lines carry quantities without units).
UNIT = "C62"
# ISO 6523 ICD 0002 is the French SIRENE register (BT-30, BT-47).
SIREN_SCHEME = "0002"
# Electronic address schemes (EAS, BT-34-1 and BT-49-1): the French e-invoicing directory, which
# addresses a company by its SIREN, and an email address.
FRENCH_DIRECTORY_SCHEME, EMAIL_SCHEME = "0225", "EM"
# EAS codes of VAT numbers, for a party with neither SIREN nor email address.
VAT_ADDRESS_SCHEMES = {
    "AT": "9914", "BE": "9925", "BG": "9926", "CY": "9928", "CZ": "9929", "DE": "9930", "EE": "9931",
    "ES": "9920", "FR": "9957", "GR": "9933", "EL": "9933", "HR": "9934", "HU": "9910", "IE": "9935",
    "LT": "9937", "LU": "9938", "LV": "9939", "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946",
    "RO": "9947", "SI": "9949", "SK": "9950",
}
# The tax currency (BT-6) of invoices in another currency: France wants their VAT in euros
# (CGI art. 242 nonies A; rule BR-FR-CO-12).
TAX_CURRENCY = "EUR"

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# BT-121: the VATEX code of each untaxed category, where one fits every case of it.
EXEMPTION_CODES = {"AE": "VATEX-EU-AE", "K": "VATEX-EU-IC", "G": "VATEX-EU-G", "O": "VATEX-EU-O"}
# BT-120 when a line carries no mention of its own (older lines, or an overridden rate).
EXEMPTION_REASONS = {"AE": "Reverse charge", "K": "Intra-Community supply", "G": "Export outside the EU",
                     "O": "Not subject to VAT", "E": "Exempt from VAT"}
# BT-81: UNTDID 4461 codes for the account's payment modes.
PAYMENT_MEANS = {"transfer": "58", "check": "20", "stripe": "48"}

# BT-22 notes French law asks an invoice between businesses to carry (Code de commerce L441-9,
# L441-10, D441-5), as the PDF prints them; the French CTC rules want the three on every document
# of a French seller (BR-FR-05), so a consumer's says they do not apply.
FRENCH_NOTES = (
    ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 EUR."),
    ("PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
    ("AAB", "Pas d'escompte pour paiement anticipé."),
)
FRENCH_CONSUMER_NOTES = (
    ("PMT", "Indemnité forfaitaire pour frais de recouvrement : sans objet, client non professionnel."),
    ("PMD", "Pénalités de retard : sans objet, client non professionnel."),
    ("AAB", "Pas d'escompte pour paiement anticipé."),
)


@dataclass(frozen=True, slots=True)
class Address:
    """BG-5 / BG-8: only what is known is set."""
    line_one: str | None
    line_two: str | None
    postcode: str | None
    city: str | None
    country: str  # "" when unknown: the XML then names what is missing
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """The seller (BG-4) or the buyer (BG-7)."""
    name: str
    address: Address
    siren: str | None = None  # BT-30 / BT-47, scheme 0002
    vat_id: str | None = None  # BT-31 / BT-48, left out when out of the scope of VAT (BR-O-02)
    electronic_address: tuple[str, str] | None = None  # BT-34 / BT-49: (scheme, identifier)


@dataclass(frozen=True, slots=True)
class Line:
    """BG-25. `net_price` (BT-146) is after the line's discount, so that quantity × price is the
    line's net amount (BT-131)."""
    id: str
    name: str
    description: str | None
    quantity: Decimal
    net_price: Decimal
    category: str
    rate: Decimal | None  # None out of the scope of VAT (BR-O-05)
    net: int


@dataclass(frozen=True, slots=True)
class VatBreakdown:
    """BG-23: one per category and rate."""
    category: str
    rate: Decimal | None
    basis: int
    tax: int
    exemption_code: str | None = None  # BT-121
    exemption_reason: str | None = None  # BT-120


@dataclass(frozen=True, slots=True)
class PaymentMeans:
    """BG-16, and the credit transfer account (BG-17) when the mode has one."""
    code: str
    information: str | None
    iban: str | None = None
    account_name: str | None = None
    bic: str | None = None


@dataclass(frozen=True, slots=True)
class EInvoice:
    number: str  # BT-1
    type_code: str  # BT-3
    issue_date: date  # BT-2, also the delivery date (BT-72)
    currency: str  # BT-5
    framework: str  # BT-23
    notes: tuple[tuple[str, str], ...]  # BG-1: (subject code, text)
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    breakdown: tuple[VatBreakdown, ...]
    tax_basis: int  # BT-109
    tax: int  # BT-110
    grand_total: int  # BT-112
    payment_means: tuple[PaymentMeans, ...] = ()
    payment_terms: str | None = None  # BT-20
    due_date: date | None = None  # BT-9
    purchase_order: str | None = None  # BT-13
    credited_number: str | None = None  # BT-25
    credited_on: date | None = None  # BT-26
    delivery_country: str | None = None  # BT-80, which intra-Community supplies must state
    tax_in_euros: int | None = None  # BT-111, in TAX_CURRENCY (BT-6), for an invoice in another currency

    @property
    def line_total(self) -> int:
        """BT-106: the sum of the lines' net amounts."""
        return sum(line.net for line in self.lines)

    @property
    def due(self) -> int:
        """BT-115: the document as issued, all of it; what was paid since belongs to the ledger."""
        return self.grand_total


def e_invoice(issued: IssuedInvoice, *, credited_number: str | None = None,
              credited_on: date | None = None) -> EInvoice:
    """The EN 16931 reading of an issued invoice or credit note (amounts positive in both, as the
    standard wants; a credit note names the invoice it corrects)."""
    return _xml_safe(_reading(issued, credited_number, credited_on))


def _reading(issued: IssuedInvoice, credited_number: str | None, credited_on: date | None) -> EInvoice:
    invoice = issued.invoice
    # An invoice out of the scope of VAT names no VAT identifier at all (BR-O-02).
    with_vat_ids = not any(line.tax_category == "O" for line in invoice.lines)
    lines = sorted(invoice.lines, key=lambda line: line.position)
    rate = euro_rate(invoice.evidence) if invoice.currency != TAX_CURRENCY else None
    return EInvoice(
        number=invoice.number or "", type_code=CREDIT_NOTE_TYPE if invoice.kind == CREDIT_NOTE else INVOICE_TYPE,
        issue_date=invoice.issue_date, currency=invoice.currency, framework=BILLING_FRAMEWORK,
        notes=_french_notes(invoice) + ((("AAI", invoice.notes),) if invoice.notes else ()),
        seller=seller(invoice.supplier, with_vat_ids), buyer=buyer(invoice.customer, issued.customer, with_vat_ids),
        lines=tuple(_line(position, line) for position, line in enumerate(lines, start=1)),
        breakdown=tuple(_breakdown(category, rate_, group) for (category, rate_), group in _groups(lines).items()),
        tax_basis=invoice.extratax, tax=invoice.tax, grand_total=invoice.gross,
        payment_means=tuple(_payment_means(issued)), payment_terms=invoice.payment_terms, due_date=invoice.due_date,
        purchase_order=invoice.purchase_order, credited_number=credited_number,
        credited_on=credited_on if credited_number else None,
        delivery_country=(invoice.customer.get("country") or None)
        if any(line.tax_category == "K" for line in lines) else None,
        tax_in_euros=in_euros(invoice.tax, rate) if rate else None)


def seller(supplier: dict[str, Any], with_vat_id: bool = True) -> Party:
    found = siren(supplier.get("siret"))
    return Party(
        name=supplier.get("name") or "",
        address=Address(supplier.get("address"), None, supplier.get("zip_code"), supplier.get("city"),
                        supplier.get("country") or ""),
        siren=found, vat_id=supplier.get("vat_number") if with_vat_id else None,
        electronic_address=electronic_address(found, None, supplier.get("vat_number")))


def buyer(snapshot: dict[str, Any], current: Any = None, with_vat_id: bool = True) -> Party:
    """The buyer as issued. Older snapshots hold no email address: the customer's present one
    stands in for it."""
    vat_number = valid_vat_number(snapshot.get("vat_number"))
    found = buyer_siren(snapshot.get("country"), vat_number)
    email = snapshot.get("email") if "email" in snapshot else getattr(current, "email", None)
    return Party(
        name=snapshot.get("name") or "",
        address=Address(snapshot.get("address_line1"), snapshot.get("address_line2"), snapshot.get("zip"),
                        snapshot.get("city"), snapshot.get("country") or "", snapshot.get("state")),
        siren=found, vat_id=vat_number if with_vat_id else None,
        electronic_address=electronic_address(found, email, vat_number))


def siren(siret: Any) -> str | None:
    """A French company's SIREN: the first nine digits of its SIRET."""
    digits = re.sub(r"\D", "", str(siret or ""))
    return digits[:9] if len(digits) >= 9 else None


def valid_vat_number(number: str | None) -> str | None:
    """An EU VAT number as EN 16931 wants it (BR-CO-09: compact, behind its country's prefix);
    None for one that fails the EU checks, which the tax engine did not rely on either."""
    return eu_vat.compact(number) if number and eu_vat.is_valid(number) else None


def buyer_siren(country: str | None, vat_number: str | None) -> str | None:
    """A French business customer's SIREN, read from its VAT number (FR, a two-character key,
    then the SIREN)."""
    if country != "FR" or not vat_number or not tva.is_valid(vat_number):
        return None
    try:
        return tva.to_siren(vat_number)
    except ValidationError:  # a number of Monaco's, which has no SIREN
        return None


def electronic_address(siren_: str | None, email: str | None, vat_number: str | None) -> tuple[str, str] | None:
    """Where e-invoices reach a party: its SIREN in the French directory, else its email address,
    else its VAT number."""
    if siren_:
        return FRENCH_DIRECTORY_SCHEME, siren_
    if email:
        return EMAIL_SCHEME, email
    if vat_number and vat_number[:2].upper() in VAT_ADDRESS_SCHEMES:
        return VAT_ADDRESS_SCHEMES[vat_number[:2].upper()], vat_number.upper()
    return None


def euro_rate(evidence: dict[str, Any]) -> Decimal | None:
    """The euro rate kept with an invoice in another currency when it was issued."""
    kept = (evidence or {}).get("euro_rate")
    return Decimal(kept["rate"]) if kept and kept.get("rate") else None


def in_euros(cents: int, rate: Decimal) -> int:
    """An amount in another currency, in euro cents at `rate` units of it for one euro."""
    return int((Decimal(cents) / rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _french_notes(invoice: Any) -> tuple[tuple[str, str], ...]:
    if invoice.supplier.get("country") != "FR":
        return ()
    return FRENCH_NOTES if invoice.business_type == "B2B" else FRENCH_CONSUMER_NOTES


def _line(position: int, line: InvoiceLine) -> Line:
    # Four decimals at most (French rule BR-FR-DEC-02), and no needless trailing zeros; a line of
    # no quantity, or one too small to write, states its whole amount as one unit.
    quantity = _plain(line.quantity.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
    if quantity <= 0:
        quantity = Decimal(1)
    return Line(id=str(position), name=line.name, description=line.description or None, quantity=quantity,
                net_price=(Decimal(line.extratax) / 100 / quantity).quantize(Decimal("0.0001")),
                category=line.tax_category, rate=None if line.tax_category == "O" else _rate(line),
                net=line.extratax)


def _groups(lines: list[InvoiceLine]) -> dict[tuple[str, Decimal], list[InvoiceLine]]:
    groups: dict[tuple[str, Decimal], list[InvoiceLine]] = defaultdict(list)
    for line in lines:
        groups[(line.tax_category, _rate(line))].append(line)
    return groups


def _breakdown(category: str, rate: Decimal, lines: list[InvoiceLine]) -> VatBreakdown:
    reason = None
    if category != "S":
        mentions = list(dict.fromkeys(line.mention for line in lines if line.mention))
        reason = "; ".join(mentions) or EXEMPTION_REASONS.get(category, "Exempt from VAT")
    return VatBreakdown(category=category, rate=None if category == "O" else rate,
                        basis=sum(line.extratax for line in lines), tax=sum(line.tax for line in lines),
                        exemption_code=EXEMPTION_CODES.get(category), exemption_reason=reason)


def _payment_means(issued: IssuedInvoice) -> list[PaymentMeans]:
    """The modes the invoice names, in its order (all the account's when it names none), of one
    kind: EN 16931 gives every payment means of an invoice the same code (CII-SR-467). A credit
    transfer is preferred, as it names the account to pay into; the PDF still shows every mode."""
    ids = issued.invoice.payable_by or list(issued.payment_modes)
    means = []
    for mode in (issued.payment_modes[mode_id] for mode_id in ids if mode_id in issued.payment_modes):
        means.append(PaymentMeans(
            code=PAYMENT_MEANS.get(mode.type, "1"), information=mode.name,
            iban=mode.iban.replace(" ", "") if mode.iban else None,
            account_name=(issued.invoice.supplier.get("name") or None) if mode.iban else None,
            bic=mode.bic or None))
    codes = [found.code for found in means]
    kept = PAYMENT_MEANS["transfer"] if PAYMENT_MEANS["transfer"] in codes else codes[0] if codes else None
    means = [found for found in means if found.code == kept]
    # One text (BT-82) at most for all of them (CII-SR-468, UBL-SR-46).
    return means if len(means) == 1 else [replace(found, information=None) for found in means]


def _xml_safe(value: Any) -> Any:
    """The value with every character XML 1.0 cannot carry taken out of its texts (the API refuses
    only NUL, so a name may hold another control character)."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, tuple):
        return tuple(_xml_safe(item) for item in value)
    if is_dataclass(value):
        return replace(value, **{field_.name: _xml_safe(getattr(value, field_.name)) for field_ in fields(value)})
    return value


def _plain(number: Decimal) -> Decimal:
    """The number without trailing zeros, never in exponent form (2.000000 → 2, 1E+1 → 10)."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _rate(line: InvoiceLine) -> Decimal:
    return Decimal(line.vat_rate).quantize(Decimal("0.01"))
