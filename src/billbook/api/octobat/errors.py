"""Octobat error bodies. v2: `{"errors": {"<param>": [{"details": …}]}}` for 400, 404 and 422 (the
Ruby gem builds its message from that hash and crashes on a flat one), `{"errors": {"message": …}}`
for the other statuses. v1: `{"error": {"type", "message", "param"}}`."""

from starlette.responses import Response

from billbook.api.http.responses import json_response
from billbook.domain import errors

_STATUS = (
    (errors.AuthenticationFailed, 401),
    (errors.NotFound, 404),
    (errors.RouteNotFound, 404),
    (errors.MethodNotAllowed, 405),
    # "406 Unacceptable: your request format was not supported."
    (errors.UnsupportedFormat, 406),
    (errors.Conflict, 409),
    (errors.RequestTooLarge, 413),
    (errors.TooManyRequests, 429),
    (errors.MalformedRequest, 400),
)
# The statuses whose v2 body names parameters; the Ruby gem reads `message` for the others.
_DETAILED = frozenset({400, 402, 404, 422})
_V1_TYPES = {400: "invalid_request_error", 404: "invalid_request_error", 422: "invalid_request_error",
             401: "authentication_error"}


def status_of(error: errors.BillbookError) -> int:
    return next((code for kind, code in _STATUS if isinstance(error, kind)), 422)


def _headers(error: errors.BillbookError, status: int) -> dict[str, str] | None:
    if status == 401:
        return {"WWW-Authenticate": 'Basic realm="Billbook"'}
    if isinstance(error, errors.TooManyRequests):
        return {"Retry-After": str(error.retry_after)}
    return None


def render_v2_error(error: errors.BillbookError) -> Response:
    status = status_of(error)
    if status in _DETAILED:
        body = {error.param or "global": [{"details": error.message}]}
    else:
        body = {"message": error.message}
    return json_response({"errors": body}, status, _headers(error, status))


def render_v1_error(error: errors.BillbookError) -> Response:
    status = status_of(error)
    message = f"{error.param} {error.message}" if isinstance(error, errors.InvalidParam) else error.message
    body = {"type": _V1_TYPES.get(status, "api_error"), "message": message}
    if error.param:
        body["param"] = error.param
    return json_response({"error": body}, status, _headers(error, status))


def _internal_message(correlation_id: str) -> str:
    return f"An unexpected error occurred. Quote this correlation id when reporting it: {correlation_id}"


def render_v2_internal(correlation_id: str) -> Response:
    return json_response({"errors": {"message": _internal_message(correlation_id)}}, 500)


def render_v1_internal(correlation_id: str) -> Response:
    return json_response({"error": {"type": "api_error", "message": _internal_message(correlation_id)}}, 500)
