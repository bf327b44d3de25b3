"""The same customer whatever the client's encoding; the same ledger whatever the dialect."""

from urllib.parse import quote, urlencode

import pytest

from tests.support.octobat_seeds import V2_CREATE

V2 = "/octobat/v2/customers"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SOURCE = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_1"}
# What the clients send for the seed customer with one source.
RUBY = urlencode([*V2_CREATE.items(), ("sources[][gateway]", "stripe"), ("sources[][source_type]", "customer"),
                  ("sources[][identifier]", "cus_1")], quote_via=lambda s, *_: quote(s, safe="[]"))
PHP = urlencode([*V2_CREATE.items(), ("sources[0][gateway]", "stripe"), ("sources[0][source_type]", "customer"),
                 ("sources[0][identifier]", "cus_1")])


@pytest.mark.parametrize("encoding", ["ruby", "php", "json"])
def test_every_client_encoding_of_the_seed_create_gives_the_same_customer(api, encoding):
    if encoding == "json":
        response = api.post(V2, json={**V2_CREATE, "sources": [SOURCE]})
    else:
        response = api.post(V2, content=RUBY if encoding == "ruby" else PHP, headers=FORM)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {key: body[key] for key in V2_CREATE} == V2_CREATE and body["sources"] == [SOURCE]


def test_a_customer_created_through_octobat_is_the_invoiced_customer_and_back(api):
    created = api.post(V2, data={**V2_CREATE, "billing_address_line1": "25 rue du Petit Musc"}).json()
    [invoiced] = api.get("/invoiced/customers").json()
    assert (invoiced["name"], invoiced["email"], invoiced["phone"], invoiced["address1"], invoiced["city"],
            invoiced["postal_code"], invoiced["country"], invoiced["tax_id"]) == (
        "Octobat Inc.", "contact@octobat.com", "+33 9 52 54 03 70", "25 rue du Petit Musc", "Paris", "75004", "FR",
        "FR60528551658")
    api.patch(f"/invoiced/customers/{invoiced['id']}", json={"email": "billing@octobat.com", "city": "Lyon"})
    again = api.get(f"{V2}/{created['id']}").json()
    assert (again["email"], again["billing_address_city"]) == ("billing@octobat.com", "Lyon")
    v1 = api.get(f"/octobat/v1/customers/{created['id']}").json()
    assert (v1["vat_number"], v1["billing_address_city"]) == ("FR60528551658", "Lyon")
    api.delete(f"/invoiced/customers/{invoiced['id']}")
    assert api.get(f"{V2}/{created['id']}").status_code == 404


def test_an_invoiced_customer_is_listed_by_octobat_with_derived_business_type(api):
    api.post("/invoiced/customers", json={"name": "Invoiced Co", "country": "DE", "tax_id": "DE136695976"})
    [customer] = api.get(V2).json()["data"]
    assert (customer["name"], customer["billing_address_country"], customer["business_type"],
            customer["tax_number"]) == ("Invoiced Co", "Germany", "B2B", "DE136695976")


def test_a_nameless_octobat_customer_reads_as_nameless_through_invoiced(api):
    api.post(V2, data={"billing_address_country": "FR", "email": "anon@example.com"})
    [customer] = api.get("/invoiced/customers").json()
    assert customer["name"] is None and customer["email"] == "anon@example.com"
    # The Invoiced API itself still requires a name on create and refuses to clear it.
    assert api.post("/invoiced/customers", json={"email": "x@example.com"}).status_code == 400
    assert api.patch(f"/invoiced/customers/{customer['id']}", json={"name": None}).status_code == 400


def test_modes_and_accounts_are_isolated(api, client_for, account, make_account):
    created = api.post(V2, data={"billing_address_country": "FR"}).json()
    test_mode = client_for(account.test_key)
    assert test_mode.get(V2).json()["total_count"] == 0
    assert test_mode.get(f"{V2}/{created['id']}").status_code == 404
    stranger = client_for(make_account().live_key)
    assert stranger.get(V2).json()["data"] == []
    assert stranger.get(V2, params={"starting_after": created["id"]}).status_code == 422


def test_paging_forward_and_backward_over_several_pages(api):
    ids = [api.post(V2, data={"billing_address_country": "FR", "name": f"C{n}"}).json()["id"] for n in range(7)]
    newest_first = ids[::-1]
    pages, params = [], {"limit": 3}
    while True:
        page = api.get(V2, params=params).json()
        pages.append(page)
        if not page["has_more"]:
            break
        params = {"limit": 3, "starting_after": page["data"][-1]["id"]}
    assert [[c["id"] for c in page["data"]] for page in pages] == [newest_first[:3], newest_first[3:6],
                                                                     newest_first[6:]]
    assert [page["has_before"] for page in pages] == [False, True, True]
    assert all(page["total_count"] == 7 for page in pages)
    back = api.get(V2, params={"limit": 3, "ending_before": pages[-1]["data"][0]["id"]}).json()
    assert [c["id"] for c in back["data"]] == newest_first[3:6]
    assert (back["has_before"], back["has_more"]) == (True, True)
    first = api.get(V2, params={"limit": 3, "ending_before": back["data"][0]["id"]}).json()
    assert [c["id"] for c in first["data"]] == newest_first[:3] and first["has_before"] is False


@pytest.mark.parametrize("params, param", [({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"),
                                           ({"limit": "ten"}, "limit"),
                                           ({"starting_after": "oc_cu_unknown"}, "starting_after"),
                                           ({"starting_after": "a", "ending_before": "b"}, "ending_before")])
def test_bad_list_parameters_name_themselves(api, params, param):
    response = api.get(V2, params=params)
    assert response.status_code == 422 and list(response.json()["errors"]) == [param]
