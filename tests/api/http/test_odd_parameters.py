"""Odd but well-formed input is a client error in the dialect's own format, on every route."""

import re

import pytest

DIALECTS = ["/invoiced", "/invoiced/legacy", "/octobat/v1", "/octobat/v2"]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


def operations(api, base: str) -> list[tuple[str, str]]:
    """Every (method, path) the dialect documents, its path parameters filled with an id."""
    document = api.get(f"{base}/openapi.json").json()
    return [(method.upper(), base + re.sub(r"\{[^}]+\}", "1", template))
            for template, methods in document["paths"].items() for method in methods]


def refuses_cleanly(response) -> bool:
    return response.status_code < 500 and response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("base", DIALECTS)
def test_a_parameter_named_by_digits_is_never_a_server_error(api, base):
    for method, path in operations(api, base):
        in_query = api.request(method, f"{path}?0=x")
        in_form = api.request(method, path, content=b"0=null", headers=FORM)
        in_json = api.request(method, path, content=b'{"0": null}', headers=JSON)
        for response in (in_query, in_form, in_json):
            assert refuses_cleanly(response), (method, path, response.status_code, response.text)


@pytest.mark.parametrize("base, path", [("/invoiced", "/customers"), ("/octobat/v2", "/customers")])
def test_a_list_ignores_a_parameter_named_by_digits(api, base, path):
    response = api.get(f"{base}{path}?0=x")
    assert response.status_code == 200


def test_creating_with_a_parameter_named_by_digits_names_it(api):
    response = api.post("/invoiced/customers", content=b"name=Acme&0=null", headers=FORM)
    assert response.status_code == 400 and response.json()["param"] == "0"
    octobat = api.post("/octobat/v2/customers", content=b"name=Acme&billing_address_country=FR&0=null",
                       headers=FORM)
    assert octobat.status_code == 422 and "0" in octobat.json()["errors"]


@pytest.mark.parametrize("base", DIALECTS)
def test_json_nested_a_thousand_levels_deep_is_a_client_error_on_every_route(api, base):
    body = b'{"name": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    for method, path in operations(api, base):
        if method in ("POST", "PATCH", "PUT"):
            response = api.request(method, path, content=body, headers=JSON)
            # Routes of a missing object may answer 404 first; creation routes read the body.
            expected = (400, 404) if "/1" in path else (400,)
            assert response.status_code in expected, (method, path, response.status_code, response.text)


@pytest.mark.parametrize("method, path, body, param", [
    ("GET", "/invoiced/customers", {"page": True}, "page"),
    ("GET", "/invoiced/invoices", {"per_page": True}, "per_page"),
    ("POST", "/invoiced/customers", {"name": "Acme", "owner": True}, "owner"),
    ("POST", "/invoiced/customers", {"name": "Acme", "chasing_cadence": False}, "chasing_cadence"),
])
def test_json_true_is_not_taken_for_an_integer_by_the_invoiced_dialect(api, method, path, body, param):
    response = api.request(method, path, json=body)
    assert response.status_code == 400 and response.json()["param"] == param


def test_json_true_is_not_taken_for_an_integer_by_the_octobat_dialects(api):
    listed = api.request("GET", "/octobat/v2/customers", json={"limit": True})
    assert listed.status_code == 422 and "limit" in listed.json()["errors"]
    customer = api.post("/octobat/v2/customers", json={"name": "Acme", "billing_address_country": "FR"}).json()
    source = api.post(f"/octobat/v2/customers/{customer['id']}/payment_sources",
                      json={"payment_source_type": "card", "source": "tok", "exp_month": True})
    assert source.status_code == 422 and "exp_month" in source.json()["errors"]
