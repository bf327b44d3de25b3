"""The providers an account connects to send text messages (Twilio) and letters (Lob), and the
checks their credentials pass before they are stored."""

import re
from dataclasses import dataclass, field

from billbook.domain.errors import InvalidParam
from billbook.domain.phones import e164

TWILIO = "twilio"
LOB = "lob"
PROVIDERS = (TWILIO, LOB)

# Twilio account SIDs are "AC" and 32 hexadecimal digits.
_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")


@dataclass(frozen=True, slots=True)
class TwilioConnection:
    account_sid: str
    from_number: str  # E.164
    auth_token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class LobConnection:
    api_key: str = field(repr=False)

    @property
    def livemode(self) -> bool:
        """Lob's test keys (`test_…`) accept letters and mail nothing."""
        return self.api_key.startswith("live_")


def twilio_connection(account_sid: str, auth_token: str, from_number: str) -> TwilioConnection:
    sid = (account_sid or "").strip()
    if not _ACCOUNT_SID.fullmatch(sid):
        raise InvalidParam("account_sid", "is not a Twilio account SID (AC followed by 32 hexadecimal digits)")
    return TwilioConnection(account_sid=sid, auth_token=_secret("auth_token", auth_token),
                            from_number=e164(from_number, None, param="from"))


def lob_connection(api_key: str) -> LobConnection:
    return LobConnection(api_key=_secret("api_key", api_key))


def _secret(param: str, value: str) -> str:
    # Never echoed: the message names the parameter only.
    secret = (value or "").strip()
    if not secret:
        raise InvalidParam(param, "is required")
    if any(character.isspace() for character in secret):
        raise InvalidParam(param, "may not contain spaces")
    return secret
