"""The VAT rate in force in a member state on a given day, by category (`standard`, `reduced`…)."""

import bisect
import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

STANDARD = "standard"


class UnknownRate(LookupError):
    """No rate is known for that country, category and day (a wrong rate is worse than none)."""


@dataclass(frozen=True)
class RateTable:
    # (country, category) → the days rates began, sorted, and those rates.
    _starts: dict[tuple[str, str], list[date]] = field(default_factory=dict)
    _rates: dict[tuple[str, str], list[Decimal]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, date, Decimal]]) -> "RateTable":
        table = cls()
        for country, category, effective_from, rate in sorted(rows):
            table._starts.setdefault((country, category), []).append(effective_from)
            table._rates.setdefault((country, category), []).append(rate)
        return table

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(country for country, _ in self._starts)

    def rate(self, country: str, on: date, category: str = STANDARD) -> Decimal:
        starts = self._starts.get((country, category))
        if not starts:
            raise UnknownRate(f"no {category} VAT rate is known for {country}")
        index = bisect.bisect_right(starts, on) - 1
        if index < 0:
            raise UnknownRate(f"no {category} VAT rate is known for {country} before {starts[0]}")
        return self._rates[(country, category)][index]


@cache
def shipped_rates() -> RateTable:
    """The rates the project ships (data/vat_rates.csv; sources in data/README.md)."""
    text = resources.files("billbook.domain.tax").joinpath("data/vat_rates.csv").read_text(encoding="utf-8")
    rows = [(row["country"], row["category"], date.fromisoformat(row["effective_from"]), Decimal(row["rate"]))
            for row in csv.DictReader(text.splitlines())]
    return RateTable.from_rows(rows)
