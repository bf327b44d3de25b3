"""What the HTTP providers (Twilio, Lob) share: one POST whose network failures are worth trying
again, their JSON answers read leniently, and the rule that rate limits and server errors pass
while any other refusal is final."""

from collections.abc import Callable

import httpx

from billbook.delivery.outcomes import Outcome, Refused, TryAgain

REASON_LIMIT = 500  # what an outbox message's reject_reason holds


async def post(provider: str, url: str, *, http: httpx.AsyncClient | None, timeout: float,
               **request) -> httpx.Response | TryAgain:
    """The provider's answer, or TryAgain when it could not be reached or did not answer in time."""
    try:
        if http is None:
            async with httpx.AsyncClient(timeout=timeout) as client:
                return await client.post(url, **request)
        return await http.post(url, timeout=timeout, **request)
    except httpx.TimeoutException:
        return TryAgain(f"{provider} did not answer in time")
    except httpx.TransportError as error:
        return TryAgain(f"{provider} could not be reached: {type(error).__name__}")


def refused_or_retried(response: httpx.Response, answer: dict,
                       reason: Callable[[httpx.Response, dict], str]) -> Outcome:
    """A failed answer: tried again on a rate limit or a server error, refused for good otherwise."""
    explained = reason(response, answer)
    if response.status_code == 429 or response.status_code >= 500:
        return TryAgain(explained)
    return Refused(explained)


def json_object(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def limited(reason: str) -> str:
    return reason if len(reason) <= REASON_LIMIT else reason[:REASON_LIMIT - 1] + "…"
