"""VAT registration numbers: checked offline for format and checksum with python-stdnum."""

from functools import lru_cache
from types import ModuleType

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module

from billbook.domain import values
from billbook.domain.errors import InvalidParam

# Greece writes EL in VAT numbers, Northern Ireland XI (both are handled by the EU module).
_VAT_PREFIX_OF_COUNTRY = {"GR": "EL", "CH": "CHE"}


@lru_cache(maxsize=64)
def _national_module(country: str) -> ModuleType | None:
    return get_cc_module(country.lower(), "vat")


def vat_number(param: str, value: str, country: str | None) -> str:
    """The number in compact form with its country prefix, or an error naming `param`.

    A number without a prefix is read as one of `country` (the customer's billing country); EU
    numbers are checked by the EU rules, others by their country's rules where stdnum has them.
    A number from a country stdnum has no rules for is kept as sent.
    """
    text = value.strip()
    if not text:
        raise InvalidParam(param, "cannot be blank")
    if country and not text[:2].isalpha() and _national_module(country):
        text = _VAT_PREFIX_OF_COUNTRY.get(country, country) + text
    checked = _checked(text, country)
    if checked:
        # Greek numbers carry EL, not the country's ISO code.
        return values.text(param, "EL" + checked[2:] if checked.startswith("GR") else checked, 50)
    if len(text) > 50:
        raise InvalidParam(param, "can be at most 50 characters")
    raise InvalidParam(param, f"is not a valid VAT number: {value!r}")


def _checked(number: str, country: str | None) -> str | None:
    prefix = number[:2].upper() if number[:2].isalpha() else None
    if prefix and (prefix.lower() in eu_vat.MEMBER_STATES or prefix == "EL"):
        return _validated(eu_vat, number)
    module = _national_module(prefix or country or "")
    if module is None:
        # No rules are known for this country: the number cannot be judged, so it is kept as sent.
        return None if prefix is None and country is None else number
    compact = _validated(module, number)
    if compact and prefix and not compact.startswith(prefix):
        compact = prefix + compact
    return compact


def _validated(module: ModuleType, number: str) -> str | None:
    try:
        return module.validate(number)
    except ValidationError:
        return None
