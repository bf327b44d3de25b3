"""Rules for the ways of reaching a party: email addresses."""

from email_validator import EmailNotValidError, validate_email

from billbook.domain.errors import InvalidParam


def email_address(param: str, value: str) -> str:
    """A syntactically valid address; deliverability is not checked (no network here)."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise InvalidParam(param, f"is not a valid email address: {value!r} ({error})") from None
