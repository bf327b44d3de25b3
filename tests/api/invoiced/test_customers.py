"""POST/GET/PATCH/DELETE /invoiced/customers, as the seeds document them."""

import pytest

from tests.support.seeds import EVERY_CREATE_FIELD, SEED_CREATE, SEED_UPDATE
from tests.support.seeds import SEED_CUSTOMER_KEYS as SEED_KEYS


def create(api, **fields):
    response = api.post("/invoiced/customers", json=fields)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_the_seed_create_example(api, encoding):
    response = api.post("/invoiced/customers", **{"json" if encoding == "json" else "data": SEED_CREATE})
    assert response.status_code == 201
    body = response.json()
    assert SEED_KEYS <= set(body)
    assert {key: body[key] for key in SEED_CREATE} == SEED_CREATE
    assert body["object"] == "customer" and isinstance(body["id"], int)
    assert (body["autopay"], body["chase"], body["taxable"], body["credit_hold"]) == (False, True, True, False)
    assert body["metadata"] == {} and body["taxes"] == [] and body["payment_source"] is None
    assert body["number"].startswith("CUST-") and isinstance(body["created_at"], int)
    assert body["country"] == "FR"  # the account's country when none is given


def test_every_documented_field_can_be_set(api):
    parent = create(api, name="Parent")
    fields = {**EVERY_CREATE_FIELD, "parent_customer": parent["id"]}
    body = create(api, **fields)
    assert {key: body[key] for key in fields} == fields
    assert api.get(f"/invoiced/customers/{body['id']}").json() == body


def test_retrieve_update_and_delete_as_in_the_seed(api):
    customer = create(api, **SEED_CREATE)
    path = f"/invoiced/customers/{customer['id']}"
    assert api.get(path).json() == customer
    updated = api.patch(path, data=SEED_UPDATE)
    assert updated.status_code == 200
    assert {key: updated.json()[key] for key in SEED_UPDATE} == SEED_UPDATE
    assert updated.json()["email"] == "billing@acmecorp.com"
    assert api.get(path).json() == updated.json()
    deleted = api.delete(path)
    assert deleted.status_code == 204 and deleted.content == b""
    missing = api.get(path)
    assert missing.status_code == 404
    assert missing.json() == {"type": "invalid_request", "message": f"Customer was not found: {customer['id']}"}


def test_generated_numbers_are_unique_and_skip_numbers_taken_by_hand(api):
    first = create(api, name="A")["number"]
    assert first == "CUST-00001"
    create(api, name="B", number="CUST-00002")
    assert create(api, name="C")["number"] == "CUST-00003"


def test_a_duplicate_number_is_refused_on_create_and_update(api):
    create(api, name="A", number="N-1")
    other = create(api, name="B")
    for response in (api.post("/invoiced/customers", json={"name": "C", "number": "N-1"}),
                     api.patch(f"/invoiced/customers/{other['id']}", json={"number": "N-1"})):
        assert response.status_code == 400
        assert response.json()["param"] == "number"
    assert api.patch(f"/invoiced/customers/{other['id']}", json={"number": other["number"]}).status_code == 200


@pytest.mark.parametrize("fields, param", [
    ({}, "name"), ({"name": ""}, "name"), ({"name": "A", "email": "nope"}, "email"),
    ({"name": "A", "country": "Atlantis"}, "country"), ({"name": "A", "currency": "EURO"}, "currency"),
    ({"name": "A", "language": "xx"}, "language"), ({"name": "A", "type": "robot"}, "type"),
    ({"name": "A", "autopay": "maybe"}, "autopay"), ({"name": "A", "credit_limit": "lots"}, "credit_limit"),
    ({"name": "A", "metadata": {f"k{i}": "v" for i in range(11)}}, "metadata"),
    ({"name": "A", "metadata": {"k": "v" * 256}}, "metadata[k]"),
    ({"name": "A", "unknown_field": 1}, "unknown_field"), ({"name": "A", "parent_customer": 999999}, "parent_customer"),
])
def test_bad_input_is_a_400_naming_the_parameter_and_changes_nothing(api, fields, param):
    response = api.post("/invoiced/customers", json=fields)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "invalid_request" and body["param"] == param and body["message"]
    listed = api.get("/invoiced/customers")
    assert listed.json() == [] and listed.headers["X-Total-Count"] == "0"


def test_english_country_names_are_accepted(api):
    assert create(api, name="A", country="United States")["country"] == "US"


def test_currencies_are_shown_lower_case_as_invoiced_does(api):
    assert create(api, name="A", currency="EUR")["currency"] == "eur"


def test_an_update_changes_only_what_is_sent_and_rejects_bad_values_atomically(api):
    customer = create(api, name="Acme", city="Paris", metadata={"a": "1"})
    path = f"/invoiced/customers/{customer['id']}"
    refused = api.patch(path, json={"city": "Lyon", "email": "bad"})
    assert refused.status_code == 400 and refused.json()["param"] == "email"
    assert api.get(path).json()["city"] == "Paris"
    updated = api.patch(path, json={"notes": "n", "metadata": {"b": "2"}}).json()
    assert (updated["city"], updated["notes"], updated["metadata"]) == ("Paris", "n", {"b": "2"})
    cleared = api.patch(path, data={"notes": ""}).json()
    assert cleared["notes"] is None
    assert api.patch(path, json={"name": None}).json()["param"] == "name"


def test_read_only_fields_sent_back_are_ignored(api):
    customer = create(api, name="Acme")
    echoed = api.patch(f"/invoiced/customers/{customer['id']}", json={**customer, "name": "Acme 2"})
    assert echoed.status_code == 200 and echoed.json()["name"] == "Acme 2"
    assert echoed.json()["id"] == customer["id"]


def test_unknown_or_malformed_ids_are_404(api):
    for path in ("/invoiced/customers/999999", "/invoiced/customers/abc", "/invoiced/customers/-1"):
        assert api.get(path).status_code == 404
        assert api.patch(path, json={"name": "x"}).status_code == 404
        assert api.delete(path).status_code == 404


def test_broken_bodies_are_400s_in_the_invoiced_format(api):
    response = api.post("/invoiced/customers", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "message" in response.json()
    response = api.post("/invoiced/customers", content=b"<xml/>", headers={"Content-Type": "text/xml"})
    assert response.status_code == 415 and "message" in response.json()


def test_expand_parent_customer(api):
    parent = create(api, name="Parent")
    child = create(api, name="Child", parent_customer=parent["id"])
    expanded = api.get(f"/invoiced/customers/{child['id']}", params={"expand": "parent_customer"}).json()
    assert expanded["parent_customer"]["name"] == "Parent"
    listed = api.get("/invoiced/customers", params={"expand": "parent_customer", "filter[name]": "Child"}).json()
    assert listed[0]["parent_customer"]["id"] == parent["id"]
    assert api.get(f"/invoiced/customers/{child['id']}").json()["parent_customer"] == parent["id"]


def test_a_stripe_token_is_refused_naming_it_as_no_payment_gateway_is_connected(api):
    refused = api.post("/invoiced/customers", json={"name": "Acme", "stripe_token": "tok_visa"})
    assert refused.status_code == 400
    assert refused.json()["param"] == "stripe_token" and "no payment gateway is connected" in refused.json()["message"]
    assert api.get("/invoiced/customers").json() == []
    customer = create(api, name="Acme")
    path = f"/invoiced/customers/{customer['id']}"
    refused = api.patch(path, data={"name": "Acme 2", "stripe_token": "tok_visa"})
    assert refused.status_code == 400 and refused.json()["param"] == "stripe_token"
    assert api.get(path).json() == customer


def test_a_customer_whose_only_history_is_a_credit_adjustment_is_not_deleted(api):
    customer = create(api, name="Credited")
    path = f"/invoiced/customers/{customer['id']}"
    adjusted = api.post("/invoiced/credit_balance_adjustments", json={"customer": customer["id"], "amount": 10,
                                                                      "currency": "eur"})
    assert adjusted.status_code == 201, adjusted.text
    response = api.delete(path)
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "invalid_request"
    assert api.get(path).json() == customer
    assert api.get(f"{path}/balance").json()["available_credits"] == 10
