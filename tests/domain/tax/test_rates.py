"""VAT rates: the rate in force in a member state on the day of supply, by category."""

from datetime import date
from decimal import Decimal

import pytest

from billbook.domain.tax.rates import STANDARD, RateTable, UnknownRate, shipped_rates
from billbook.domain.tax.territories import EU_MEMBER_STATES

REFERENCE_DAY = date(2026, 11, 21)

# The standard rates of shared/reference/eu-vat.md, as in force on 2026-11-21. Greece is `GR` in
# the rate data although its VAT numbers say `EL`.
STANDARD_RATES_ON_2026_11_21 = {
    "AT": "20", "BE": "21", "BG": "20", "CY": "19", "CZ": "21", "DE": "19", "DK": "25", "EE": "24",
    "GR": "24", "FI": "25.5", "FR": "20", "HR": "25", "HU": "27", "IE": "23", "IT": "22", "LT": "21",
    "LU": "17", "LV": "21", "MT": "18", "NL": "21", "PL": "23", "PT": "23", "RO": "21", "SE": "25",
    "SI": "22", "SK": "23", "ES": "21",
}


def test_the_reference_table_lists_the_27_member_states():
    assert set(STANDARD_RATES_ON_2026_11_21) == EU_MEMBER_STATES
    assert len(EU_MEMBER_STATES) == 27


def test_the_shipped_rates_cover_exactly_the_27_member_states():
    assert shipped_rates().countries == EU_MEMBER_STATES


@pytest.mark.parametrize("country, rate", sorted(STANDARD_RATES_ON_2026_11_21.items()))
def test_standard_rate_in_force_on_2026_11_21(country, rate):
    assert shipped_rates().rate(country, REFERENCE_DAY) == Decimal(rate)


def test_standard_is_the_default_category():
    assert STANDARD == "standard"
    assert shipped_rates().rate("FI", REFERENCE_DAY, STANDARD) == shipped_rates().rate("FI", REFERENCE_DAY)


# (country, last day of the old rate, old rate, effective date, new rate): the standard-rate changes
# since 2023 listed in the reference, Germany's 2020 Covid cut, and its end.
RATE_CHANGES = [
    ("LU", date(2023, 12, 31), "16", date(2024, 1, 1), "17"),
    ("EE", date(2023, 12, 31), "20", date(2024, 1, 1), "22"),
    ("FI", date(2024, 8, 31), "24", date(2024, 9, 1), "25.5"),
    ("SK", date(2024, 12, 31), "20", date(2025, 1, 1), "23"),
    ("EE", date(2025, 6, 30), "22", date(2025, 7, 1), "24"),
    ("RO", date(2025, 7, 31), "19", date(2025, 8, 1), "21"),
    ("DE", date(2020, 6, 30), "19", date(2020, 7, 1), "16"),
    ("DE", date(2020, 12, 31), "16", date(2021, 1, 1), "19"),
]
CHANGE_IDS = [f"{country}-{effective}" for country, _, _, effective, _ in RATE_CHANGES]


@pytest.mark.parametrize("country, day_before, old_rate, effective, new_rate", RATE_CHANGES, ids=CHANGE_IDS)
def test_the_old_rate_applies_until_the_day_before_a_change(country, day_before, old_rate, effective, new_rate):
    assert shipped_rates().rate(country, day_before) == Decimal(old_rate)


@pytest.mark.parametrize("country, day_before, old_rate, effective, new_rate", RATE_CHANGES, ids=CHANGE_IDS)
def test_the_new_rate_applies_from_its_effective_date(country, day_before, old_rate, effective, new_rate):
    assert shipped_rates().rate(country, effective) == Decimal(new_rate)


def test_finland_is_24_percent_before_2024_09_01_and_25_5_percent_from_it():
    rates = shipped_rates()
    assert rates.rate("FI", date(2024, 8, 31)) == Decimal("24")
    assert rates.rate("FI", date(2024, 9, 1)) == Decimal("25.5")


def test_luxembourg_2023_temporary_cut_to_16_percent():
    rates = shipped_rates()
    assert rates.rate("LU", date(2022, 12, 31)) == Decimal("17")
    assert rates.rate("LU", date(2023, 1, 1)) == Decimal("16")


@pytest.mark.parametrize("country, rate", [
    ("FR", "20"),  # the Octobat seed examples are dated 2015-02-08
    ("DE", "19"),
    ("RO", "24"),  # Romania cut to 20 on 2016-01-01
    ("GR", "23"),  # Greece raised to 24 on 2016-06-01
    ("FI", "24"),
    ("LU", "17"),
    ("EE", "20"),
    ("SK", "20"),
    ("IE", "23"),
])
def test_rates_in_force_on_2015_02_08(country, rate):
    assert shipped_rates().rate(country, date(2015, 2, 8)) == Decimal(rate)


def test_the_data_starts_on_2015_01_01():
    assert shipped_rates().rate("FR", date(2015, 1, 1)) == Decimal("20")


@pytest.mark.parametrize("country, on, category", [
    ("US", REFERENCE_DAY, STANDARD),  # not a member state
    ("XX", REFERENCE_DAY, STANDARD),
    ("", REFERENCE_DAY, STANDARD),
    ("fr", REFERENCE_DAY, STANDARD),  # codes are upper case
    ("FR", REFERENCE_DAY, "ebooks"),  # no such category for France
    ("DE", REFERENCE_DAY, "super_reduced"),  # a French category, unknown in Germany
    ("FR", date(2014, 12, 31), STANDARD),  # before the data
    ("DE", date(2014, 12, 31), "reduced"),
    ("FR", date(1999, 1, 1), STANDARD),
], ids=["US", "XX", "empty", "lower-case", "unknown-category", "other-country-category", "before-data",
        "reduced-before-data", "long-before-data"])
def test_an_unknown_rate_is_an_error_not_a_guess(country, on, category):
    with pytest.raises(UnknownRate):
        shipped_rates().rate(country, on, category)


def test_unknown_rate_is_a_lookup_error():
    assert issubclass(UnknownRate, LookupError)


@pytest.mark.parametrize("country, category, on, rate", [
    ("FR", "reduced", REFERENCE_DAY, "10"),
    ("FR", "reduced", date(2015, 2, 8), "10"),
    ("FR", "reduced_low", REFERENCE_DAY, "5.5"),
    ("FR", "super_reduced", REFERENCE_DAY, "2.1"),
    ("DE", "reduced", date(2020, 6, 30), "7"),
    ("DE", "reduced", date(2020, 7, 1), "5"),
    ("DE", "reduced", date(2020, 12, 31), "5"),
    ("DE", "reduced", date(2021, 1, 1), "7"),
    ("DE", "reduced", REFERENCE_DAY, "7"),
])
def test_reduced_rates_are_dated_categories(country, category, on, rate):
    assert shipped_rates().rate(country, on, category) == Decimal(rate)


def test_germany_reduced_rate_was_5_percent_in_the_second_half_of_2020():
    assert shipped_rates().rate("DE", date(2020, 9, 15), "reduced") == Decimal("5")
    assert shipped_rates().rate("DE", date(2020, 9, 15)) == Decimal("16")


def test_rates_are_exact_decimals():
    rate = shipped_rates().rate("FI", REFERENCE_DAY)
    assert isinstance(rate, Decimal)
    assert rate == Decimal("25.5")


def test_a_category_is_added_by_rows_without_code_changes():
    rows = [
        ("BE", STANDARD, date(2015, 1, 1), Decimal("21")),
        ("BE", "ebooks", date(2015, 1, 1), Decimal("21")),
        ("BE", "ebooks", date(2022, 1, 1), Decimal("6")),
    ]
    table = RateTable.from_rows(rows)
    assert table.rate("BE", date(2021, 12, 31), "ebooks") == Decimal("21")
    assert table.rate("BE", date(2022, 1, 1), "ebooks") == Decimal("6")
    assert table.rate("BE", date(2022, 1, 1)) == Decimal("21")
    with pytest.raises(UnknownRate):
        table.rate("BE", date(2014, 12, 31), "ebooks")


def test_rows_may_come_in_any_order():
    rows = [
        ("RO", STANDARD, date(2025, 8, 1), Decimal("21")),
        ("RO", STANDARD, date(2015, 1, 1), Decimal("24")),
        ("RO", STANDARD, date(2017, 1, 1), Decimal("19")),
        ("RO", STANDARD, date(2016, 1, 1), Decimal("20")),
    ]
    table = RateTable.from_rows(rows)
    assert [table.rate("RO", date(year, 6, 1)) for year in (2015, 2016, 2017, 2025, 2026)] == [
        Decimal("24"), Decimal("20"), Decimal("19"), Decimal("19"), Decimal("21")]
    assert table.countries == frozenset({"RO"})


def test_tables_built_from_rows_do_not_share_rates():
    first = RateTable.from_rows([("MT", STANDARD, date(2015, 1, 1), Decimal("18"))])
    second = RateTable.from_rows([("MT", STANDARD, date(2015, 1, 1), Decimal("7"))])
    assert first.rate("MT", REFERENCE_DAY) == Decimal("18")
    assert second.rate("MT", REFERENCE_DAY) == Decimal("7")
    assert RateTable().countries == frozenset()
