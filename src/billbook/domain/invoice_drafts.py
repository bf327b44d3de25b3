"""An invoice written line by line (the Invoiced way): kept as a draft until it is issued.

Line amounts are quantity × unit cost, rounded half-up to the cent; discounts (on a line, or on
the whole invoice, shared across its discountable lines in proportion) come off before VAT is
computed on what remains. Payment terms such as "NET 30" set the due date.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from billbook.domain import iso_codes, metadata, values
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import required_text

MAX_LINES = 500
MAX_UNIT_COST = Decimal("10000000000000")
MAX_QUANTITY = Decimal("1000000000")
MAX_LINE_CENTS = 10**15
_NET_TERMS = re.compile(r"\s*net\s*(\d{1,3})\s*", re.IGNORECASE)
_ON_RECEIPT = re.compile(r"\s*due\s+(on|upon)\s+receipt\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DraftLine:
    name: str
    quantity: Decimal
    unit_cost: Decimal
    amount: int  # cents
    discount: int  # cents taken off this line (its own discounts and its share of the invoice's)
    description: str | None = None
    discountable: bool = True
    taxable: bool = True
    metadata: dict[str, str] = field(default_factory=dict)


def due_date(payment_terms: str | None, issued_on: date) -> date | None:
    """"NET 30" → thirty days after issue; "Due on receipt" → the day of issue; other terms set none."""
    if not payment_terms:
        return None
    net = _NET_TERMS.fullmatch(payment_terms)
    if net:
        return issued_on + timedelta(days=int(net.group(1)))
    return issued_on if _ON_RECEIPT.fullmatch(payment_terms) else None


def cents(param: str, value: Any) -> int:
    """An amount in major units (12.34) as integer cents, rounded half-up."""
    number = _decimal(param, value)
    if number < 0:
        raise InvalidParam(param, "cannot be negative")
    if number > MAX_UNIT_COST:
        raise InvalidParam(param, f"must be at most {MAX_UNIT_COST}")
    return int((number * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def clean_lines(raw: Any, invoice_discount: int = 0) -> list[DraftLine]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidParam("items", "must be a list of line items")
    if len(raw) > MAX_LINES:
        raise InvalidParam("items", f"can have at most {MAX_LINES} lines")
    lines = [_line(f"items[{index}]", item) for index, item in enumerate(raw)]
    return _share_discount(lines, invoice_discount)


def clean_discounts(param: str, raw: Any) -> int:
    """Discounts given as `[{"amount": 5}]`: their total in cents."""
    if raw in (None, "", []):
        return 0
    if not isinstance(raw, list):
        raise InvalidParam(param, "must be a list like [{\"amount\": 5}]")
    total = 0
    for index, discount in enumerate(raw):
        if not isinstance(discount, Mapping) or set(discount) - {"amount"} or "amount" not in discount:
            raise InvalidParam(f"{param}[{index}]", "must be an object with an amount (coupons are not supported)")
        total += cents(f"{param}[{index}][amount]", discount["amount"])
    return total


def clean_currency(param: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidParam(param, "must be a currency code")
    return iso_codes.currency_code(param, value)


def _line(where: str, raw: Any) -> DraftLine:
    if not isinstance(raw, Mapping):
        raise InvalidParam(where, "must be an object with a name, quantity and unit_cost")
    allowed = {"name", "description", "quantity", "unit_cost", "discountable", "discounts", "taxable", "metadata",
               "id", "object", "amount", "taxes", "type", "catalog_item"}
    for name in raw:
        if name not in allowed:
            raise InvalidParam(f"{where}[{name}]", "is not a known parameter")
    if raw.get("taxes"):
        raise InvalidParam(f"{where}[taxes]", "cannot be set: VAT is computed from the customer and where they are")
    name = required_text(f"{where}[name]", values.given_text(f"{where}[name]", raw.get("name") or ""))
    quantity = _decimal(f"{where}[quantity]", raw["quantity"] if raw.get("quantity") not in (None, "") else 1)
    if not 0 <= quantity <= MAX_QUANTITY:
        raise InvalidParam(f"{where}[quantity]", f"must be between 0 and {MAX_QUANTITY}")
    unit_cost = _decimal(f"{where}[unit_cost]", raw.get("unit_cost") if raw.get("unit_cost") not in (None, "") else 0)
    if not 0 <= unit_cost <= MAX_UNIT_COST:
        raise InvalidParam(f"{where}[unit_cost]", f"must be between 0 and {MAX_UNIT_COST}")
    with localcontext() as exact:
        exact.prec = 60  # quantity × unit cost, exactly, before the one rounding to the cent
        amount = int((quantity * unit_cost * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if amount > MAX_LINE_CENTS:
        raise InvalidParam(f"{where}[unit_cost]", "makes the line's amount too large")
    discountable = values.flag(f"{where}[discountable]", raw.get("discountable"), True)
    discount = clean_discounts(f"{where}[discounts]", raw.get("discounts"))
    if discount and not discountable:
        raise InvalidParam(f"{where}[discounts]", "cannot be given for a line that is not discountable")
    if discount > amount:
        raise InvalidParam(f"{where}[discounts]", "cannot exceed the line's amount")
    description = raw.get("description")
    return DraftLine(
        name=name, quantity=quantity, unit_cost=unit_cost, amount=amount, discount=discount,
        description=values.given_text(f"{where}[description]", description, 10_000) if description else None,
        discountable=discountable, taxable=values.flag(f"{where}[taxable]", raw.get("taxable"), True),
        metadata=metadata.validate(f"{where}[metadata]", raw.get("metadata")))


def _share_discount(lines: list[DraftLine], discount: int) -> list[DraftLine]:
    """Share an invoice-level discount across discountable lines in proportion to what remains of
    them, to the cent (largest remainders get the odd cents), so VAT is computed per line."""
    if not discount:
        return lines
    room = {index: line.amount - line.discount for index, line in enumerate(lines) if line.discountable}
    total = sum(room.values())
    if discount > total:
        raise InvalidParam("discounts", "cannot exceed the discountable amount of the lines")
    shares = {index: discount * left // total for index, left in room.items()}
    order = sorted(room, key=lambda index: (-(discount * room[index] % total), index))
    for index in order[:discount - sum(shares.values())]:
        shares[index] += 1
    return [DraftLine(**{**_fields(line), "discount": line.discount + shares.get(index, 0)})
            for index, line in enumerate(lines)]


def _fields(line: DraftLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in DraftLine.__slots__}


def _decimal(param: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidParam(param, "must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidParam(param, f"is not a number: {value!r}") from None
    if not number.is_finite():
        raise InvalidParam(param, "must be a finite number")
    if abs(number) > MAX_UNIT_COST:
        raise InvalidParam(param, f"must be at most {MAX_UNIT_COST}")
    if number != number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP):
        raise InvalidParam(param, "can have at most six decimals")
    return number
