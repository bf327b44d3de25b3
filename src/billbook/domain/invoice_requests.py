"""What a caller asks for when issuing an invoice in one call (Octobat v1): the state it is
issued in, its lines priced with or without tax, the customer (known or new), how it can be paid
or how it was. Every argument is checked and named here, before anything is written."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from billbook.domain import iso_codes, values
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import required_text

STATES = ("confirmed", "paid")
MAX_LINES = 500
MAX_LINE_CENTS = 10**15  # ten thousand billion in major units: beyond any real invoice line
MAX_RATE = Decimal(100)


@dataclass(frozen=True, slots=True)
class LineRequest:
    description: str
    amount: int  # cents, tax included when `tax_included`
    tax_included: bool
    vat_rate: Decimal | None
    eservice: bool | None


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    payment_date: date
    mode: str  # a payment mode's public id
    bank_country: str | None


@dataclass(frozen=True, slots=True)
class InvoiceRequest:
    state: str
    currency: str
    lines: list[LineRequest]
    customer_id: str | None
    new_customer: Mapping[str, Any] | None
    sequence: str | None
    payable_by: list[str]
    payment: PaymentRequest | None
    customer_ip_address: str | None


_REQUEST_FIELDS = frozenset({"state", "currency", "items", "customer_id", "customer", "sequence", "payable_by",
                             "payment", "evidence", "livemode"})


def clean_request(raw: Mapping[str, Any], livemode: bool) -> InvoiceRequest:
    """The invoice a caller asks for, every argument checked and named when wrong."""
    for name in raw:
        if name not in _REQUEST_FIELDS:
            raise InvalidParam(name, "is not a known parameter")
    livemode_given = _required(raw, "livemode")
    if values.flag("livemode", livemode_given) != livemode:
        raise InvalidParam("livemode", f"must be {str(livemode).lower()}: the API key is for "
                                       f"{'live' if livemode else 'test'} mode")
    state = _required(raw, "state")
    if state not in STATES:
        raise InvalidParam("state", f"must be one of: {', '.join(STATES)}")
    currency = iso_codes.currency_code("currency", values.given_text("currency", _required(raw, "currency")))
    customer_id, new_customer = raw.get("customer_id"), raw.get("customer")
    if customer_id in (None, "") and not new_customer:
        raise InvalidParam("customer_id", "is required unless a new customer is given in customer[...]")
    if customer_id not in (None, "") and new_customer:
        raise InvalidParam("customer", "cannot be given with customer_id")
    if new_customer is not None and not isinstance(new_customer, Mapping):
        raise InvalidParam("customer", "must be an object of customer fields")
    lines = _lines(raw.get("items"))
    payable_by = _identifiers("payable_by", raw.get("payable_by"))
    payment = _payment(raw.get("payment"))
    if state == "confirmed" and not payable_by:
        raise InvalidParam("payable_by", "is required unless the invoice is paid")
    if state == "paid" and payment is None:
        raise InvalidParam("payment", "is required when the invoice is paid")
    if state == "confirmed" and payment is not None:
        raise InvalidParam("payment", "is only given for a paid invoice (state=paid)")
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, Mapping) or set(evidence) - {"customer_ip_address"}:
        raise InvalidParam("evidence", "accepts customer_ip_address only")
    ip_address = evidence.get("customer_ip_address") or None
    sequence = raw.get("sequence") or None
    return InvoiceRequest(
        state, currency, lines, values.given_text("customer_id", customer_id) if customer_id else None,
        new_customer or None,
        values.given_text("sequence", sequence) if sequence else None, payable_by, payment,
        values.given_text("evidence[customer_ip_address]", ip_address) if ip_address else None)


def clean_payment(raw: Any) -> PaymentRequest:
    payment = _payment(raw)
    if payment is None:
        raise InvalidParam("payment", "is required")
    return payment


def _required(raw: Mapping[str, Any], name: str) -> Any:
    value = raw.get(name)
    if value is None or value == "":
        raise InvalidParam(name, "is required")
    return value




def _cents(param: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidParam(param, "must be a whole number of cents")
    text = str(value).strip()
    if not text.lstrip("-").isdigit() or len(text) > 20:
        raise InvalidParam(param, f"must be a whole number of cents: {value!r}")
    cents = int(text)
    if cents < 0:
        raise InvalidParam(param, "cannot be negative")
    if cents > MAX_LINE_CENTS:
        raise InvalidParam(param, f"must be at most {MAX_LINE_CENTS}")
    return cents


def _rate(param: str, value: Any) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidParam(param, f"is not a number: {value!r}") from None
    if not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise InvalidParam(param, "must be a percentage between 0 and 100")
    if rate != rate.quantize(Decimal("0.001")):
        raise InvalidParam(param, "can have at most three decimals")
    return rate


def _lines(raw: Any) -> list[LineRequest]:
    if raw in (None, "", [], {}):
        raise InvalidParam("items", "is required: an invoice has at least one line")
    if not isinstance(raw, list):
        raise InvalidParam("items", "must be a list of lines")
    if len(raw) > MAX_LINES:
        raise InvalidParam("items", f"can have at most {MAX_LINES} lines")
    return [_line(f"items[{index}]", line) for index, line in enumerate(raw)]


def _line(where: str, raw: Any) -> LineRequest:
    if not isinstance(raw, Mapping):
        raise InvalidParam(where, "must be an object with a description and an amount")
    for name in raw:
        if name not in ("description", "extratax", "gross", "vat_rate", "eservice", "quantity"):
            raise InvalidParam(f"{where}[{name}]", "is not a known parameter")
    param = f"{where}[description]"
    description = required_text(param, values.given_text(param, raw.get("description") or ""))
    given = {name: raw.get(name) for name in ("extratax", "gross") if raw.get(name) not in (None, "")}
    if not given:
        raise InvalidParam(f"{where}[extratax]", "is required, unless the amount tax included is given")
    if len(given) == 2:
        raise InvalidParam(f"{where}[gross]", "cannot be given with the amount before tax: give one of them")
    (name, value), = given.items()
    quantity = raw.get("quantity")
    if quantity not in (None, "", 1, "1"):
        raise InvalidParam(f"{where}[quantity]", "must be 1: the amount is the line's total")
    rate = raw.get("vat_rate")
    eservice = raw.get("eservice")
    return LineRequest(
        description=description, amount=_cents(f"{where}[{name}]", value), tax_included=name == "gross",
        vat_rate=_rate(f"{where}[vat_rate]", rate) if rate not in (None, "") else None,
        eservice=values.flag(f"{where}[eservice]", eservice) if eservice not in (None, "") else None)


def _identifiers(param: str, raw: Any) -> list[str]:
    if raw in (None, "", []):
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [values.given_text(f"{param}[{index}]", item, 40) for index, item in enumerate(items)]


def _payment(raw: Any) -> PaymentRequest | None:
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, Mapping):
        raise InvalidParam("payment", "must be an object with payment_date, customer_bank_country and payment_mode")
    for name in raw:
        if name not in ("payment_date", "bank_country", "mode"):
            raise InvalidParam(f"payment[{name}]", "is not a known parameter")
    text = values.given_text("payment[payment_date]", _required_in(raw, "payment_date"))
    try:
        payment_date = date.fromisoformat(text)
    except ValueError:
        raise InvalidParam("payment[payment_date]", f"is not a date (YYYY-MM-DD): {text!r}") from None
    bank = raw.get("bank_country")
    return PaymentRequest(
        payment_date, values.given_text("payment[mode]", _required_in(raw, "mode"), 40),
        iso_codes.country_code("payment[bank_country]", values.given_text("payment[bank_country]", bank))
        if bank else None)


def _required_in(raw: Mapping[str, Any], name: str) -> Any:
    value = raw.get(name)
    if value is None or value == "":
        raise InvalidParam(f"payment[{name}]", "is required")
    return value
