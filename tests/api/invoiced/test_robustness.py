"""Hostile or unlucky input never gets a 500 and never leaves a partial write."""

import pytest

from tests.support.concurrency import run_together


def create(api, **fields):
    response = api.post("/invoiced/customers", json=fields)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("fields, param", [
    ({"name": "A", "credit_limit": 1e20}, "credit_limit"),
    ({"name": "A", "credit_limit": "1e400"}, "credit_limit"),
    ({"name": "A", "owner": 2**63}, "owner"),
    ({"name": "A", "autopay_delay_days": 2**40}, "autopay_delay_days"),
    ({"name": "x" * 256}, "name"),
    ({"name": "A", "phone": "1" * 51}, "phone"),
    ({"name": "A", "taxes": ["t"] * 101}, "taxes"),
])
def test_values_beyond_what_is_stored_are_400s(api, fields, param):
    response = api.post("/invoiced/customers", json=fields)
    assert response.status_code == 400 and response.json()["param"] == param
    assert api.get("/invoiced/customers").json() == []


def test_amounts_keep_cents(api):
    assert create(api, name="A", credit_limit="1500.505")["credit_limit"] == 1500.51
    assert create(api, name="B", credit_limit=0.001)["credit_limit"] == 0


@pytest.mark.parametrize("query, param", [
    ("filter[owner]=99999999999999999999", "filter[owner]"),
    ("updated_after=253402300799", "updated_after"),
    ("updated_after=99999999999999999999", "updated_after"),
    ("page=99999999999999999999", "page"),
])
def test_list_parameters_out_of_range_are_400s(api, query, param):
    response = api.get(f"/invoiced/customers?{query}")
    assert response.status_code == 400 and response.json()["param"] == param


def test_unicode_digits_in_ids_are_not_found(api):
    assert api.get("/invoiced/customers/%C2%B2").status_code == 404


def test_filters_match_the_values_as_shown(api):
    create(api, name="A", currency="usd", country="fr")
    assert len(api.get("/invoiced/customers?filter[currency]=usd").json()) == 1
    assert len(api.get("/invoiced/customers?filter[country]=France").json()) == 1


def test_null_for_a_defaulted_field_keeps_the_default(api):
    customer = api.post("/invoiced/customers", data={"name": "A", "number": ""}).json()
    assert customer["number"].startswith("CUST-")
    contact = api.post(f"/invoiced/customers/{customer['id']}/contacts",
                       json={"name": "N", "primary": None, "sms_enabled": None}).json()
    assert contact["primary"] is True and contact["sms_enabled"] is False


def test_a_customer_cannot_become_its_own_ancestor(api):
    grandparent = create(api, name="G")
    parent = create(api, name="P", parent_customer=grandparent["id"])
    response = api.patch(f"/invoiced/customers/{grandparent['id']}", json={"parent_customer": parent["id"]})
    assert response.status_code == 400 and response.json()["param"] == "parent_customer"
    assert api.get(f"/invoiced/customers/{grandparent['id']}").json()["parent_customer"] is None


def test_concurrent_renumbering_to_one_number_lets_one_win(account, client_for):
    api = client_for(account.live_key)
    ids = [create(api, name=f"C{i}")["id"] for i in range(6)]
    statuses = run_together(6, lambda i: client_for(account.live_key).patch(
        f"/invoiced/customers/{ids[i]}", json={"number": "WANTED-1"}).status_code)
    assert sorted(statuses) == [200] + [400] * 5
    assert len(api.get("/invoiced/customers?filter[number]=WANTED-1").json()) == 1


def test_concurrent_contact_creates_respect_the_limit(account, client_for):
    api = client_for(account.live_key)
    customer = create(api, name="A")
    path = f"/invoiced/customers/{customer['id']}/contacts"
    for index in range(95):
        api.post(path, json={"name": f"C{index}"})
    statuses = run_together(10, lambda i: client_for(account.live_key).post(path, json={"name": f"N{i}"}).status_code)
    assert statuses.count(201) == 5 and statuses.count(400) == 5
    assert api.get(path).headers["X-Total-Count"] == "100"
