"""Countries, currencies and languages as ISO codes, accepting the spellings callers really send."""

from functools import lru_cache

import pycountry

from billbook.domain.errors import InvalidParam


@lru_cache(maxsize=1024)
def _country_code(value: str) -> str | None:
    text = value.strip()
    if len(text) == 2:
        country = pycountry.countries.get(alpha_2=text.upper())
        return country.alpha_2 if country else None
    try:
        # lookup() matches alpha-3 codes and the official, common and short English names.
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def country_code(param: str, value: str) -> str:
    """ISO 3166-1 alpha-2 for a code ("fr", "FRA") or an English name ("France")."""
    code = _country_code(value)
    if code is None:
        raise InvalidParam(param, f"is not a recognized country: {value!r} (use a two-letter ISO code)")
    return code


@lru_cache(maxsize=256)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name if country else code


@lru_cache(maxsize=512)
def _currency_code(value: str) -> str | None:
    currency = pycountry.currencies.get(alpha_3=value.strip().upper())
    return currency.alpha_3 if currency else None


def currency_code(param: str, value: str) -> str:
    """ISO 4217 code, upper-case."""
    code = _currency_code(value)
    if code is None:
        raise InvalidParam(param, f"is not an ISO 4217 currency code: {value!r}")
    return code


@lru_cache(maxsize=512)
def _language_code(value: str) -> str | None:
    text = value.strip().lower()
    if len(text) != 2:
        return None
    return text if pycountry.languages.get(alpha_2=text) else None


def language_code(param: str, value: str) -> str:
    """ISO 639-1 two-letter code, lower-case."""
    code = _language_code(value)
    if code is None:
        raise InvalidParam(param, f"is not an ISO 639-1 language code: {value!r}")
    return code
