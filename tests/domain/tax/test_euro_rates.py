"""The ECB's euro reference rates: the latest published on or before a day, none for a currency
it does not quote."""

from datetime import date
from decimal import Decimal

from billbook.domain.tax.euro_rates import MAX_AGE, EuroRates, shipped_euro_rates

HISTORY = """Date,USD,JPY,CYP,
2026-03-02,1.0850,162.10,N/A,
2026-02-27,1.0831,161.90,N/A,
2007-12-31,1.4721,164.93,0.5853,
"""


def test_a_day_takes_the_latest_rate_published_on_or_before_it():
    rates = EuroRates(HISTORY)
    assert rates.rate("USD", date(2026, 3, 2)).rate == Decimal("1.0850")
    # A weekend: Friday's rate.
    found = rates.rate("usd", date(2026, 3, 1))
    assert (found.currency, found.rate, found.published) == ("USD", Decimal("1.0831"), date(2026, 2, 27))
    assert rates.rate("USD", date(2026, 6, 1)).published == date(2026, 3, 2)


def test_no_rate_before_the_first_one_for_a_currency_gone_or_never_quoted_or_when_too_old():
    rates = EuroRates(HISTORY)
    assert rates.rate("USD", date(2000, 1, 1)) is None
    assert rates.rate("CYP", date(2008, 1, 2)).published == date(2007, 12, 31)
    assert rates.rate("CYP", date(2026, 3, 2)) is None
    assert rates.rate("XOF", date(2026, 3, 2)) is None
    assert rates.rate("USD", date(2026, 3, 2) + MAX_AGE).published == date(2026, 3, 2)
    assert rates.rate("USD", date(2026, 3, 3) + MAX_AGE) is None


def test_the_shipped_history_no_longer_gives_a_rouble_rate_of_2022_for_2026():
    assert shipped_euro_rates().rate("RUB", date(2026, 6, 1)) is None


def test_the_shipped_history_holds_the_ecb_s_rates():
    rates = shipped_euro_rates()
    # The ECB's reference rate of 2 January 2025 (euro foreign exchange reference rates).
    assert rates.rate("USD", date(2025, 1, 2)).rate == Decimal("1.0321")
