"""The supplier's and the customer's blocks, as an invoice or a statement prints them, from the
snapshots the ledger keeps (`domain.invoices.supplier_snapshot`, `customer_snapshot`)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from billbook.documents.formatting import Formatter, national_currency

# Countries whose addresses end "City, State ZIP" rather than "ZIP City".
_CITY_FIRST = frozenset({"US", "CA", "AU"})


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def city_line(city: Any, state: Any, postal_code: Any, country: str | None) -> list[str]:
    city, state, postal_code = _text(city), _text(state), _text(postal_code)
    if country in _CITY_FIRST:
        tail = " ".join(part for part in (state, postal_code) if part)
        return [", ".join(part for part in (city, tail) if part)] if city or tail else []
    if country == "GB":
        return [part for part in (city, postal_code, state) if part]
    return [part for part in (" ".join(p for p in (postal_code, city) if p), state) if part]


def supplier_block(supplier: dict[str, Any], fmt: Formatter, words: dict[str, str]) -> dict[str, Any]:
    """Name, address and the legal identity French law asks for: legal form, share capital,
    SIREN/SIRET, VAT number."""
    country = _text(supplier.get("country")).upper() or None
    address = [_text(supplier.get("address"))] + city_line(supplier.get("city"), None, supplier.get("zip_code"),
                                                          country)
    if country:
        address.append(fmt.country(country))
    legal = []
    legal_form, capital = _text(supplier.get("legal_form")), _text(supplier.get("capital_stock"))
    if capital:
        amount = _capital(capital, country, fmt)
        legal.append(words["share_capital"].format(legal_form=legal_form, amount=amount) if legal_form
                     else words["share_capital_alone"].format(amount=amount))
    elif legal_form:
        legal.append(legal_form)
    siret = _text(supplier.get("siret"))
    if siret:
        digits = re.sub(r"\D", "", siret)
        legal.append(f"{words['siren'] if len(digits) == 9 else words['siret']} {siret}")
    vat_number = _text(supplier.get("vat_number"))
    if vat_number:
        legal.append(f"{words['vat_number']} {vat_number}")
    return {"name": _text(supplier.get("name")), "address": [line for line in address if line], "legal": legal}


def _capital(capital: str, country: str | None, fmt: Formatter) -> str:
    try:
        return fmt.major(Decimal(capital), national_currency(country, fmt.currency))
    except (InvalidOperation, ValueError):
        return capital


def customer_block(customer: dict[str, Any], fmt: Formatter, words: dict[str, str], *,
                   show_vat_number: bool) -> dict[str, Any]:
    country = _text(customer.get("country")).upper() or None
    address = [_text(customer.get("address_line1")), _text(customer.get("address_line2"))]
    address += city_line(customer.get("city"), customer.get("state"), customer.get("zip"), country)
    if country:
        address.append(fmt.country(country))
    vat_number = _text(customer.get("vat_number"))
    return {"name": _text(customer.get("name")), "address": [line for line in address if line],
            "vat_number": f"{words['vat_number']} {vat_number}" if show_vat_number and vat_number else ""}
