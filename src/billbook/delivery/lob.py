"""Letters printed and mailed through Lob's letters API.

`POST {base}/v1/letters`, multipart with the PDF as `file` and the other fields as form fields
(nested ones in Lob's bracket notation, `to[address_line1]`), HTTP Basic with the API key as the
username and no password. The outbox message's id goes as the `Idempotency-Key`, so a retry
after a lost answer gets the same letter back instead of mailing a second one.

Lob prints on US Letter pages (8.5"×11") and wants the PDF's fonts embedded; with
`address_placement=insert_blank_page` it adds a first page for the address, so the statement's
own first page is printed whole.
"""

from dataclasses import dataclass

import httpx

from billbook.config import DEFAULT_LOB_API_URL
from billbook.delivery.outcomes import Delivered, Outcome, TryAgain
from billbook.delivery.provider_http import json_object, limited, post, refused_or_retried
from billbook.domain.providers import LobConnection

# Uploading a PDF of many pages can take a while.
TIMEOUT_SECONDS = 60.0
IDEMPOTENCY_KEY_LIMIT = 256


@dataclass(frozen=True, slots=True)
class LobAddress:
    """An inline address in Lob's fields. `name` is at most 40 characters; `address_state` is
    required for US addresses; `address_country` is an ISO 3166-1 alpha-2 code."""

    name: str
    address_line1: str
    address_city: str
    address_zip: str
    address_country: str
    address_line2: str | None = None
    address_state: str | None = None

    def fields(self, prefix: str) -> dict[str, str]:
        return {f"{prefix}[{key}]": value for key in self.__slots__
                if (value := getattr(self, key)) not in (None, "")}


async def send_letter(connection: LobConnection, *, to: LobAddress, sender: LobAddress, pdf: bytes,
                      idempotency_key: str, color: bool = False, double_sided: bool = True,
                      description: str | None = None, metadata: dict[str, str] | None = None,
                      base_url: str = DEFAULT_LOB_API_URL, http: httpx.AsyncClient | None = None,
                      timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """Ask Lob to print `pdf` and mail it from `sender` to `to`. Delivered carries Lob's letter id
    (`ltr_…`) and `expected_delivery_date` ("YYYY-MM-DD"); 5xx, 429 and network failures are
    TryAgain; any other refusal (an address Lob cannot mail, pages of the wrong size, fonts not
    embedded, a bad key) is Refused with Lob's message."""
    if not idempotency_key or len(idempotency_key) > IDEMPOTENCY_KEY_LIMIT:
        raise ValueError(f"an idempotency key of 1 to {IDEMPOTENCY_KEY_LIMIT} characters is needed")
    form = {
        **to.fields("to"), **sender.fields("from"),
        "color": _boolean(color), "double_sided": _boolean(double_sided),
        "use_type": "operational", "address_placement": "insert_blank_page",
    }
    if description:
        form["description"] = description[:255]
    for key, value in (metadata or {}).items():
        form[f"metadata[{key}]"] = value
    files = {"file": ("document.pdf", pdf, "application/pdf")}
    headers = {"Idempotency-Key": idempotency_key}
    auth = httpx.BasicAuth(connection.api_key, "")
    url = f"{base_url.rstrip('/')}/v1/letters"
    response = await post("Lob", url, http=http, timeout=timeout, data=form, files=files, headers=headers, auth=auth)
    return response if isinstance(response, TryAgain) else read_answer(response)


def read_answer(response: httpx.Response) -> Outcome:
    answer = json_object(response)
    if response.is_success:
        details = {key: answer[key] for key in ("expected_delivery_date", "carrier", "tracking_number", "send_date")
                   if answer.get(key) is not None}
        return Delivered(reference=str(answer.get("id") or ""), details=details)
    return refused_or_retried(response, answer, _reason)


def _reason(response: httpx.Response, answer: dict) -> str:
    """Lob's error body: {"error": {"message": …, "status_code": 422, "code": "invalid_file_dimensions"}}."""
    error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
    message = error.get("message") or response.reason_phrase or "no reason given"
    status = error.get("status_code") or response.status_code
    code = f"Lob {error['code']}, " if error.get("code") else "Lob, "
    reason = f"{message} ({code}HTTP {status})"
    return limited(reason)


def _boolean(value: bool) -> str:
    return "true" if value else "false"
