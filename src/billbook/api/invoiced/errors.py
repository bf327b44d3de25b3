"""Invoiced error bodies: `{"type", "message", "param"}`; the clients need `message` always.

Invoiced answers a request that clashes with the ledger (a duplicate number, an invoice already
voided) with a 400 naming what is wrong, like any other invalid request. The one conflict that is
a 409 is a retry arriving while the first request with its `Idempotency-Key` is still running: the
caller should wait and retry, not change anything.
"""

from starlette.responses import Response

from billbook.api.http.responses import json_response
from billbook.domain import errors

_STATUS = (
    (errors.AuthenticationFailed, 401),
    (errors.NotFound, 404),
    (errors.RouteNotFound, 404),
    (errors.MethodNotAllowed, 405),
    (errors.UnsupportedFormat, 415),
    (errors.RequestTooLarge, 413),
    (errors.TooManyRequests, 429),
)
_IDEMPOTENCY_KEY = "Idempotency-Key"


def status_of(error: errors.BillbookError) -> int:
    if isinstance(error, errors.Conflict) and error.param == _IDEMPOTENCY_KEY:
        return 409
    return next((code for kind, code in _STATUS if isinstance(error, kind)), 400)


def render_error(error: errors.BillbookError) -> Response:
    status = status_of(error)
    message = f"{error.param} {error.message}" if isinstance(error, errors.InvalidParam) else error.message
    body = {"type": "rate_limit_error" if status == 429 else "invalid_request", "message": message}
    if error.param:
        body["param"] = error.param
    headers = {"WWW-Authenticate": 'Basic realm="Billbook"'} if status == 401 else None
    if isinstance(error, errors.TooManyRequests):
        headers = {"Retry-After": str(error.retry_after)}
    return json_response(body, status, headers)


def render_internal(correlation_id: str) -> Response:
    return json_response({
        "type": "api_error",
        "message": f"An unexpected error occurred. Quote this correlation id when reporting it: {correlation_id}",
        "correlation_id": correlation_id,
    }, 500)
