"""A line's amounts in integer cents, rounded half-up per line (as the Octobat seed examples are):
1000 tax-included at 20 % → 833 before tax; 4000 before tax at 20 % → 4800."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LineAmounts:
    extratax: int  # before tax
    tax: int
    gross: int  # tax included: always extratax + tax


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_tax_excluded(extratax: int, rate: Decimal) -> LineAmounts:
    tax = _round(extratax * rate / _HUNDRED)
    return LineAmounts(extratax, tax, extratax + tax)


def from_tax_included(gross: int, rate: Decimal) -> LineAmounts:
    extratax = _round(gross / (1 + rate / _HUNDRED))
    return LineAmounts(extratax, gross - extratax, gross)
