"""/octobat/v2/customers as seeds/octobat-v2-customers.md documents it."""

import re
from urllib.parse import urlencode

import pytest

from tests.support.octobat_seeds import LIST_KEYS, V2_CREATE, V2_CUSTOMER_KEYS

BASE = "/octobat/v2/customers"


def create(api, **fields):
    response = api.post(BASE, data=fields)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_seed_create_example_gives_the_documented_customer(api):
    body = create(api, **V2_CREATE)
    assert set(body) == V2_CUSTOMER_KEYS | {"metadata"}
    assert {key: body[key] for key in V2_CREATE} == V2_CREATE
    assert re.fullmatch(r"oc_cu_\d{10}[a-z0-9]{4}[0-9a-f]{8}", body["id"])
    assert body["object"] == "customer" and body["livemode"] is True
    assert (body["billing_address_line1"], body["billing_address_line2"], body["billing_address_state"]) == (
        None, None, None)
    assert body["sources"] == []
    assert body["payment_sources"]["object"] == "list" and body["payment_sources"]["data"] == []


def test_livemode_follows_the_key(client_for, account):
    test_client = client_for(account.test_key)
    assert create(test_client, billing_address_country="FR")["livemode"] is False


def test_the_billing_page_is_an_absolute_url_with_an_unguessable_token_per_customer(api):
    first, second = create(api, billing_address_country="FR"), create(api, billing_address_country="FR")
    pages = {first["octobat_billing_page"], second["octobat_billing_page"]}
    assert len(pages) == 2
    for page in pages:
        assert re.fullmatch(r"https?://[^/]+/billing/[A-Za-z0-9_-]{32}", page)


@pytest.mark.parametrize("given, expected", [
    ({}, "B2C"),
    ({"tax_number": "FR60528551658"}, "B2B"),
    ({"business_type": "B2C", "tax_number": "FR60528551658"}, "B2C"),
    ({"business_type": "B2B"}, "B2B"),
])
def test_business_type_defaults_to_b2c_without_a_tax_number(api, given, expected):
    assert create(api, billing_address_country="France", **given)["business_type"] == expected


def test_billing_address_country_is_required_and_accepts_codes_and_english_names(api):
    response = api.post(BASE, data={"name": "No country"})
    assert response.status_code == 422
    assert response.json() == {"errors": {"billing_address_country": [{"details": "is required"}]}}
    assert create(api, billing_address_country="de")["billing_address_country"] == "Germany"
    response = api.post(BASE, data={"billing_address_country": "Atlantis"})
    assert response.status_code == 422 and "billing_address_country" in response.json()["errors"]


@pytest.mark.parametrize("tax_number", ["FR60528551659", "FR123", "not a number"])
def test_an_invalid_tax_number_is_a_422_naming_it_and_nothing_is_created(api, tax_number):
    response = api.post(BASE, data={"billing_address_country": "FR", "tax_number": tax_number})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["tax_number"]
    assert api.get(BASE).json()["total_count"] == 0


def test_a_tax_number_without_prefix_is_read_as_one_of_the_billing_country(api):
    assert create(api, billing_address_country="FR", tax_number="605 285 516 58")["tax_number"] == "FR60528551658"


def test_retrieve_and_update_as_in_the_seed(api):
    customer = create(api, **V2_CREATE)
    path = f"{BASE}/{customer['id']}"
    assert api.get(path).json() == customer
    updated = api.patch(path, data={"email": "admin@octobat.com"})
    assert updated.status_code == 200
    assert updated.json() == {**customer, "email": "admin@octobat.com"}
    assert api.get(path).json()["email"] == "admin@octobat.com"


def test_an_empty_value_clears_a_field_but_never_the_country(api):
    customer = create(api, **V2_CREATE)
    path = f"{BASE}/{customer['id']}"
    assert api.patch(path, data={"phone_number": ""}).json()["phone_number"] is None
    response = api.patch(path, data={"billing_address_country": ""})
    assert response.status_code == 422
    assert api.get(path).json()["billing_address_country"] == "France"


def test_sources_are_settable_and_filter_the_list(api):
    stripe = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_8Xw1"}
    form = urlencode([("billing_address_country", "FR"), ("name", "From Stripe"),
                      ("sources[][gateway]", "stripe"), ("sources[][source_type]", "customer"),
                      ("sources[][identifier]", "cus_8Xw1")])
    response = api.post(BASE, content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text
    assert response.json()["sources"] == [stripe]
    create(api, billing_address_country="FR", name="Other")
    found = api.get(BASE, params={"source": "cus_8Xw1"}).json()
    assert [c["name"] for c in found["data"]] == ["From Stripe"] and found["total_count"] == 1
    assert api.get(BASE, params={"source": "cus_unknown"}).json()["data"] == []
    # Moving the reference to another customer moves what the filter finds.
    other = api.get(BASE).json()["data"][0]
    api.patch(f"{BASE}/{response.json()['id']}", json={"sources": []})
    api.patch(f"{BASE}/{other['id']}", json={"sources": [stripe]})
    assert [c["name"] for c in api.get(BASE, params={"source": "cus_8Xw1"}).json()["data"]] == ["Other"]


def test_a_source_needs_an_identifier(api):
    response = api.post(BASE, json={"billing_address_country": "FR", "sources": [{"gateway": "stripe"}]})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["sources[0][identifier]"]


def test_delete_answers_with_a_json_body(api):
    customer = create(api, billing_address_country="FR")
    response = api.delete(f"{BASE}/{customer['id']}")
    assert response.status_code == 200
    assert response.json() == {"id": customer["id"], "object": "customer", "deleted": True}
    assert api.get(f"{BASE}/{customer['id']}").status_code == 404


def test_the_list_is_the_documented_list_object_newest_first(api):
    ids = [create(api, billing_address_country="FR", name=f"C{n}")["id"] for n in range(3)]
    body = api.get(BASE).json()
    assert LIST_KEYS <= set(body)
    assert (body["object"], body["has_more"], body["has_before"], body["total_count"]) == ("list", False, False, 3)
    assert body["request_url"] == "/customers"
    assert [c["id"] for c in body["data"]] == ids[::-1]


def test_unknown_and_read_only_parameters(api):
    response = api.post(BASE, data={"billing_address_country": "FR", "colour": "blue"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["colour"]
    # What a client read back may be sent again: the server's own fields are ignored.
    body = create(api, billing_address_country="FR", livemode="false", octobat_billing_page="x", id="oc_cu_forged")
    assert body["livemode"] is True and body["id"] != "oc_cu_forged"


def test_a_customer_with_a_credit_balance_is_not_deleted(api):
    customer = create(api, billing_address_country="FR", name="Credited")
    [invoiced] = api.get("/invoiced/customers").json()
    api.post("/invoiced/credit_balance_adjustments", json={"customer": invoiced["id"], "amount": 10})
    response = api.delete(f"{BASE}/{customer['id']}")
    assert response.status_code == 422, response.text
    assert api.get(f"{BASE}/{customer['id']}").json() == customer


def test_metadata_is_stored_and_shown_on_create_retrieve_list_and_through_invoiced(api):
    customer = create(api, billing_address_country="FR", **{"metadata[crm]": "42", "metadata[tier]": "gold"})
    assert customer["metadata"] == {"crm": "42", "tier": "gold"}
    assert api.get(f"{BASE}/{customer['id']}").json()["metadata"] == customer["metadata"]
    assert [c["metadata"] for c in api.get(BASE).json()["data"]] == [customer["metadata"]]
    [invoiced] = api.get("/invoiced/customers").json()
    assert invoiced["metadata"] == customer["metadata"]
    assert create(api, billing_address_country="FR")["metadata"] == {}


def test_an_update_changes_only_the_metadata_keys_it_sends_as_the_gem_sends_them(api):
    path = f"{BASE}/{create(api, billing_address_country='FR', **{'metadata[crm]': '42'})['id']}"
    added = api.patch(path, data={"metadata[tier]": "gold"})
    assert added.status_code == 200 and added.json()["metadata"] == {"crm": "42", "tier": "gold"}
    assert api.patch(path, data={"email": "a@octobat.com"}).json()["metadata"] == {"crm": "42", "tier": "gold"}
    assert api.patch(path, data={"metadata[crm]": ""}).json()["metadata"] == {"tier": "gold"}
    assert api.patch(path, json={"metadata": {"tier": "silver", "seats": 3}}).json()["metadata"] == {
        "tier": "silver", "seats": "3"}
    assert api.patch(path, data={"metadata": ""}).json()["metadata"] == {}


def test_reassigned_metadata_replaces_ten_keys_by_ten_others(api):
    old = {f"old{i}": "x" for i in range(10)}
    path = f"{BASE}/{create(api, billing_address_country='FR', **{f'metadata[{k}]': v for k, v in old.items()})['id']}"
    # The Ruby gem sends the new keys and blanks the ones the object no longer has.
    new = {f"new{i}": "y" for i in range(10)}
    reassigned = api.patch(path, json={"metadata": {**new, **{key: "" for key in old}}})
    assert reassigned.status_code == 200 and reassigned.json()["metadata"] == new


@pytest.mark.parametrize("metadata, param", [
    ({f"k{i}": "v" for i in range(11)}, "metadata"),
    ({"k": "v" * 256}, "metadata[k]"),
    ({"k" * 41: "v"}, f"metadata[{'k' * 41}]"),
    ({"k": {"nested": "v"}}, "metadata[k]"),
    ("not an object", "metadata"),
])
def test_metadata_keeps_to_the_invoiced_limits(api, metadata, param):
    refused = api.post(BASE, json={"billing_address_country": "FR", "metadata": metadata})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == [param]
    assert api.get(BASE).json()["total_count"] == 0


def test_an_update_may_not_take_metadata_past_ten_keys(api):
    customer = create(api, billing_address_country="FR", **{f"metadata[k{i}]": "v" for i in range(10)})
    refused = api.patch(f"{BASE}/{customer['id']}", data={"metadata[one_more]": "v"})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["metadata"]
    assert api.get(f"{BASE}/{customer['id']}").json()["metadata"] == customer["metadata"]
