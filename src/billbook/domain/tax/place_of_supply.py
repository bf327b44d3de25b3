"""Which country's VAT applies to a supply, at what rate, and what the invoice must say.

The decision table of shared/reference/eu-vat.md (Dir. 2006/112/EC arts. 44, 45, 58, 59c, 138,
146, 196), row by row.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from billbook.domain.tax.rates import STANDARD, RateTable
from billbook.domain.tax.territories import in_vat_area

ZERO = Decimal("0")


class SupplyKind(str, Enum):
    GOODS = "goods"
    ESERVICE = "eservice"  # telecom, broadcasting, electronically supplied services
    SERVICES = "services"


class Category(str, Enum):
    """EN 16931 VAT category codes."""
    STANDARD = "S"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    OUT_OF_SCOPE = "O"
    EXEMPT = "E"


REVERSE_CHARGE_MENTION = "Reverse charge: VAT to be accounted for by the customer (Art. 196 Directive 2006/112/EC)"
INTRA_COMMUNITY_MENTION = "VAT exempt intra-Community supply of goods (Art. 138 Directive 2006/112/EC)"
EXPORT_MENTION = "VAT exempt export (Art. 146 Directive 2006/112/EC)"
OUT_OF_SCOPE_MENTION = "Not subject to VAT (Art. 44 Directive 2006/112/EC)"
EXEMPT_MENTION = "VAT exempt"


@dataclass(frozen=True, slots=True)
class Party:
    country: str
    postal_code: str | None = None
    vat_number: str | None = None  # a number already found valid; None when there is none
    # Declared a business (B2B) without a valid EU VAT number. Outside the EU that is enough: a
    # business established there has no EU number and shows its status otherwise (IR 282/2011
    # art. 18(3)). Within the EU only a valid VAT number makes a business (art. 18(1)).
    declared_business: bool = False


def is_business(party: Party) -> bool:
    """A business for VAT: a valid VAT number, or a declared business outside the EU."""
    return party.vat_number is not None or (party.declared_business and not in_vat_area(party.country,
                                                                                         party.postal_code))


@dataclass(frozen=True, slots=True)
class TaxDecision:
    rate: Decimal  # percent
    category: Category
    declare_in: str | None  # the country whose VAT it is (None when no EU VAT is due)
    mention: str | None  # what the invoice must say about it
    rule: str  # which row of the table decided, kept as evidence


def decide(supplier: Party, customer: Party, supply: SupplyKind, on: date, rates: RateTable,
           threshold_exceeded: bool = True, category: str = STANDARD) -> TaxDecision:
    """The VAT treatment of one supply. A customer is a business (B2B) with a valid VAT number, or
    outside the EU on its declaration (`is_business`); `threshold_exceeded` is the account's €10,000
    EU-wide B2C distance-sales position (art. 59c)."""
    business = is_business(customer)
    customer_in_eu = in_vat_area(customer.country, customer.postal_code)
    supplier_in_eu = in_vat_area(supplier.country, supplier.postal_code)

    def taxed_in(country: str, rule: str) -> TaxDecision:
        return TaxDecision(rates.rate(country, on, category), Category.STANDARD, country, None, rule)

    def untaxed(kind: Category, mention: str | None, rule: str) -> TaxDecision:
        return TaxDecision(ZERO, kind, None, mention, rule)

    if not supplier_in_eu:
        if customer_in_eu and not business and supply is not SupplyKind.SERVICES:
            return taxed_in(customer.country, "non-EU supplier, EU consumer: customer's country (non-Union OSS)")
        return untaxed(Category.OUT_OF_SCOPE, None, "non-EU supplier: outside the scope of EU VAT")
    if customer_in_eu and customer.country == supplier.country:
        return taxed_in(supplier.country, "domestic supply")
    if customer_in_eu:
        if business and supply is SupplyKind.GOODS:
            return untaxed(Category.INTRA_COMMUNITY, INTRA_COMMUNITY_MENTION, "intra-EU B2B goods (art. 138)")
        if business:
            return untaxed(Category.REVERSE_CHARGE, REVERSE_CHARGE_MENTION, "intra-EU B2B services (arts. 44, 196)")
        if supply is SupplyKind.SERVICES:
            return taxed_in(supplier.country, "intra-EU B2C services: supplier's country (art. 45)")
        if not threshold_exceeded:
            return taxed_in(supplier.country, "intra-EU B2C under the €10,000 threshold (art. 59c)")
        return taxed_in(customer.country, f"intra-EU B2C {supply.value}: customer's country via OSS (art. 58)")
    if supply is SupplyKind.GOODS:
        return untaxed(Category.EXPORT, EXPORT_MENTION, "export of goods (art. 146)")
    if business and customer.vat_number is None:
        # The decision keeps what the status rested on: the customer's word, not a VAT number.
        return untaxed(Category.OUT_OF_SCOPE, OUT_OF_SCOPE_MENTION, "non-EU B2B services (art. 44), business "
                       "status declared by the customer without a VAT number (IR 282/2011 art. 18(3))")
    if business:
        return untaxed(Category.OUT_OF_SCOPE, OUT_OF_SCOPE_MENTION, "non-EU B2B services (art. 44)")
    if supply is SupplyKind.ESERVICE:
        return untaxed(Category.OUT_OF_SCOPE, None, "non-EU B2C e-services (art. 58)")
    return taxed_in(supplier.country, "non-EU B2C services: supplier's country (art. 45)")
