"""Each Octobat version answers failures in its own body, with the documented status codes."""

import json

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from billbook.api.app import create_app
from billbook.api.http import dialect
from billbook.api.http.runtime import Runtime
from billbook.api.octobat import errors
from billbook.config import Settings
from billbook.domain.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidParam,
    MalformedRequest,
    NotFound,
    TooManyRequests,
    UnsupportedFormat,
)
from tests.conftest import basic_auth

V2, V1 = "/octobat/v2", "/octobat/v1"


def test_a_wrong_key_is_a_401_in_each_version(client_for):
    wrong = client_for("bb_live_not_a_key")
    v2 = wrong.get(f"{V2}/customers")
    assert v2.status_code == 401 and set(v2.json()["errors"]) == {"message"}
    v1 = wrong.get(f"{V1}/customers")
    assert v1.status_code == 401 and v1.json()["error"]["type"] == "authentication_error"


def test_not_found_names_nothing_but_says_what_is_missing(api):
    v2 = api.get(f"{V2}/customers/oc_cu_missing")
    assert v2.status_code == 404
    assert v2.json() == {"errors": {"global": [{"details": "Customer was not found: oc_cu_missing"}]}}
    v1 = api.get(f"{V1}/customers/oc_cu_missing")
    assert v1.status_code == 404 and v1.json()["error"]["type"] == "invalid_request_error"
    assert api.get(f"{V2}/nowhere").status_code == 404


def test_another_accounts_customer_is_indistinguishable_from_a_missing_one(api, make_account, client_for):
    theirs = client_for(make_account().live_key).post(f"{V2}/customers", data={"billing_address_country": "FR"})
    response = api.get(f"{V2}/customers/{theirs.json()['id']}")
    assert response.status_code == 404
    assert api.patch(f"{V2}/customers/{theirs.json()['id']}", data={"name": "x"}).status_code == 404
    assert api.delete(f"{V2}/customers/{theirs.json()['id']}").status_code == 404


def test_an_unsupported_body_format_is_a_406(api):
    response = api.post(f"{V2}/customers", content=b"<customer/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 406 and "message" in response.json()["errors"]


def test_an_idempotency_key_replays_and_refuses_other_parameters(api):
    headers = {"Idempotency-Key": "create-once"}
    first = api.post(f"{V2}/customers", data={"billing_address_country": "FR"}, headers=headers)
    again = api.post(f"{V2}/customers", data={"billing_address_country": "FR"}, headers=headers)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other = api.post(f"{V2}/customers", data={"billing_address_country": "DE"}, headers=headers)
    assert other.status_code == 422 and list(other.json()["errors"]) == ["Idempotency-Key"]
    assert api.get(f"{V2}/customers").json()["total_count"] == 1


@pytest.mark.parametrize("error, status, v2_body", [
    (InvalidParam("tax_number", "is invalid"), 422, {"tax_number": [{"details": "is invalid"}]}),
    (NotFound("Customer", "oc_cu_x"), 404, {"global": [{"details": "Customer was not found: oc_cu_x"}]}),
    (MalformedRequest("broken JSON"), 400, {"global": [{"details": "broken JSON"}]}),
    (AuthenticationFailed("bad key"), 401, {"message": "bad key"}),
    (Conflict("still running"), 409, {"message": "still running"}),
    (UnsupportedFormat("use JSON"), 406, {"message": "use JSON"}),
    (TooManyRequests(2), 429, {"message": "Too many requests in a row; retry in 2 second(s)"}),
])
def test_every_error_has_its_documented_status_and_body(error, status, v2_body):
    v2 = errors.render_v2_error(error)
    assert (v2.status_code, json.loads(v2.body)) == (status, {"errors": v2_body})
    v1 = errors.render_v1_error(error)
    body = json.loads(v1.body)["error"]
    assert v1.status_code == status and body["message"].endswith(error.message)
    assert body["type"] == {401: "authentication_error", 404: "invalid_request_error", 400: "invalid_request_error",
                            422: "invalid_request_error"}.get(status, "api_error")
    assert body.get("param") == error.param


def test_a_method_a_route_does_not_have_is_a_405_listing_those_it_has(api):
    response = api.put(f"{V2}/customers")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"


def test_too_many_requests_is_a_429_with_retry_after(database, account):
    app = create_app(Settings(database_url=database.url, rate_limit=1), database)
    client = TestClient(app, headers=basic_auth(account.live_key), raise_server_exceptions=False)
    statuses = [client.get(f"{V2}/customers").status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and statuses[-1] == 429
    limited = client.get(f"{V1}/customers")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["type"] == "api_error"
    # Another key has its own allowance.
    other = TestClient(app, headers=basic_auth(account.test_key), raise_server_exceptions=False)
    assert other.get(f"{V2}/customers").status_code == 200


router = APIRouter()


@router.get("/boom")
def failure():
    raise RuntimeError("secret detail")


@pytest.mark.parametrize("render_error, render_internal, envelope", [
    (errors.render_v2_error, errors.render_v2_internal, "errors"),
    (errors.render_v1_error, errors.render_v1_internal, "error"),
])
def test_an_unexpected_failure_is_a_500_in_the_version_format_without_details(
        database, account, render_error, render_internal, envelope):
    app = dialect.build("Octobat errors", Runtime(Settings(database_url=database.url), database), [router],
                        render_error, render_internal)
    response = TestClient(app, headers=basic_auth(account.live_key), raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.headers["X-Correlation-Id"] in response.json()[envelope]["message"]
