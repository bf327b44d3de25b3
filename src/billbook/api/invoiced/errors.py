"""Invoiced error bodies: `{"type", "message", "param"}`; the clients need `message` always."""

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


def render_error(error: errors.BillbookError) -> Response:
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
    message = f"{error.param} {error.message}" if isinstance(error, errors.InvalidParam) else error.message
    body = {"type": "invalid_request", "message": message}
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
