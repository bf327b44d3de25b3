"""Every failure comes back in the dialect's own JSON error body, never as a stack trace."""

import logging

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from billbook.api.http import dialect
from billbook.api.http.runtime import Runtime
from billbook.api.invoiced.errors import render_error, render_internal
from billbook.config import Settings
from billbook.domain.errors import NotFound
from tests.conftest import basic_auth

SECRET = "password=hunter2 at /srv/billbook/secret.py"
router = APIRouter()


@router.get("/boom")
def sync_failure():
    raise RuntimeError(SECRET)


@router.get("/async-boom")
async def async_failure():
    raise KeyError(SECRET)


@router.get("/customers/{customer_id}")
def missing_customer(customer_id: str):
    raise NotFound("Customer", customer_id)


@router.get("/count")
def typed(count: int):
    return {"count": count}


def dialect_app(database) -> FastAPI:
    # The routes never touch the database; it is there to recognise the API key.
    return dialect.build("Errors under test", Runtime(Settings(database_url=database.url), database),
                         [router], render_error, render_internal)


@pytest.fixture
def headers(account):
    return basic_auth(account.live_key)


@pytest.fixture
def client(database, headers):
    return TestClient(dialect_app(database), raise_server_exceptions=False, headers=headers)


@pytest.mark.parametrize("path", ["/boom", "/async-boom"])
def test_an_unexpected_exception_is_a_500_api_error_with_a_correlation_id(client, path):
    response = client.get(path)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["type"] == "api_error"
    assert len(body["correlation_id"]) == 32
    assert response.headers["X-Correlation-Id"] == body["correlation_id"]
    assert body["correlation_id"] in body["message"]


@pytest.mark.parametrize("path", ["/boom", "/async-boom"])
def test_a_500_body_reveals_no_traceback_or_exception_detail(client, path):
    text = client.get(path).text
    for leak in ["Traceback", "hunter2", "secret.py", "RuntimeError", "KeyError", 'File "']:
        assert leak not in text


def test_each_500_has_its_own_correlation_id(client):
    assert client.get("/boom").json()["correlation_id"] != client.get("/boom").json()["correlation_id"]


def test_the_correlation_id_is_logged_with_the_traceback(client, caplog):
    with caplog.at_level(logging.ERROR, logger="billbook.api"):
        correlation_id = client.get("/boom").headers["X-Correlation-Id"]
    logged = [record for record in caplog.records if correlation_id in record.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info is not None and isinstance(logged[0].exc_info[1], RuntimeError)


def test_the_500_is_caught_even_by_a_client_that_raises_server_exceptions(database, headers):
    response = TestClient(dialect_app(database), raise_server_exceptions=True, headers=headers).get("/boom")
    assert response.status_code == 500 and response.json()["type"] == "api_error"


def test_an_unknown_route_is_a_404_naming_the_method_and_path(client):
    response = client.get("/x")
    assert response.status_code == 404
    assert response.json() == {"type": "invalid_request", "message": "Request was not recognized: GET /x"}


def test_an_unknown_route_under_a_mount_names_the_path_inside_the_dialect(database, headers):
    parent = FastAPI()
    parent.mount("/invoiced", dialect_app(database))
    response = TestClient(parent, raise_server_exceptions=False, headers=headers).delete("/invoiced/x/y")
    assert response.status_code == 404
    assert response.json()["message"] == "Request was not recognized: DELETE /x/y"


def test_an_unknown_route_of_the_real_invoiced_api_is_a_404(anonymous):
    response = anonymous.get("/invoiced/x")
    assert response.status_code == 404
    assert response.json()["message"] == "Request was not recognized: GET /x"


def test_a_wrong_method_is_a_405_in_json(client):
    response = client.post("/boom")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"type": "invalid_request", "message": "Method POST is not allowed on /boom"}


def test_a_405_lists_the_allowed_methods_in_allow(client):
    response = client.post("/boom")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_a_domain_error_raised_by_a_route_is_rendered_by_the_dialect(client):
    response = client.get("/customers/9")
    assert response.status_code == 404
    assert response.json() == {"type": "invalid_request", "message": "Customer was not found: 9"}


def test_a_path_or_query_parameter_of_the_wrong_type_is_a_400_naming_it(client):
    response = client.get("/count?count=many")
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "invalid_request" and body["param"] == "count"
    assert body["message"].startswith("count ")
    assert client.get("/count?count=3").json() == {"count": 3}


def test_a_405_on_the_real_api_names_every_method_of_the_path(anonymous):
    response = anonymous.put("/invoiced/customers/1")
    assert response.status_code == 405 and response.headers["Allow"] == "DELETE, GET, PATCH"
    legacy = anonymous.get("/invoiced/legacy/customers/1/contacts/2")
    assert legacy.status_code == 405 and legacy.headers["Allow"] == "DELETE, PATCH"
