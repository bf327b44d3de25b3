"""A local stand-in for the EU's VIES register, speaking its REST protocol
(POST check-vat-number {"countryCode", "vatNumber"} → {"valid": …} or an error wrapper)."""

import json
from contextlib import contextmanager

from tests.support.json_server import json_server


class FakeVies:
    def __init__(self):
        self.registered: set[str] = set()  # full numbers, e.g. "DE136695976"
        self.down = False
        self.asked: list[str] = []


@contextmanager
def fake_vies():
    """Yields (register, url)."""
    register = FakeVies()

    def answer(_path: str, _headers, raw: bytes) -> tuple[int, dict]:
        body = json.loads(raw)
        number = body["countryCode"] + body["vatNumber"]
        register.asked.append(number)
        if register.down:
            return 200, {"actionSucceed": False, "errorWrappers": [{"error": "MS_UNAVAILABLE"}]}
        return 200, {"countryCode": body["countryCode"], "vatNumber": body["vatNumber"],
                     "requestDate": "2026-11-21T12:00:00.000Z", "valid": number in register.registered,
                     "name": "---", "address": "---"}

    with json_server(answer) as url:
        yield register, f"{url}/taxation_customs/vies/rest-api/check-vat-number"
