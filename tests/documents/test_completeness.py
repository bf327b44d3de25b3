"""What an e-invoice needs of its seller and buyer: each gap names its business term and rule, and
what the check says is missing is what the CII XML lacks."""

from dataclasses import replace
from datetime import datetime

import pytest

from billbook.documents.cii import invoice_cii
from billbook.documents.completeness import (
    BuyerTally,
    buyer_gaps,
    euro_rate_gaps,
    payment_mode_gaps,
    schematrons_for,
    seller_gaps,
    seller_party,
)
from billbook.documents.validation import failed_rules
from billbook.domain.accounts import Account
from billbook.domain.customers import Customer
from billbook.domain.invoices import customer_snapshot, supplier_snapshot
from billbook.domain.payment_modes import PaymentMode
from tests.documents.builders import IBAN, issued, line

WHEN = datetime(2026, 3, 2, 9, 30)
FRENCH_SELLER = dict(name="Atelier Numérique SAS", country="FR", vat_number="FR60528551658", siret="52855165800029",
                     address_line1="25 rue du Petit Musc", city="Paris", zip="75004")
GERMAN_SELLER = dict(name="Lindner Beratung GmbH", country="DE", vat_number="DE136695976",
                     address_line1="Hauptstraße 1", city="Berlin", zip="10115")
AMERICAN_SELLER = dict(name="Acme Corp", country="US", vat_number=None, siret=None, address_line1="1 Broadway",
                       city="Oakland", zip="94607")


def account(**details) -> Account:
    return Account(id=1, created_at=WHEN, **{**FRENCH_SELLER, **details})


def customer(**fields) -> Customer:
    defaults = dict(name="Boulangerie Dupont SARL", country="FR", business_type="B2B", tax_id="FR40303265045",
                    email="compta@dupont.example", address1="8 rue de la Paix", city="Lyon", postal_code="69002")
    return Customer(id=7, public_id="oc_cu_7", number="CUST-00007", created_at=WHEN, updated_at=WHEN,
                    **{**defaults, **fields})


def mode(type_: str = "transfer", iban: str | None = IBAN, mode_id: int = 1) -> PaymentMode:
    return PaymentMode(id=mode_id, public_id=f"oc_pm_{mode_id}", name="Virement", type=type_, created_at=WHEN,
                       updated_at=WHEN, iban=iban)


def named(gaps) -> dict[str, tuple[tuple[str, ...], bool]]:
    return {gap.term: (gap.rules, gap.required) for gap in gaps}


FRENCH = seller_party(account())
GERMAN = seller_party(account(**GERMAN_SELLER, siret=None))


def test_a_complete_french_account_and_customer_lack_nothing():
    assert seller_gaps(account()) == []
    assert payment_mode_gaps([mode(), mode("check", None, 2)]) == []
    assert buyer_gaps(customer(), FRENCH) == []
    assert schematrons_for(FRENCH) == ("en16931", "fr-ctc")


def test_a_french_seller_without_siret_lacks_its_siren():
    assert named(seller_gaps(account(siret=None))) == {"BT-30": (("BR-FR-10", "BR-CO-26"), True)}


def test_a_french_seller_without_siret_or_vat_number_cannot_be_identified_nor_reached():
    gaps = named(seller_gaps(account(siret=None, vat_number=None)))
    assert gaps == {"BT-31": (("BR-S-02", "BR-AE-02", "BR-IC-02"), True), "BT-30": (("BR-FR-10", "BR-CO-26"), True),
                    "BT-34": (("BR-FR-13",), True)}


def test_a_seller_s_street_city_and_post_code_are_recommended_not_required():
    gaps = seller_gaps(account(address_line1=None, city=None, zip=None))
    assert [(gap.term, gap.field, gap.required) for gap in gaps] == [
        ("BT-35", "address_line1", False), ("BT-37", "city", False), ("BT-38", "zip", False)]


def test_a_seller_without_name_or_country_breaks_br_06_and_br_09():
    gaps = named(seller_gaps(account(name="", country="")))
    assert gaps["BT-27"] == (("BR-06",), True) and gaps["BT-40"] == (("BR-09",), True)


def test_a_german_seller_is_asked_for_its_vat_number_only():
    assert seller_gaps(account(**GERMAN_SELLER, siret=None)) == []
    gaps = seller_gaps(account(**{**GERMAN_SELLER, "vat_number": None}, siret=None))
    assert [(gap.term, gap.field, gap.required) for gap in gaps] == [
        ("BT-31", "vat_number", True), ("BT-34", "vat_number", False)]
    assert schematrons_for(GERMAN) == ("en16931",)


def test_a_seller_outside_the_eu_without_vat_number_is_warned_it_cannot_meet_br_co_26():
    gaps = seller_gaps(account(**AMERICAN_SELLER))
    assert named(gaps) == {"BT-30": (("BR-CO-26",), False), "BT-34": (("PEPPOL-EN16931-R020",), False)}
    [unidentified] = [gap for gap in gaps if gap.term == "BT-30"]
    assert unidentified.field is None and "cannot" in unidentified.needed_for
    assert named(seller_gaps(account(**{**AMERICAN_SELLER, "vat_number": "EU372000041"}))) == {
        "BT-34": (("PEPPOL-EN16931-R020",), False)}


@pytest.mark.parametrize("details", [
    {**GERMAN_SELLER, "siret": None}, {**GERMAN_SELLER, "siret": None, "vat_number": None}, AMERICAN_SELLER,
    {**AMERICAN_SELLER, "vat_number": "EU372000041", "address_line1": None},
])
def test_a_seller_outside_france_is_never_asked_for_a_siret(details):
    gaps = seller_gaps(account(**details))
    assert "siret" not in {gap.field for gap in gaps}
    assert "SIRET" not in " ".join(gap.label + gap.needed_for for gap in gaps)


def test_a_transfer_without_iban_is_named_and_other_modes_need_none():
    gaps = payment_mode_gaps([mode(iban=None), mode("check", None, 2), mode("stripe", None, 3)])
    assert [(gap.term, gap.rules, gap.field, gap.subject) for gap in gaps] == [
        ("BT-84", ("BR-61", "CII-SR-470"), "iban", "oc_pm_1 (Virement)")]


def test_a_german_business_without_vat_number_is_named_for_the_reverse_charge():
    german = customer(name="Brauerei Lindner GmbH", country="DE", tax_id=None, postal_code="80336")
    assert named(buyer_gaps(german, FRENCH)) == {"BT-48": (("BR-AE-02", "BR-IC-02"), True)}
    assert buyer_gaps(replace(german, tax_id="DE136695976"), FRENCH) == []
    assert buyer_gaps(replace(german, tax_id="DE000"), FRENCH)[0].term == "BT-48"
    assert buyer_gaps(replace(german, business_type="B2C"), FRENCH) == []


def test_a_french_business_without_french_vat_number_has_no_siren():
    gaps = named(buyer_gaps(customer(tax_id=None), FRENCH))
    assert gaps == {"BT-47": (("BR-FR-11", "BR-FR-21"), True)}
    # A German seller asks a French business for its VAT number, to reverse-charge it, not its SIREN.
    assert [gap.term for gap in buyer_gaps(customer(tax_id=None), GERMAN)] == ["BT-48"]


def test_a_customer_without_email_or_vat_number_cannot_be_reached():
    consumer = customer(name="Camille Martin", business_type="B2C", tax_id=None, email=None)
    assert named(buyer_gaps(consumer, FRENCH)) == {"BT-49": (("BR-FR-12",), True)}
    assert named(buyer_gaps(consumer, GERMAN)) == {"BT-49": (("PEPPOL-EN16931-R010",), False)}
    assert buyer_gaps(replace(consumer, email="camille@example.fr"), FRENCH) == []
    # An EU VAT number is an address too (scheme 9930 for Germany).
    assert buyer_gaps(replace(consumer, country="DE", tax_id="DE136695976", business_type="B2B"), FRENCH) == []


def test_a_customer_without_name_or_country_breaks_br_07_and_br_11():
    gaps = named(buyer_gaps(customer(name=None, country=None), FRENCH))
    assert gaps["BT-44"] == (("BR-07",), True) and gaps["BT-55"] == (("BR-11",), True)


def test_the_tally_counts_every_customer_but_names_only_the_first_few():
    tally = BuyerTally(examples=2)
    complete = [customer_with(id_) for id_ in range(1, 6)]
    unreachable = [customer_with(id_, email=None, tax_id=None, business_type="B2C") for id_ in range(6, 11)]
    german = customer_with(11, country="DE", tax_id=None)
    for item in [*complete, *unreachable, german]:
        tally.add(item, buyer_gaps(item, FRENCH))
    assert tally.checked == 11
    assert [(group.gap.term, group.count, [item.id for item in group.examples]) for group in tally.groups()] == [
        ("BT-49", 5, [6, 7]), ("BT-48", 1, [11])]


@pytest.mark.parametrize("seller, buyer, modes, rules", [
    (account(siret=None), customer(), [mode()], {"BR-FR-10"}),
    (account(), customer(business_type="B2C", tax_id=None, email=None), [mode()], {"BR-FR-12"}),
    (account(), customer(), [mode(iban=None)], {"CII-SR-470"}),
    (account(), customer(), [mode()], set()),
    (account(**GERMAN_SELLER, siret=None), customer(country="DE", tax_id="DE136695976", postal_code="80336"),
     [mode()], set()),
])
def test_the_gaps_name_the_rules_the_xml_breaks(seller, buyer, modes, rules):
    document = issued([line("Audit", 100000)], supplier=supplier_snapshot(seller), customer=customer_snapshot(buyer),
                      payment_modes={item.id: item for item in modes})
    document = replace(document, customer=buyer)
    broken = {finding.rule.split("_")[0] for finding in
              failed_rules(invoice_cii(document), schematrons=schematrons_for(seller_party(seller)))}
    gaps = [*seller_gaps(seller), *payment_mode_gaps(modes), *buyer_gaps(buyer, seller_party(seller))]
    assert broken == rules
    assert all(set(gap.rules) & broken for gap in gaps if gap.required)
    assert not rules or any(set(gap.rules) >= rules for gap in gaps)


def test_an_american_seller_s_invoices_break_br_co_26_as_its_warning_says():
    seller = account(**AMERICAN_SELLER)
    buyer = customer(name="Globex Inc", country="US", tax_id=None, postal_code="10001", city="New York")
    document = issued([line("Audit", 100000, category="O")], supplier=supplier_snapshot(seller),
                      customer=customer_snapshot(buyer), payment_modes={1: mode()})
    broken = {finding.rule for finding in failed_rules(invoice_cii(replace(document, customer=buyer)),
                                                       schematrons=schematrons_for(seller_party(seller)))}
    assert broken == {"BR-CO-26"}
    assert [gap.term for gap in seller_gaps(seller) if "BR-CO-26" in gap.rules and not gap.required] == ["BT-30"]


RATE = {"currency": "USD", "rate": "1.0321", "published": "2026-03-02", "source": "ECB"}


@pytest.mark.parametrize("currency, evidence, supplier, terms", [
    ("ARS", {}, supplier_snapshot(account()), ["BT-111"]),
    ("USD", {}, supplier_snapshot(account()), ["BT-111"]),  # issued before euro rates were kept
    ("USD", {"euro_rate": RATE}, supplier_snapshot(account()), []),
    ("EUR", {}, supplier_snapshot(account()), []),
    ("ARS", {}, supplier_snapshot(account(**GERMAN_SELLER, siret=None)), []),  # the French rule only
])
def test_a_french_seller_s_document_in_another_currency_without_euro_rate_lacks_its_vat_in_euros(
        currency, evidence, supplier, terms):
    document = issued([line("Audit", 100000)], currency=currency, evidence=evidence, supplier=supplier)
    gaps = euro_rate_gaps(document.invoice)
    assert [gap.term for gap in gaps] == terms
    assert all(gap.rules == ("BR-FR-CO-12",) and gap.field is None and currency in gap.needed_for for gap in gaps)


def customer_with(id_: int, **fields) -> Customer:
    return replace(customer(**fields), id=id_)
