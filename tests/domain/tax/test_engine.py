"""One line taxed end to end: who the customer is, where, which rule applies, and the amounts."""

from datetime import date
from decimal import Decimal

import pytest

from billbook.domain.tax.engine import Customer, business_type, tax_line, valid_vat_number
from billbook.domain.tax.evidence import locate
from billbook.domain.tax.lines import LineAmounts
from billbook.domain.tax.place_of_supply import Category, Party, SupplyKind
from billbook.domain.tax.rates import shipped_rates

FRENCH_IP = "137.194.15.1"  # iptocc: FR
GERMAN_IP = "194.25.134.1"  # iptocc: DE
ON = date(2026, 11, 21)

# The Octobat v1 example: a Paris company selling to a French consumer on 2015-02-08.
OCTOBAT_SUPPLIER = Party("FR", "75004", "FR60528551658")
OCTOBAT_CUSTOMER = Customer("FR", "75004", "B2C")
OCTOBAT_DAY = date(2015, 2, 8)


def tax(customer, location=None, supply=SupplyKind.ESERVICE, on=ON, amount=10000, tax_included=False,
        supplier=OCTOBAT_SUPPLIER, threshold_exceeded=True, rate_override=None):
    return tax_line(supplier=supplier, customer=customer, location=location or locate(customer.billing_country),
                    supply=supply, on=on, rates=shipped_rates(), threshold_exceeded=threshold_exceeded,
                    amount=amount, tax_included=tax_included, rate_override=rate_override)


# --- The three seed lines of the Octobat v1 example. ---

def octobat_line(amount, tax_included, rate_override=None):
    return tax(OCTOBAT_CUSTOMER, locate("FR", FRENCH_IP), on=OCTOBAT_DAY, amount=amount,
               tax_included=tax_included, rate_override=rate_override)


def test_octobat_seed_line_1000_tax_included_is_833_before_tax_at_the_french_20_percent():
    line = octobat_line(1000, tax_included=True)
    assert line.amounts == LineAmounts(833, 167, 1000)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("20"), Category.STANDARD, "FR")
    assert line.rate_overridden is False


def test_octobat_seed_line_2000_tax_included_with_a_10_percent_override_is_1818_before_tax():
    line = octobat_line(2000, tax_included=True, rate_override=Decimal("10.0"))
    assert line.amounts == LineAmounts(1818, 182, 2000)
    assert line.decision.rate == Decimal("10")
    assert line.decision.category is Category.STANDARD
    assert line.rate_overridden is True


def test_octobat_seed_line_4000_tax_excluded_is_4800_gross():
    line = octobat_line(4000, tax_included=False)
    assert line.amounts == LineAmounts(4000, 800, 4800)
    assert line.decision.rate == Decimal("20")
    assert line.rate_overridden is False


# --- A business is a B2B customer with a valid VAT number; anyone else is taxed as a consumer. ---

GERMAN_B2B_WITHOUT_NUMBER = Customer("DE", "10115", "B2B", None)
GERMAN_B2B_WITH_EMPTY_NUMBER = Customer("DE", "10115", "B2B", "")
GERMAN_B2B_WITH_INVALID_NUMBER = Customer("DE", "10115", "B2B", "DE136695977")  # bad check digit
GERMAN_B2B_WITH_MALFORMED_NUMBER = Customer("DE", "10115", "B2B", "not a number")
GERMAN_BUSINESS = Customer("DE", "10115", "B2B", "DE136695976")
NOT_A_BUSINESS = [GERMAN_B2B_WITHOUT_NUMBER, GERMAN_B2B_WITH_EMPTY_NUMBER, GERMAN_B2B_WITH_INVALID_NUMBER,
                  GERMAN_B2B_WITH_MALFORMED_NUMBER]
NOT_A_BUSINESS_IDS = ["no-number", "empty-number", "invalid-number", "malformed-number"]


@pytest.mark.parametrize("customer", NOT_A_BUSINESS, ids=NOT_A_BUSINESS_IDS)
def test_b2b_without_a_valid_vat_number_has_none_kept(customer):
    assert valid_vat_number(customer) is None


@pytest.mark.parametrize("customer", NOT_A_BUSINESS, ids=NOT_A_BUSINESS_IDS)
def test_b2b_eservice_without_a_valid_vat_number_is_taxed_as_b2c_in_the_customer_country(customer):
    line = tax(customer, supply=SupplyKind.ESERVICE)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("19"), Category.STANDARD, "DE")
    assert line.amounts == LineAmounts(10000, 1900, 11900)


@pytest.mark.parametrize("customer", NOT_A_BUSINESS, ids=NOT_A_BUSINESS_IDS)
def test_b2b_goods_without_a_valid_vat_number_are_a_distance_sale_not_an_exempt_supply(customer):
    line = tax(customer, supply=SupplyKind.GOODS)
    assert (line.decision.rate, line.decision.category) == (Decimal("19"), Category.STANDARD)


@pytest.mark.parametrize("customer", NOT_A_BUSINESS, ids=NOT_A_BUSINESS_IDS)
def test_b2b_services_without_a_valid_vat_number_are_taxed_at_the_supplier_country_rate(customer):
    line = tax(customer, supply=SupplyKind.SERVICES)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("20"), Category.STANDARD, "FR")


@pytest.mark.parametrize("vat_number", ["DE136695976", "DE 136 695 976", "de136695976", "DE-136.695.976"])
def test_a_valid_german_vat_number_is_kept_compact(vat_number):
    assert valid_vat_number(Customer("DE", "10115", "B2B", vat_number)) == "DE136695976"


@pytest.mark.parametrize("supply", [SupplyKind.ESERVICE, SupplyKind.SERVICES])
def test_b2b_services_to_a_valid_german_vat_number_are_reverse_charged(supply):
    line = tax(GERMAN_BUSINESS, supply=supply)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("0"), Category.REVERSE_CHARGE, None)
    assert "Reverse charge" in line.decision.mention
    assert line.amounts == LineAmounts(10000, 0, 10000)


def test_b2b_goods_to_a_valid_german_vat_number_are_an_exempt_intra_community_supply():
    line = tax(GERMAN_BUSINESS, supply=SupplyKind.GOODS)
    assert (line.decision.rate, line.decision.category) == (Decimal("0"), Category.INTRA_COMMUNITY)
    assert line.amounts.tax == 0


def test_a_b2b_customer_is_taxed_where_billed_whatever_the_ip_says():
    line = tax(GERMAN_BUSINESS, location=locate("DE", FRENCH_IP, "FR"))
    assert line.decision.category is Category.REVERSE_CHARGE


# --- Outside the EU a business has no EU VAT number: declared B2B is enough (IR 282/2011 art. 18(3)). ---

AMERICAN_COMPANIES = [Customer("US", "10001", "B2B"), Customer("US", "10001", "B2B", "12-3456789")]


@pytest.mark.parametrize("customer", AMERICAN_COMPANIES, ids=["no-number", "ein"])
@pytest.mark.parametrize("supply", [SupplyKind.SERVICES, SupplyKind.ESERVICE])
def test_b2b_services_to_an_american_company_without_an_eu_vat_number_are_out_of_scope(customer, supply):
    line = tax(customer, supply=supply)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("0"), Category.OUT_OF_SCOPE, None)
    assert "declared" in line.decision.rule
    assert line.amounts == LineAmounts(10000, 0, 10000)


def test_an_american_company_buying_eservices_is_taxed_where_billed_whatever_the_ip_and_bank_say():
    line = tax(AMERICAN_COMPANIES[0], location=locate("US", FRENCH_IP, "FR"))
    assert line.decision.category is Category.OUT_OF_SCOPE


@pytest.mark.parametrize("customer, recorded", [
    (AMERICAN_COMPANIES[0], "B2B"), (GERMAN_BUSINESS, "B2B"), (GERMAN_B2B_WITHOUT_NUMBER, "B2C"),
    (Customer("US", "10001", "B2C"), "B2C")], ids=["US-declared", "DE-valid-number", "DE-declared", "US-consumer"])
def test_the_invoice_records_a_business_only_where_the_rules_take_it_as_one(customer, recorded):
    assert business_type(customer) == recorded


def test_an_american_consumer_of_services_still_pays_the_supplier_country_rate():
    line = tax(Customer("US", "10001", "B2C"), supply=SupplyKind.SERVICES)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("20"), Category.STANDARD, "FR")


# --- A consumer of e-services is taxed where the evidence places them. ---

def test_b2c_eservice_billed_in_france_with_german_ip_and_bank_is_taxed_at_the_german_rate():
    customer = Customer("FR", "75004", "B2C")
    line = tax(customer, location=locate("FR", GERMAN_IP, "DE"), supply=SupplyKind.ESERVICE)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("19"), Category.STANDARD, "DE")
    assert line.amounts == LineAmounts(10000, 1900, 11900)


def test_b2c_eservice_billed_in_france_with_a_german_ip_only_stays_french():
    customer = Customer("FR", "75004", "B2C")
    line = tax(customer, location=locate("FR", GERMAN_IP), supply=SupplyKind.ESERVICE)
    assert (line.decision.rate, line.decision.declare_in) == (Decimal("20"), "FR")


def test_b2c_goods_are_taxed_where_billed_not_where_the_evidence_says():
    customer = Customer("FR", "75004", "B2C")
    line = tax(customer, location=locate("FR", GERMAN_IP, "DE"), supply=SupplyKind.GOODS)
    assert (line.decision.rate, line.decision.declare_in) == (Decimal("20"), "FR")


def test_b2c_eservice_under_the_threshold_is_taxed_at_the_supplier_rate_wherever_the_customer_is():
    customer = Customer("DE", "10115", "B2C")
    line = tax(customer, location=locate("DE", GERMAN_IP), threshold_exceeded=False)
    assert (line.decision.rate, line.decision.declare_in) == (Decimal("20"), "FR")


def test_b2c_eservice_to_a_consumer_in_the_canary_islands_is_outside_the_scope_of_eu_vat():
    customer = Customer("ES", "35001", "B2C")
    line = tax(customer, location=locate("ES", None, "ES"))
    assert (line.decision.rate, line.decision.category) == (Decimal("0"), Category.OUT_OF_SCOPE)


def test_b2c_eservice_to_finland_after_2024_09_01_is_25_5_percent():
    customer = Customer("FI", "00100", "B2C")
    line = tax(customer, on=date(2024, 9, 1), amount=10000)
    assert line.decision.rate == Decimal("25.5")
    assert line.amounts == LineAmounts(10000, 2550, 12550)


# --- A rate set on the line wins over the computed one. ---

@pytest.mark.parametrize("tax_included", [False, True])
def test_a_zero_rate_override_on_a_domestic_line_carries_no_tax(tax_included):
    line = tax(OCTOBAT_CUSTOMER, location=locate("FR", FRENCH_IP), amount=4000, tax_included=tax_included,
               rate_override=Decimal("0"))
    assert line.amounts == LineAmounts(4000, 0, 4000)
    assert line.decision.rate == Decimal("0")
    assert line.rate_overridden is True


def test_a_zero_rate_override_on_a_domestic_line_is_not_standard_rated():
    line = tax(OCTOBAT_CUSTOMER, location=locate("FR", FRENCH_IP), amount=4000, rate_override=Decimal("0"))
    assert line.decision.category is not Category.STANDARD


def test_a_rate_override_on_a_reverse_charged_line_charges_that_rate():
    line = tax(GERMAN_BUSINESS, amount=10000, rate_override=Decimal("19"))
    assert (line.decision.rate, line.decision.category) == (Decimal("19"), Category.STANDARD)
    assert line.amounts == LineAmounts(10000, 1900, 11900)
    assert line.decision.mention is None
    assert line.rate_overridden is True


def test_an_override_equal_to_the_computed_rate_changes_nothing():
    line = tax(OCTOBAT_CUSTOMER, location=locate("FR", FRENCH_IP), amount=4000, rate_override=Decimal("20"))
    assert line.amounts == LineAmounts(4000, 800, 4800)
    assert (line.decision.rate, line.decision.category, line.decision.declare_in) == (
        Decimal("20"), Category.STANDARD, "FR")


def test_an_overridden_decision_records_that_the_rate_was_set_on_the_line():
    line = tax(OCTOBAT_CUSTOMER, location=locate("FR", FRENCH_IP), rate_override=Decimal("5.5"))
    assert "rate set on the line" in line.decision.rule
    assert line.decision.declare_in == "FR"
