"""Place of supply: the decision table of shared/reference/eu-vat.md, row by row."""

from datetime import date
from decimal import Decimal

import pytest

from billbook.domain.tax.place_of_supply import Category, Party, SupplyKind, decide
from billbook.domain.tax.rates import UnknownRate, shipped_rates

ON = date(2026, 11, 21)
GOODS, ESERVICE, SERVICES = SupplyKind.GOODS, SupplyKind.ESERVICE, SupplyKind.SERVICES

FRENCH_SUPPLIER = Party("FR", "75004", "FR60528551658")
GERMAN_BUSINESS = Party("DE", "10115", "DE136695976")
GERMAN_CONSUMER = Party("DE", "10115")
FRENCH_BUSINESS = Party("FR", "13001", "FR40303265045")
FRENCH_CONSUMER = Party("FR", "13001")
AMERICAN_BUSINESS = Party("US", "10001", "US123456789")
AMERICAN_CONSUMER = Party("US", "10001")
# Declared B2B without a VAT number: a business outside the EU (IR 282/2011 art. 18(3)), not within.
AMERICAN_DECLARED_BUSINESS = Party("US", "10001", declared_business=True)
GERMAN_DECLARED_BUSINESS = Party("DE", "10115", declared_business=True)
CANARIAN_DECLARED_BUSINESS = Party("ES", "35001", declared_business=True)


def decide_for(customer, supply, supplier=FRENCH_SUPPLIER, on=ON, **options):
    return decide(supplier, customer, supply, on, shipped_rates(), **options)


def mentions(decision, *words):
    return decision.mention is not None and all(word in decision.mention for word in words)


# --- Customer in the supplier's country: the supplier's rate, whoever buys whatever. ---

@pytest.mark.parametrize("customer", [FRENCH_CONSUMER, FRENCH_BUSINESS], ids=["B2C", "B2B"])
@pytest.mark.parametrize("supply", list(SupplyKind))
def test_domestic_supply_is_taxed_at_the_supplier_country_rate(customer, supply):
    decision = decide_for(customer, supply)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("20"), Category.STANDARD, "FR", None)


def test_domestic_supply_under_the_threshold_is_still_the_supplier_country_rate():
    decision = decide_for(FRENCH_CONSUMER, ESERVICE, threshold_exceeded=False)
    assert (decision.rate, decision.declare_in) == (Decimal("20"), "FR")


# --- Customer in another member state. ---

@pytest.mark.parametrize("supply", [SERVICES, ESERVICE])
def test_b2b_services_to_another_member_state_are_reverse_charged(supply):
    decision = decide_for(GERMAN_BUSINESS, supply)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.REVERSE_CHARGE, None)
    assert mentions(decision, "Reverse charge")


def test_b2b_goods_shipped_to_another_member_state_are_an_exempt_intra_community_supply():
    decision = decide_for(GERMAN_BUSINESS, GOODS)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.INTRA_COMMUNITY, None)
    assert mentions(decision, "138")


def test_b2c_eservice_to_another_member_state_is_taxed_at_the_customer_country_rate():
    decision = decide_for(GERMAN_CONSUMER, ESERVICE)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("19"), Category.STANDARD, "DE", None)


def test_b2c_distance_sale_of_goods_is_taxed_at_the_customer_country_rate():
    decision = decide_for(GERMAN_CONSUMER, GOODS)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("19"), Category.STANDARD, "DE", None)


def test_b2c_other_services_to_another_member_state_are_taxed_at_the_supplier_country_rate():
    decision = decide_for(GERMAN_CONSUMER, SERVICES)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("20"), Category.STANDARD, "FR", None)


def test_b2c_eservice_to_finland_after_2024_09_01_is_25_5_percent():
    assert decide_for(Party("FI", "00100"), ESERVICE, on=date(2024, 9, 1)).rate == Decimal("25.5")


def test_b2c_eservice_to_finland_before_2024_09_01_is_24_percent():
    assert decide_for(Party("FI", "00100"), ESERVICE, on=date(2024, 8, 31)).rate == Decimal("24")


def test_b2c_eservice_to_greece_is_24_percent():
    assert decide_for(Party("GR", "10431"), ESERVICE).rate == Decimal("24")


# --- Customer outside the EU. ---

@pytest.mark.parametrize("customer", [AMERICAN_CONSUMER, AMERICAN_BUSINESS], ids=["B2C", "B2B"])
def test_goods_exported_outside_the_eu_are_exempt(customer):
    decision = decide_for(customer, GOODS)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.EXPORT, None)
    assert mentions(decision, "146")


@pytest.mark.parametrize("supply", [SERVICES, ESERVICE])
def test_b2b_services_outside_the_eu_are_not_subject_to_vat(supply):
    decision = decide_for(AMERICAN_BUSINESS, supply)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.OUT_OF_SCOPE, None)
    assert mentions(decision, "Not subject to VAT")


@pytest.mark.parametrize("customer", [AMERICAN_DECLARED_BUSINESS, CANARIAN_DECLARED_BUSINESS], ids=["US", "ES-CN"])
@pytest.mark.parametrize("supply", [SERVICES, ESERVICE])
def test_b2b_services_outside_the_eu_declared_without_a_vat_number_are_not_subject_to_vat(customer, supply):
    decision = decide_for(customer, supply)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.OUT_OF_SCOPE, None)
    assert mentions(decision, "Not subject to VAT")
    assert "declared" in decision.rule and "18(3)" in decision.rule


def test_goods_exported_to_a_business_declared_without_a_vat_number_are_exempt():
    assert decide_for(AMERICAN_DECLARED_BUSINESS, GOODS).category is Category.EXPORT


@pytest.mark.parametrize("supply, taxed_in", [(SERVICES, ("20", "FR")), (ESERVICE, ("19", "DE")),
                                              (GOODS, ("19", "DE"))])
def test_a_business_declared_without_a_vat_number_inside_the_eu_is_taxed_as_a_consumer(supply, taxed_in):
    decision = decide_for(GERMAN_DECLARED_BUSINESS, supply)
    assert (decision.rate, decision.category, decision.declare_in) == (
        Decimal(taxed_in[0]), Category.STANDARD, taxed_in[1])


def test_b2c_eservice_outside_the_eu_is_outside_the_scope_of_eu_vat():
    decision = decide_for(AMERICAN_CONSUMER, ESERVICE)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("0"), Category.OUT_OF_SCOPE, None, None)


def test_b2c_other_services_outside_the_eu_are_taxed_at_the_supplier_country_rate():
    decision = decide_for(AMERICAN_CONSUMER, SERVICES)
    assert (decision.rate, decision.category, decision.declare_in, decision.mention) == (
        Decimal("20"), Category.STANDARD, "FR", None)


# --- The €10,000 threshold (art. 59c): under it, the supplier may charge its own rate. ---

THRESHOLD_ROWS = [
    # customer, supply, (rate, category, declare_in) over the threshold, the same under it
    (GERMAN_CONSUMER, ESERVICE, ("19", Category.STANDARD, "DE"), ("20", Category.STANDARD, "FR")),
    (GERMAN_CONSUMER, GOODS, ("19", Category.STANDARD, "DE"), ("20", Category.STANDARD, "FR")),
    (GERMAN_CONSUMER, SERVICES, ("20", Category.STANDARD, "FR"), ("20", Category.STANDARD, "FR")),
    (GERMAN_BUSINESS, ESERVICE, ("0", Category.REVERSE_CHARGE, None), ("0", Category.REVERSE_CHARGE, None)),
    (GERMAN_BUSINESS, GOODS, ("0", Category.INTRA_COMMUNITY, None), ("0", Category.INTRA_COMMUNITY, None)),
    (FRENCH_CONSUMER, ESERVICE, ("20", Category.STANDARD, "FR"), ("20", Category.STANDARD, "FR")),
    (AMERICAN_CONSUMER, ESERVICE, ("0", Category.OUT_OF_SCOPE, None), ("0", Category.OUT_OF_SCOPE, None)),
    (AMERICAN_CONSUMER, GOODS, ("0", Category.EXPORT, None), ("0", Category.EXPORT, None)),
]
THRESHOLD_IDS = ["B2C-eservice-DE", "B2C-goods-DE", "B2C-services-DE", "B2B-eservice-DE", "B2B-goods-DE",
                 "domestic", "B2C-eservice-US", "B2C-goods-US"]


@pytest.mark.parametrize("customer, supply, over, under", THRESHOLD_ROWS, ids=THRESHOLD_IDS)
def test_over_the_threshold(customer, supply, over, under):
    decision = decide_for(customer, supply, threshold_exceeded=True)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal(over[0]), over[1], over[2])


@pytest.mark.parametrize("customer, supply, over, under", THRESHOLD_ROWS, ids=THRESHOLD_IDS)
def test_under_the_threshold(customer, supply, over, under):
    decision = decide_for(customer, supply, threshold_exceeded=False)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal(under[0]), under[1], under[2])


def test_the_threshold_is_taken_as_exceeded_by_default():
    assert decide_for(GERMAN_CONSUMER, ESERVICE).declare_in == "DE"


# --- Special territories: outside the EU when the customer's postcode identifies them. ---

SPECIAL_TERRITORIES = [
    ("ES", "35001"), ("ES", "38001"), ("ES", "51001"), ("ES", "52001"), ("FI", "22100"), ("GR", "63086"),
    ("DE", "78266"), ("DE", "27498"), ("IT", "23041"), ("IT", "22061"),
    ("FR", "97100"), ("FR", "97200"), ("FR", "97300"), ("FR", "97400"), ("FR", "97600"),
]
ORDINARY_POSTCODES = {"ES": "28001", "FI": "00100", "GR": "10431", "DE": "10115", "IT": "00118", "FR": "13001"}
ORDINARY_RATES = {"ES": "21", "FI": "25.5", "GR": "24", "DE": "19", "IT": "22", "FR": "20"}


@pytest.mark.parametrize("country, postal_code", SPECIAL_TERRITORIES)
def test_b2c_eservice_to_a_special_territory_is_outside_the_scope_of_eu_vat(country, postal_code):
    decision = decide_for(Party(country, postal_code), ESERVICE)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.OUT_OF_SCOPE, None)


@pytest.mark.parametrize("country, postal_code", SPECIAL_TERRITORIES)
def test_goods_shipped_to_a_special_territory_are_an_export(country, postal_code):
    decision = decide_for(Party(country, postal_code), GOODS)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.EXPORT, None)


@pytest.mark.parametrize("country, postal_code", SPECIAL_TERRITORIES)
def test_b2b_services_to_a_special_territory_are_not_subject_to_vat(country, postal_code):
    decision = decide_for(Party(country, postal_code, "VALIDATED-NUMBER"), SERVICES)
    assert decision.category is Category.OUT_OF_SCOPE
    assert mentions(decision, "Not subject to VAT")


@pytest.mark.parametrize("country", sorted(ORDINARY_POSTCODES))
def test_an_ordinary_postcode_of_the_same_country_is_inside_the_eu(country):
    decision = decide_for(Party(country, ORDINARY_POSTCODES[country]), ESERVICE)
    assert (decision.rate, decision.category, decision.declare_in) == (
        Decimal(ORDINARY_RATES[country]), Category.STANDARD, country)


@pytest.mark.parametrize("supplier, customer", [
    (Party("ES", "28001"), Party("ES", "35001")),  # Madrid to Las Palmas
    (Party("DE", "10115"), Party("DE", "78266")),  # Berlin to Büsingen
    (Party("IT", "00118"), Party("IT", "23041")),  # Rome to Livigno
    (Party("FR", "75004"), Party("FR", "97400")),  # Paris to Réunion
], ids=["ES-Canary", "DE-Büsingen", "IT-Livigno", "FR-Réunion"])
def test_goods_sent_to_a_special_territory_of_the_supplier_country_are_an_export_not_domestic(supplier, customer):
    decision = decide_for(customer, GOODS, supplier=supplier)
    assert (decision.rate, decision.category) == (Decimal("0"), Category.EXPORT)


def test_b2c_other_services_to_a_special_territory_are_taxed_at_the_supplier_country_rate():
    decision = decide_for(Party("ES", "35001"), SERVICES)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("20"), Category.STANDARD, "FR")


# --- A supplier outside the EU: no threshold, the customer's country for EU consumers (art. 58). ---

AMERICAN_SUPPLIER = Party("US", "94105")


@pytest.mark.parametrize("supply", [ESERVICE, GOODS])
@pytest.mark.parametrize("threshold_exceeded", [True, False])
def test_non_eu_supplier_to_an_eu_consumer_is_taxed_at_the_customer_country_rate(supply, threshold_exceeded):
    decision = decide_for(GERMAN_CONSUMER, supply, supplier=AMERICAN_SUPPLIER, threshold_exceeded=threshold_exceeded)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("19"), Category.STANDARD, "DE")


@pytest.mark.parametrize("customer, supply", [
    (GERMAN_CONSUMER, SERVICES),  # art. 45: where the supplier is, outside the EU
    (GERMAN_BUSINESS, SERVICES),
    (GERMAN_BUSINESS, ESERVICE),
    (GERMAN_BUSINESS, GOODS),
    (AMERICAN_CONSUMER, ESERVICE),
    (AMERICAN_CONSUMER, GOODS),
    (AMERICAN_BUSINESS, SERVICES),
    (Party("ES", "35001"), ESERVICE),  # a consumer in the Canary Islands
])
def test_non_eu_supplier_charges_no_eu_vat_otherwise(customer, supply):
    decision = decide_for(customer, supply, supplier=AMERICAN_SUPPLIER)
    assert (decision.rate, decision.category, decision.declare_in) == (Decimal("0"), Category.OUT_OF_SCOPE, None)


def test_a_supplier_in_a_special_territory_is_a_non_eu_supplier():
    canary_supplier = Party("ES", "35001")
    assert decide_for(GERMAN_CONSUMER, ESERVICE, supplier=canary_supplier).declare_in == "DE"
    assert decide_for(GERMAN_CONSUMER, SERVICES, supplier=canary_supplier).category is Category.OUT_OF_SCOPE


# --- Rates come from the table, on the day of supply, in the category asked for. ---

def test_a_domestic_reduced_rate_supply():
    assert decide_for(FRENCH_CONSUMER, GOODS, category="reduced").rate == Decimal("10")


def test_a_b2c_distance_sale_at_the_german_reduced_rate_in_the_second_half_of_2020():
    decision = decide_for(GERMAN_CONSUMER, GOODS, on=date(2020, 8, 1), category="reduced")
    assert (decision.rate, decision.declare_in) == (Decimal("5"), "DE")


def test_a_category_unknown_in_the_customer_country_is_an_error():
    with pytest.raises(UnknownRate):
        decide_for(GERMAN_CONSUMER, GOODS, category="super_reduced")


def test_a_supply_before_the_rate_data_is_an_error():
    with pytest.raises(UnknownRate):
        decide_for(FRENCH_CONSUMER, SERVICES, on=date(2014, 12, 31))


def test_every_decision_records_the_rule_that_made_it():
    rules = {decide_for(customer, supply).rule
             for customer in (FRENCH_CONSUMER, GERMAN_CONSUMER, GERMAN_BUSINESS, AMERICAN_CONSUMER, AMERICAN_BUSINESS)
             for supply in SupplyKind}
    assert all(rules)
    assert len(rules) == 10  # one per row of the reference's decision table
