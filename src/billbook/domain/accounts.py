"""An account: the company that bills, with the details its invoices must carry."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.eu import vat
from stdnum.fr import siret

from billbook.domain import iso_codes
from billbook.domain.errors import InvalidParam


@dataclass(slots=True)
class Account:
    id: int | None
    name: str
    country: str
    created_at: datetime
    currency: str = "EUR"
    vat_number: str | None = None
    legal_form: str | None = None
    siret: str | None = None
    capital_stock: Decimal | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    zip: str | None = None
    # Lines are electronically supplied services unless they say otherwise.
    eservice_default: bool = False
    # Over the EU-wide €10,000 B2C distance-sales threshold (art. 59c): consumers in other member
    # states are charged their own country's rate. The safe default.
    oss_threshold_exceeded: bool = True


# The details an account is created with and may change; the first ones it always has.
REQUIRED = ("name", "country", "currency", "eservice_default", "oss_threshold_exceeded")
OPTIONAL = ("vat_number", "legal_form", "siret", "capital_stock", "address_line1", "address_line2", "city", "zip")
DETAILS = REQUIRED + OPTIONAL
# A SIRET is a number of the French SIRENE register, which also covers the overseas departments
# (they are FR here, told apart by their post codes).
SIRET_COUNTRY = "FR"


def clean_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """Validate company details before they are stored: they are printed on legal documents.
    Text is stripped; a detail left out (None) or blank is not set, and a required one given blank
    is refused rather than quietly defaulted."""
    unknown = [key for key in details if key not in DETAILS]
    if unknown:
        raise InvalidParam(unknown[0], f"is not an account detail (they are: {', '.join(DETAILS)})")
    cleaned = {}
    for key, value in details.items():
        if isinstance(value, str):
            value = value.strip()
        if value == "" and key in REQUIRED:
            raise InvalidParam(key, "is required")
        if value is not None and value != "":
            cleaned[key] = value
    for key in ("name", "country"):
        if key not in cleaned:
            raise InvalidParam(key, "is required")
    cleaned["country"] = iso_codes.country_code("country", cleaned["country"])
    if "currency" in cleaned:
        cleaned["currency"] = iso_codes.currency_code("currency", cleaned["currency"])
    if "vat_number" in cleaned:
        if not vat.is_valid(cleaned["vat_number"]):
            raise InvalidParam("vat_number", f"is not a valid EU VAT number: {cleaned['vat_number']!r}")
        cleaned["vat_number"] = vat.compact(cleaned["vat_number"])
    if "siret" in cleaned:
        if not siret.is_valid(cleaned["siret"]):
            raise InvalidParam("siret", f"is not a valid SIRET number: {cleaned['siret']!r}")
        if cleaned["country"] != SIRET_COUNTRY:
            raise InvalidParam("siret", f"is a French establishment number: an account in {cleaned['country']} "
                                        "has none (an empty siret clears it)")
        cleaned["siret"] = siret.compact(cleaned["siret"])
    if "capital_stock" in cleaned:
        cleaned["capital_stock"] = _amount("capital_stock", cleaned["capital_stock"])
    return cleaned


def change_details(account: Account, changes: Mapping[str, Any]) -> Account:
    """The account with `changes` made, checked as at creation: an empty or blank value (or None)
    clears an optional detail; a required one cannot be cleared."""
    for key, value in changes.items():
        if key in REQUIRED and (value is None or (isinstance(value, str) and not value.strip())):
            raise InvalidParam(key, "is required: it can be changed, not cleared")
    details = {name: getattr(account, name) for name in DETAILS}
    details.update(changes)
    return replace(account, **{**dict.fromkeys(OPTIONAL), **clean_details(details)})


def _amount(param: str, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidParam(param, f"is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidParam(param, "must be a non-negative number")
    return amount
