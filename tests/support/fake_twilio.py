"""A local stand-in for Twilio's Messages API, speaking its protocol: form-encoded
`To`/`From`/`Body` under HTTP Basic (account SID, auth token), a 201 with the message resource,
and Twilio's error bodies (`code`, `message`, `more_info`, `status`)."""

import re
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from urllib.parse import parse_qs

from tests.support.json_server import basic_credentials, json_server

_PATH = re.compile(r"/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\.json")
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")


@dataclass
class FakeTwilio:
    accounts: dict[str, str] = field(default_factory=dict)  # account SID → auth token
    numbers: set[str] = field(default_factory=set)  # the senders the accounts own
    invalid: set[str] = field(default_factory=set)  # numbers answered with 21211
    unsubscribed: set[str] = field(default_factory=set)  # numbers that texted STOP: 21610
    down_for: int = 0  # the next requests answered 503
    rate_limited_for: int = 0  # the next requests answered 429
    slow_for: int = 0  # the next requests answered after `slowness` seconds
    slowness: float = 2.0
    requests: list[dict] = field(default_factory=list)  # every request: its form and headers
    messages: list[dict] = field(default_factory=list)  # the messages accepted
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def _error(code: int, message: str, status: int) -> tuple[int, dict]:
    return status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    "status": status}


def _answer(twilio: FakeTwilio, path: str, headers, body: bytes) -> tuple[int, dict]:
    with twilio.lock:
        if twilio.down_for > 0:
            twilio.down_for -= 1
            return _error(20500, "Service Unavailable", 503)
        if twilio.rate_limited_for > 0:
            twilio.rate_limited_for -= 1
            return _error(20429, "Too Many Requests", 429)
    matched = _PATH.fullmatch(path)
    if matched is None:
        return _error(20404, f"The requested resource {path} was not found", 404)
    sid = matched.group(1)
    user, password = basic_credentials(headers.get("Authorization"))
    if user != sid or twilio.accounts.get(sid) != password or not password:
        return _error(20003, "Authenticate", 401)
    # Twilio reads forms only: a JSON body has no 'To'.
    form = {}
    if (headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
        form = {key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
    to, sender, text = form.get("To", ""), form.get("From", ""), form.get("Body", "")
    if not to:
        return _error(21604, "A 'To' phone number is required.", 400)
    if not sender:
        return _error(21603, "A 'From' phone number is required.", 400)
    if not text:
        return _error(21602, "Message body is required.", 400)
    if not _E164.fullmatch(to) or to in twilio.invalid:
        return _error(21211, f"The 'To' number {to} is not a valid phone number.", 400)
    if sender not in twilio.numbers:
        return _error(21606, f"The From phone number {sender} is not a valid, SMS-capable inbound phone number or "
                             "short code for your account.", 400)
    if to in twilio.unsubscribed:
        return _error(21610, "Attempt to send to unsubscribed recipient", 400)
    if len(text) > 1600:
        return _error(21617, "The concatenated message body exceeds the 1600 character limit.", 400)
    now = format_datetime(datetime.now(timezone.utc), usegmt=False)
    message_sid = "SM" + secrets.token_hex(16)
    message = {
        "account_sid": sid, "api_version": "2010-04-01", "body": text, "date_created": now, "date_sent": None,
        "date_updated": now, "direction": "outbound-api", "error_code": None, "error_message": None,
        "from": sender, "messaging_service_sid": None, "num_media": "0",
        "num_segments": str(1 if len(text) <= 160 else -(-len(text) // 153)), "price": None,
        "price_unit": "USD", "sid": message_sid, "status": "queued",
        "subresource_uris": {"media": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}/Media.json"},
        "to": to, "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
    }
    with twilio.lock:
        twilio.messages.append(message)
    return 201, message


@contextmanager
def fake_twilio():
    """Yields the fake, its `url` the base to give BILLBOOK_TWILIO_API_URL."""
    twilio = FakeTwilio()

    def answer(path: str, headers, body: bytes) -> tuple[int, dict]:
        with twilio.lock:
            twilio.requests.append({"path": path, "headers": dict(headers), "body": body})
            slow = twilio.slow_for > 0
            twilio.slow_for -= 1 if slow else 0
        if slow:
            time.sleep(twilio.slowness)
        return _answer(twilio, path, headers, body)

    with json_server(answer) as url:
        twilio.url = url
        yield twilio
