"""What an e-invoice needs of its seller and its buyer, and what an account, its payment modes and
its customers lack of it.

The parties are read as the e-invoice reads them (`en16931.seller` and `en16931.buyer` over the
snapshots an invoice takes when it is issued), so a gap named here is a business term the XML
will lack. Rules are named by their ids in the EN 16931 and French CTC (BR-FR-…) schematrons, or
in Peppol's where only Peppol asks. The French rules apply to sellers established in France.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from billbook.documents import en16931
from billbook.documents.en16931 import Party
from billbook.domain.accounts import Account
from billbook.domain.customers import Customer
from billbook.domain.invoices import Invoice, customer_snapshot, supplier_snapshot
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.tax import engine
from billbook.domain.tax.territories import in_vat_area

FRANCE = "FR"
# BT-81 codes whose payment account (BT-84) must be given: the CII schematron checks 30 and 58.
CREDIT_TRANSFERS = frozenset({"30", "58"})
EN16931_SCHEMATRONS = ("en16931",)
FRENCH_SCHEMATRONS = ("en16931", "fr-ctc")


@dataclass(frozen=True, slots=True)
class Gap:
    """One business term an e-invoice needs of a party and will not get."""
    term: str  # the business term, e.g. "BT-30"
    label: str
    rules: tuple[str, ...]  # the rules that fail without it; none for a recommended term
    field: str | None  # what to set: a field of the account, the customer or the payment mode; None: nothing can
    needed_for: str
    required: bool = True  # False: recommended, the invoice passes without it
    subject: str | None = None  # what the gap is about when not the party itself (a payment mode)


@dataclass(frozen=True, slots=True)
class Named:
    """A customer as a report names it."""
    id: int
    number: str
    name: str | None


@dataclass(slots=True)
class GapGroup:
    """The customers that share one gap: how many, and the first few."""
    gap: Gap
    count: int = 0
    examples: list[Named] = field(default_factory=list)


def seller_party(account: Account) -> Party:
    return en16931.seller(supplier_snapshot(account))


def french(seller: Party) -> bool:
    return seller.address.country == FRANCE


def schematrons_for(seller: Party) -> tuple[str, ...]:
    """The schematrons an invoice of this seller must pass."""
    return FRENCH_SCHEMATRONS if french(seller) else EN16931_SCHEMATRONS


def seller_gaps(account: Account) -> list[Gap]:
    """What the account's invoices will lack of their seller (BG-4)."""
    seller = seller_party(account)
    address = seller.address
    in_eu = in_vat_area(address.country, address.postcode)
    gaps = []
    if not seller.name:
        gaps.append(Gap("BT-27", "Seller name", ("BR-06",), "name", "Every invoice names its seller."))
    if not address.country:
        gaps.append(Gap("BT-40", "Seller country code", ("BR-09",), "country",
                        "The seller's postal address must name its country."))
    for term, label, value, name in (("BT-35", "Seller address line", address.line_one, "address_line1"),
                                     ("BT-37", "Seller city", address.city, "city"),
                                     ("BT-38", "Seller post code", address.postcode, "zip")):
        if not value:
            gaps.append(Gap(term, label, (), name, "Recommended by EN 16931; French law asks every invoice to "
                            "print the seller's address (CGI annex II art. 242 nonies A).", required=False))
    if in_eu and not seller.vat_id:
        gaps.append(Gap("BT-31", "Seller VAT identifier", ("BR-S-02", "BR-AE-02", "BR-IC-02"), "vat_number",
                        "Standard-rated, reverse-charged and intra-Community invoices name the seller's VAT "
                        "number."))
    gaps += _identification_gaps(seller, in_eu)
    if seller.electronic_address is None:
        if french(seller):
            gaps.append(Gap("BT-34", "Seller electronic address", ("BR-FR-13",), "siret",
                            "French e-invoices reach the seller at its SIREN, or else its VAT number."))
        else:
            gaps.append(Gap("BT-34", "Seller electronic address", ("PEPPOL-EN16931-R020",), "vat_number",
                            "Peppol reaches the seller at its electronic address: its VAT number here.",
                            required=False))
    return gaps


def _identification_gaps(seller: Party, in_eu: bool) -> list[Gap]:
    """BR-CO-26 wants the seller identified by its SIREN (BT-30) or its VAT number (BT-31). The
    SIREN is read from a SIRET, which only French sellers have: a seller in another member state is
    identified by its VAT number, asked for above. One outside the EU without a VAT number has
    nothing to be identified by, and no detail of the account can give it one."""
    if seller.siren:
        return []
    if french(seller):
        return [Gap("BT-30", "Seller legal registration identifier (SIREN)", ("BR-FR-10", "BR-CO-26"), "siret",
                    "French e-invoices identify the seller by its SIREN, the first nine digits of its SIRET.")]
    if in_eu or seller.vat_id:
        return []
    return [Gap("BT-30", "Seller legal registration identifier", ("BR-CO-26",), None,
                "A seller outside the EU without a VAT number has nothing its e-invoices can identify it by "
                "(only French sellers have the SIREN that would do), so they break BR-CO-26: a rule it cannot "
                "meet, and no detail of the account can change that.", required=False)]


def euro_rate_gaps(invoice: Invoice) -> list[Gap]:
    """What an issued document in another currency lacks when no euro rate was kept with it (it
    was issued before rates were kept, or the ECB quoted none for its currency near its date): a
    French seller's e-invoice states its VAT in euros too (BT-6, BT-111), at that rate. An issued
    document cannot change, so there is nothing to set."""
    if (invoice.currency == en16931.TAX_CURRENCY or not french(en16931.seller(invoice.supplier))
            or en16931.euro_rate(invoice.evidence) is not None):
        return []
    return [Gap("BT-111", "Invoice total VAT amount in accounting currency", ("BR-FR-CO-12",), None,
                f"Issued in {invoice.currency} with no euro rate kept, so its VAT in euros cannot be stated. "
                "Documents in euros, or in a currency the ECB quotes on their date, get one when issued.")]


def payment_mode_gaps(modes: Iterable[PaymentMode]) -> list[Gap]:
    """Credit transfers without the account to pay into (BT-84): every invoice naming the mode,
    and every invoice naming none (they show all of the account's modes), lacks it."""
    return [Gap("BT-84", "Payment account identifier (IBAN)", ("BR-61", "CII-SR-470"), "iban",
                "A credit transfer names the account to pay into.", subject=f"{mode.public_id} ({mode.name})")
            for mode in modes
            if en16931.PAYMENT_MEANS.get(mode.type) in CREDIT_TRANSFERS and not mode.iban]


def buyer_gaps(customer: Customer, seller: Party) -> list[Gap]:
    """What an invoice of `seller` to this customer will lack of its buyer (BG-7)."""
    buyer = en16931.buyer(customer_snapshot(customer), customer)
    country = buyer.address.country
    business = customer.business_type == "B2B"
    gaps = []
    if not buyer.name:
        gaps.append(Gap("BT-44", "Buyer name", ("BR-07",), "name", "Every invoice names its buyer."))
    if not country:
        gaps.append(Gap("BT-55", "Buyer country code", ("BR-11",), "country",
                        "The buyer's postal address must name its country."))
    if business and _across_an_eu_border(seller, customer) and not _valid_vat_number(customer):
        gaps.append(Gap("BT-48", "Buyer VAT identifier", ("BR-AE-02", "BR-IC-02"), "vat_number",
                        "A business in another member state is reverse-charged only on its valid EU VAT number; "
                        "without one it is charged VAT as a consumer."))
    if business and french(seller) and country == FRANCE and not buyer.siren:
        gaps.append(Gap("BT-47", "Buyer legal registration identifier (SIREN)", ("BR-FR-11", "BR-FR-21"),
                        "vat_number", "A French business buyer is identified and reached by its SIREN, read from "
                        "its French VAT number."))
    if buyer.electronic_address is None:
        if french(seller):
            gaps.append(Gap("BT-49", "Buyer electronic address", ("BR-FR-12",), "email",
                            "French e-invoices name where they reach the buyer: its SIREN (from a French VAT "
                            "number), else its email address, else its EU VAT number."))
        else:
            gaps.append(Gap("BT-49", "Buyer electronic address", ("PEPPOL-EN16931-R010",), "email",
                            "Peppol reaches the buyer at its email address or EU VAT number.", required=False))
    return gaps


def _across_an_eu_border(seller: Party, customer: Customer) -> bool:
    return (in_vat_area(seller.address.country, seller.address.postcode)
            and in_vat_area(customer.country, customer.postal_code) and customer.country != seller.address.country)


def _valid_vat_number(customer: Customer) -> bool:
    """As the tax engine reads it when it decides on a reverse charge."""
    party = engine.Customer(customer.country or "", customer.postal_code, customer.business_type, customer.tax_id)
    return engine.valid_vat_number(party) is not None


class BuyerTally:
    """Customers' gaps grouped by gap: a count and the first `examples` customers of each, so an
    account with many customers gets a bounded answer."""

    def __init__(self, examples: int):
        self.examples = examples
        self.checked = 0
        self._groups: dict[Gap, GapGroup] = {}

    def add(self, customer: Customer, gaps: Iterable[Gap]) -> None:
        self.checked += 1
        for gap in gaps:
            group = self._groups.setdefault(gap, GapGroup(gap))
            group.count += 1
            if len(group.examples) < self.examples:
                group.examples.append(Named(customer.id, customer.number, customer.name))

    def groups(self) -> list[GapGroup]:
        """Required gaps first, then the most common."""
        return sorted(self._groups.values(), key=lambda group: (not group.gap.required, -group.count, group.gap.term))
