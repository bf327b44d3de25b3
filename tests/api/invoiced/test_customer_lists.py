"""GET /invoiced/customers: paging, filters, metadata, sort, time window, ledger conditions."""

import time

import pytest


def create(api, **fields):
    response = api.post("/invoiced/customers", json=fields)
    assert response.status_code == 201, response.text
    return response.json()


def names(response):
    assert response.status_code == 200, response.text
    return [customer["name"] for customer in response.json()]


def test_lists_are_bare_arrays_in_id_order_with_total_and_links(api):
    for name in ("A", "B", "C"):
        create(api, name=name)
    response = api.get("/invoiced/customers", params={"per_page": 2})
    assert names(response) == ["A", "B"]
    assert response.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in response.headers["Link"] and "page=2" in response.headers["Link"]
    assert names(api.get("/invoiced/customers", params={"per_page": 2, "page": 2})) == ["C"]
    assert names(api.get("/invoiced/customers", params={"per_page": 2, "page": 9})) == []


def test_filters_match_exactly_with_brackets_raw_or_encoded(api):
    create(api, name="Person", type="person", autopay=True)
    create(api, name="Company", type="company")
    assert names(api.get("/invoiced/customers?filter[type]=person")) == ["Person"]
    assert names(api.get("/invoiced/customers?filter%5Btype%5D=company")) == ["Company"]
    assert names(api.get("/invoiced/customers?filter[autopay]=True")) == ["Person"]
    assert names(api.get("/invoiced/customers?filter[autopay]=0")) == ["Company"]


def test_an_unknown_filter_is_refused(api):
    response = api.get("/invoiced/customers?filter[shoe_size]=9")
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid filter parameter: shoe_size"
    assert api.get("/invoiced/customers?filter[owner]=many").json()["param"] == "filter[owner]"


def test_metadata_filter(api):
    create(api, name="A", metadata={"crm": "x", "tier": "gold"})
    create(api, name="B", metadata={"crm": "y"})
    assert names(api.get("/invoiced/customers?metadata[crm]=x")) == ["A"]
    assert names(api.get("/invoiced/customers?metadata[crm]=x&metadata[tier]=silver")) == []


def test_sort(api):
    for name in ("Mid", "Alpha", "Zulu"):
        create(api, name=name)
    assert names(api.get("/invoiced/customers", params={"sort": "name asc"})) == ["Alpha", "Mid", "Zulu"]
    assert names(api.get("/invoiced/customers", params={"sort": "name desc"})) == ["Zulu", "Mid", "Alpha"]
    for bad in ("shoe_size asc", "name sideways", "name asc extra"):
        assert api.get("/invoiced/customers", params={"sort": bad}).json()["param"] == "sort"


def test_updated_after_and_before(api):
    old = create(api, name="Old")
    time.sleep(1.1)
    create(api, name="New")
    assert names(api.get("/invoiced/customers", params={"updated_after": old["updated_at"]})) == ["New"]
    assert names(api.get("/invoiced/customers", params={"updated_before": old["updated_at"] + 1})) == ["Old"]
    assert api.get("/invoiced/customers", params={"updated_after": "yesterday"}).json()["param"] == "updated_after"


@pytest.mark.parametrize("param", ["payment_source", "open_balance", "balance"])
def test_ledger_conditions_on_a_ledger_with_no_sources_or_balances(api, param):
    create(api, name="A")
    assert names(api.get("/invoiced/customers", params={param: "1"})) == []
    assert names(api.get("/invoiced/customers", params={param: "False"})) == ["A"]
    assert api.get("/invoiced/customers", params={param: "perhaps"}).json()["param"] == param


def test_page_and_per_page_are_checked_and_clamped(api):
    create(api, name="A")
    assert api.get("/invoiced/customers", params={"page": "x"}).json()["param"] == "page"
    assert api.get("/invoiced/customers", params={"page": "0"}).json()["param"] == "page"
    response = api.get("/invoiced/customers", params={"per_page": "1000"})
    assert "per_page=100" in response.headers["Link"]
