"""One invoice line taxed: who the customer is, where, which rule applies, and the amounts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.eu import vat as eu_vat

from billbook.domain.tax import lines
from billbook.domain.tax.evidence import Location
from billbook.domain.tax.lines import LineAmounts
from billbook.domain.tax.place_of_supply import (
    EXEMPT_MENTION,
    Category,
    Party,
    SupplyKind,
    TaxDecision,
    decide,
    is_business,
)
from billbook.domain.tax.rates import RateTable


@dataclass(frozen=True, slots=True)
class Customer:
    """What the tax engine needs to know of a customer."""
    billing_country: str
    postal_code: str | None = None
    business_type: str = "B2C"
    vat_number: str | None = None


@dataclass(frozen=True, slots=True)
class TaxedLine:
    amounts: LineAmounts
    decision: TaxDecision
    rate_overridden: bool = False


def valid_vat_number(customer: Customer) -> str | None:
    """The customer's VAT number when it makes them a business for VAT: declared B2B and the
    number passes the EU checks (offline: format and checksum)."""
    if customer.business_type != "B2B" or not customer.vat_number:
        return None
    return eu_vat.compact(customer.vat_number) if eu_vat.is_valid(customer.vat_number) else None


def business_type(customer: Customer) -> str:
    """What the invoice records the customer as: B2B when a business for VAT (a valid VAT number,
    or declared B2B outside the EU), B2C otherwise."""
    return "B2B" if is_business(_billed(customer)) else "B2C"


def _billed(customer: Customer) -> Party:
    """The customer where their billing address is, as the place-of-supply rules see them."""
    return Party(customer.billing_country, customer.postal_code, valid_vat_number(customer),
                 declared_business=customer.business_type == "B2B")


def tax_line(*, supplier: Party, customer: Customer, location: Location, supply: SupplyKind, on: date,
             rates: RateTable, threshold_exceeded: bool, amount: int, tax_included: bool,
             rate_override: Decimal | None = None) -> TaxedLine:
    """Tax one line. A consumer of e-services is taxed where the evidence places them; a business
    (a valid VAT number, or declared B2B outside the EU) and anyone buying anything else, where their
    billing address is. A rate given on the line wins over the computed one."""
    billed = _billed(customer)
    if supply is SupplyKind.ESERVICE and not is_business(billed):
        # The postal code only describes the billing address's country.
        postal_code = customer.postal_code if location.country == customer.billing_country else None
        party = Party(location.country, postal_code)
    else:
        party = billed
    decision = decide(supplier, party, supply, on, rates, threshold_exceeded)
    if rate_override is not None and rate_override != decision.rate:
        decision = _overridden(decision, rate_override, party.country)
    rate = decision.rate
    amounts = lines.from_tax_included(amount, rate) if tax_included else lines.from_tax_excluded(amount, rate)
    return TaxedLine(amounts, decision, rate_override is not None)


def _overridden(decision: TaxDecision, rate: Decimal, customer_country: str) -> TaxDecision:
    """The seller's own rate. A positive one is standard rated; zero keeps a computed exemption
    (reverse charge, export…) or, on a taxed line, makes it exempt (EN 16931 BR-S-05: a standard
    rated line has a rate above zero)."""
    rule = decision.rule + "; rate set on the line"
    if rate > 0:
        return TaxDecision(rate, Category.STANDARD, decision.declare_in or customer_country, None, rule)
    if decision.category is Category.STANDARD:
        return TaxDecision(rate, Category.EXEMPT, decision.declare_in, EXEMPT_MENTION, rule)
    return TaxDecision(rate, decision.category, decision.declare_in, decision.mention, rule)
