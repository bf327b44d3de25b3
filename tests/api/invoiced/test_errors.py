"""Invoiced error statuses and bodies, as reference/invoiced-wire.md documents them."""

import json

import pytest

from billbook.api.invoiced.errors import render_error
from billbook.domain.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidParam,
    MalformedRequest,
    NotFound,
    RuleViolation,
    TooManyRequests,
)

IN_FLIGHT = Conflict("A request with this Idempotency-Key is still being processed; retry later",
                     param="Idempotency-Key")


@pytest.mark.parametrize("error, status, body", [
    (InvalidParam("email", "is not an e-mail address"), 400,
     {"type": "invalid_request", "message": "email is not an e-mail address", "param": "email"}),
    (Conflict("A customer with number CUST-1 already exists", param="number"), 400,
     {"type": "invalid_request", "message": "A customer with number CUST-1 already exists", "param": "number"}),
    (Conflict("INV-0001 is already voided"), 400, {"type": "invalid_request", "message": "INV-0001 is already voided"}),
    (RuleViolation("It has invoices"), 400, {"type": "invalid_request", "message": "It has invoices"}),
    (MalformedRequest("broken JSON"), 400, {"type": "invalid_request", "message": "broken JSON"}),
    (AuthenticationFailed("bad key"), 401, {"type": "invalid_request", "message": "bad key"}),
    (NotFound("Customer", 9), 404, {"type": "invalid_request", "message": "Customer was not found: 9"}),
    (IN_FLIGHT, 409, {"type": "invalid_request", "message": IN_FLIGHT.message, "param": "Idempotency-Key"}),
    (TooManyRequests(2), 429,
     {"type": "rate_limit_error", "message": "Too many requests in a row; retry in 2 second(s)"}),
])
def test_every_error_has_the_status_and_body_invoiced_documents(error, status, body):
    response = render_error(error)
    assert (response.status_code, json.loads(response.body)) == (status, body)


def test_a_retry_while_the_first_request_runs_is_a_409_as_in_the_octobat_dialects():
    assert render_error(IN_FLIGHT).status_code == 409
