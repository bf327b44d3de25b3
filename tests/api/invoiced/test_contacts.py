"""/invoiced/customers/:id/contacts, as the 2016 seed documents them."""

import pytest

from tests.support.seeds import SEED_CONTACT_KEYS


@pytest.fixture
def customer(api):
    return api.post("/invoiced/customers", json={"name": "Acme", "country": "US"}).json()


def contacts_path(customer):
    return f"/invoiced/customers/{customer['id']}/contacts"


def test_create_retrieve_update_delete_as_in_the_seed(api, customer):
    created = api.post(contacts_path(customer), data={"name": "Nancy Talty", "email": "nancy.talty@example.com"})
    assert created.status_code == 201
    contact = created.json()
    assert SEED_CONTACT_KEYS <= set(contact)
    assert (contact["object"], contact["name"], contact["primary"], contact["country"]) == (
        "contact", "Nancy Talty", True, "US")
    path = f"{contacts_path(customer)}/{contact['id']}"
    assert api.get(path).json() == contact
    changes = {"address1": "507 Grove Avenue", "city": "Oklahoma City", "state": "OK", "postal_code": "73102"}
    updated = api.patch(path, data=changes)
    assert updated.status_code == 200 and {k: updated.json()[k] for k in changes} == changes
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_list_pages_and_sorts(api, customer):
    for name in ("Bob", "Alice", "Carol"):
        api.post(contacts_path(customer), json={"name": name, "sms_enabled": True})
    page = api.get(contacts_path(customer), params={"per_page": 2, "sort": "name asc"})
    assert [c["name"] for c in page.json()] == ["Alice", "Bob"]
    assert page.headers["X-Total-Count"] == "3" and 'rel="next"' in page.headers["Link"]
    assert [c["name"] for c in api.get(contacts_path(customer), params={"filter[name]": "Carol"}).json()] == ["Carol"]


def test_contacts_belong_to_their_customer(api, customer):
    other = api.post("/invoiced/customers", json={"name": "Other"}).json()
    contact = api.post(contacts_path(customer), json={"name": "Nancy"}).json()
    assert api.get(f"{contacts_path(other)}/{contact['id']}").status_code == 404
    assert api.get(contacts_path(other)).json() == []
    assert api.post("/invoiced/customers/999999/contacts", json={"name": "N"}).status_code == 404


def test_bad_contact_input_names_the_parameter(api, customer):
    for fields, param in (({}, "name"), ({"name": "N", "email": "x"}, "email"),
                          ({"name": "N", "country": "Nowhere"}, "country"),
                          ({"name": "N", "primary": "perhaps"}, "primary")):
        response = api.post(contacts_path(customer), json=fields)
        assert response.status_code == 400 and response.json()["param"] == param
    assert api.get(contacts_path(customer)).headers["X-Total-Count"] == "0"


def test_deleting_a_customer_deletes_its_contacts(api, customer):
    contact = api.post(contacts_path(customer), json={"name": "Nancy"}).json()
    assert api.delete(f"/invoiced/customers/{customer['id']}").status_code == 204
    assert api.get(f"{contacts_path(customer)}/{contact['id']}").status_code == 404


def test_at_most_100_contacts_per_customer(api, customer):
    for index in range(100):
        assert api.post(contacts_path(customer), json={"name": f"C{index}"}).status_code == 201
    refused = api.post(contacts_path(customer), json={"name": "One too many"})
    assert refused.status_code == 400 and "100" in refused.json()["message"]
    assert api.get(contacts_path(customer)).headers["X-Total-Count"] == "100"
