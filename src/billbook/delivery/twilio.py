"""Text messages through Twilio's Messages API.

`POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From`, `Body`
(JSON is refused with error 21604), HTTP Basic with the account SID and auth token. Twilio takes
no idempotency key for messages: a text is sent twice only if the process dies between Twilio's
answer and the worker recording it.
"""

import httpx

from billbook.config import DEFAULT_TWILIO_API_URL
from billbook.delivery.outcomes import Delivered, Outcome, Refused, TryAgain
from billbook.delivery.provider_http import json_object, limited, post, refused_or_retried
from billbook.domain.providers import TwilioConnection

TIMEOUT_SECONDS = 15.0
# The outbox keeps a reason in 500 characters.
# Answers at creation that already say the text will not go (a 201 is otherwise `queued`,
# `accepted` or `scheduled`).
_FAILED_STATES = frozenset({"failed", "undelivered", "canceled"})


async def send_sms(connection: TwilioConnection, to: str, body: str, *, base_url: str = DEFAULT_TWILIO_API_URL,
                   http: httpx.AsyncClient | None = None, timeout: float = TIMEOUT_SECONDS,
                   status_callback: str | None = None) -> Outcome:
    """Hand one text to Twilio. `to` is in E.164 (domain.phones.e164). Delivered carries the
    message's SID (`SM…`) and Twilio's first status; 5xx, 429 and network failures are TryAgain;
    any other refusal (21211 invalid 'To', 21610 unsubscribed, 20003 bad credentials…) is Refused
    with Twilio's own explanation."""
    url = f"{base_url.rstrip('/')}/2010-04-01/Accounts/{connection.account_sid}/Messages.json"
    form = {"To": to, "From": connection.from_number, "Body": body}
    if status_callback:
        form["StatusCallback"] = status_callback
    auth = httpx.BasicAuth(connection.account_sid, connection.auth_token)
    response = await post("Twilio", url, http=http, timeout=timeout, data=form, auth=auth)
    return response if isinstance(response, TryAgain) else read_answer(response)


def read_answer(response: httpx.Response) -> Outcome:
    answer = json_object(response)
    if response.is_success:
        status = answer.get("status")
        if status in _FAILED_STATES:
            return Refused(limited(f"Twilio {status} the message: {answer.get('error_message') or 'no reason given'}"
                                  f" (error {answer.get('error_code')})"))
        details = {key: answer[key] for key in ("status", "num_segments", "date_created", "to") if key in answer}
        return Delivered(reference=str(answer.get("sid") or ""), details=details)
    return refused_or_retried(response, answer, _reason)


def _reason(response: httpx.Response, answer: dict) -> str:
    """Twilio's error body: {"code": 21211, "message": …, "more_info": …, "status": 400}."""
    message = answer.get("message") or response.reason_phrase or "no reason given"
    code = answer.get("code")
    reason = f"{message} (Twilio error {code}, HTTP {response.status_code}" if code else \
        f"{message} (HTTP {response.status_code}"
    more_info = answer.get("more_info")
    return limited(f"{reason}; {more_info})" if more_info else f"{reason})")
