"""Phone numbers, read in whatever form people type them and kept in E.164 (`+15125551212`),
the only form SMS providers take."""

import phonenumbers

from billbook.domain.errors import InvalidParam


def e164(number: str, default_region: str | None = None, *, param: str = "phone") -> str:
    """The number in E.164. A number without a `+` is read as one of `default_region` (an ISO
    3166-1 alpha-2 code, typically the customer's country); without a region it must start with
    `+`. A number no country's numbering plan allows is refused, naming `param`."""
    if not isinstance(number, str) or not number.strip():
        raise InvalidParam(param, "is required: a phone number")
    region = default_region.upper() if default_region else None
    try:
        parsed = phonenumbers.parse(number.strip(), region)
    except phonenumbers.NumberParseException:
        hint = "" if region else " (international form, starting with +)"
        raise InvalidParam(param, f"is not a phone number{hint}: {number!r}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidParam(param, f"is not a valid phone number: {number!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
