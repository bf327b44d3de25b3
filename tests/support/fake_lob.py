"""A local stand-in for Lob's letters API, speaking its protocol: `POST /v1/letters` as multipart
(the PDF as `file`, addresses in bracket notation) under HTTP Basic with the API key as the
username, the `Idempotency-Key` header honoured, the letter resource on success and Lob's error
body (`{"error": {"message", "status_code", "code"}}`) otherwise."""

import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP

from tests.support.json_server import basic_credentials, json_server

_ADDRESS_FIELDS = ("name", "company", "address_line1", "address_line2", "address_city", "address_state",
                   "address_zip", "address_country")


@dataclass
class FakeLob:
    keys: set[str] = field(default_factory=set)
    down_for: int = 0  # the next requests answered 503
    rate_limited_for: int = 0  # the next requests answered 429
    slow_for: int = 0  # the next requests answered after `slowness` seconds
    slowness: float = 2.0
    # The next letter refused with this (code, message), as Lob refuses a PDF it cannot print.
    refuse_next: tuple[str, str] | None = None
    requests: list[dict] = field(default_factory=list)  # every request: headers, fields, file
    letters: list[dict] = field(default_factory=list)  # the letters created (once per idempotency key)
    by_key: dict[str, dict] = field(default_factory=dict)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def _error(message: str, status: int, code: str) -> tuple[int, dict]:
    return status, {"error": {"message": message, "status_code": status, "code": code}}


def _parts(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    """The form fields and the files of a multipart/form-data body."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields, files = {}, {}
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = content
        else:
            fields[name] = content.decode()
    return fields, files


def _address(fields: dict[str, str], prefix: str) -> dict | None:
    address = {key: fields.get(f"{prefix}[{key}]") for key in _ADDRESS_FIELDS}
    if not any(address.values()):
        return None
    address["address_country"] = (address["address_country"] or "US").upper()
    return address


def _check_address(prefix: str, address: dict | None) -> tuple[int, dict] | None:
    if address is None:
        return _error(f"{prefix} is required", 422, "invalid")
    if not (address["name"] or address["company"]):
        return _error(f"{prefix} must have a name or a company", 422, "invalid")
    for key in ("name", "company"):
        if address[key] and len(address[key]) > 40:
            return _error(f"{prefix}.{key} length must be less than or equal to 40 characters long", 422,
                          "address_length_exceeds_limit")
    required = ("address_line1", "address_city", "address_zip") + (
        ("address_state",) if address["address_country"] == "US" else ())
    for key in required:
        if not address[key]:
            return _error(f"{prefix}.{key} is required", 422, "invalid")
    return None


def _answer(lob: FakeLob, record: dict, path: str, headers, body: bytes) -> tuple[int, dict]:
    with lob.lock:
        if lob.down_for > 0:
            lob.down_for -= 1
            return _error("Service Unavailable", 503, "service_unavailable")
        if lob.rate_limited_for > 0:
            lob.rate_limited_for -= 1
            return _error("Rate limit exceeded. Please wait 5 seconds and try your request again.", 429,
                          "rate_limit_exceeded")
    if path != "/v1/letters":
        return _error(f"The requested URL {path} was not found", 404, "not_found")
    key, password = basic_credentials(headers.get("Authorization"))
    if key not in lob.keys or password:
        return _error("Your API key is not valid. Please sign up on lob.com to get a valid api key.", 401,
                      "unauthorized")
    idempotency_key = headers.get("Idempotency-Key")
    if idempotency_key and len(idempotency_key) > 256:
        return _error("Idempotency-Key must be 256 characters or fewer", 422, "invalid")
    with lob.lock:
        if idempotency_key in lob.by_key:
            return 200, lob.by_key[idempotency_key]
    fields, files = _parts(headers.get("Content-Type") or "", body)
    record.update(fields=fields, files=files)
    to, sender = _address(fields, "to"), _address(fields, "from")
    for prefix, address in (("to", to), ("from", sender)):
        if (refusal := _check_address(prefix, address)) is not None:
            return refusal
    if "file" not in files:
        return _error("file is required", 422, "invalid")
    if not files["file"].startswith(b"%PDF"):
        return _error("file must be a PDF, an HTML string or a URL", 422, "invalid")
    if fields.get("color") not in ("true", "false"):
        return _error("color is required", 422, "invalid")
    if fields.get("use_type") not in ("marketing", "operational"):
        return _error("use_type must be one of [marketing, operational]", 422, "invalid")
    with lob.lock:
        refusal, lob.refuse_next = lob.refuse_next, None
    if refusal:
        return _error(refusal[1], 422, refusal[0])
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    letter_id = "ltr_" + secrets.token_hex(10)
    letter = {
        "id": letter_id, "description": fields.get("description"),
        "metadata": {name[9:-1]: value for name, value in fields.items() if name.startswith("metadata[")},
        "to": {"id": "adr_" + secrets.token_hex(8), "object": "address", **to},
        "from": {"id": "adr_" + secrets.token_hex(8), "object": "address", **sender},
        "color": fields["color"] == "true", "double_sided": fields.get("double_sided", "true") == "true",
        "address_placement": fields.get("address_placement", "top_first_page"), "return_envelope": False,
        "perforated_page": None, "custom_envelope": None, "extra_service": None, "mail_type": "usps_first_class",
        "url": f"https://lob-assets.com/letters/{letter_id}.pdf?expires=1700000000&signature=x",
        "carrier": "USPS", "tracking_number": None, "tracking_events": [], "thumbnails": [],
        "expected_delivery_date": (date.today() + timedelta(days=7)).isoformat(),
        "date_created": now, "date_modified": now, "send_date": now, "use_type": fields["use_type"],
        "object": "letter",
    }
    with lob.lock:
        lob.letters.append(letter)
        if idempotency_key:
            lob.by_key[idempotency_key] = letter
    return 200, letter


@contextmanager
def fake_lob():
    """Yields the fake, its `url` the base to give BILLBOOK_LOB_API_URL."""
    lob = FakeLob()

    def answer(path: str, headers, body: bytes) -> tuple[int, dict]:
        with lob.lock:
            record = {"path": path, "headers": dict(headers)}
            lob.requests.append(record)
            slow = lob.slow_for > 0
            lob.slow_for -= 1 if slow else 0
        if slow:
            time.sleep(lob.slowness)
        return _answer(lob, record, path, headers, body)

    with json_server(answer) as url:
        lob.url = url
        yield lob
