"""The official `invoiced` PyPI client (3.0.0) against a live Billbook: customers and contacts.

Expected values come from the Invoiced customer documentation (shared/seeds/invoiced-customers-*.md)
and the wire notes (shared/reference/invoiced-wire.md).
"""

import time
from urllib.parse import parse_qsl, urlsplit

import pytest
from invoiced import Contact, Customer
from invoiced.errors import AuthenticationError, InvalidRequestError

from tests.conftest import Account
from tests.support.seeds import EVERY_CREATE_FIELD, SEED_CONTACT_KEYS, SEED_CREATE, SEED_CUSTOMER_KEYS, SEED_UPDATE

SEED_EXAMPLE = SEED_CREATE


def all_pages(client, listable, **opts):
    """Lists page by page, following `metadata.links['next']` until it is absent."""
    pages = [listable.list(**opts)]
    while "next" in pages[-1][1].links:
        url = pages[-1][1].links["next"]
        assert url.startswith(client.api_url + listable.endpoint() + "?"), url
        pages.append(listable.list(**dict(parse_qsl(urlsplit(url).query))))
    return pages


def invalid_request(call, **params) -> InvalidRequestError:
    with pytest.raises(InvalidRequestError) as caught:
        call(**params)
    error = caught.value
    assert error.error["type"] == "invalid_request" and error.error["message"]
    return error


# --- customers: create, retrieve, update, delete ---

def test_create_with_the_seed_example_returns_a_customer_with_the_documented_defaults(client):
    before = int(time.time())
    customer = client.Customer.create(**SEED_EXAMPLE)

    assert isinstance(customer, Customer) and isinstance(customer.id, int)
    assert SEED_CUSTOMER_KEYS <= set(customer)
    assert customer.object == "customer"
    assert {key: customer[key] for key in SEED_EXAMPLE} == SEED_EXAMPLE
    assert customer.number == "CUST-00001"
    assert (customer.autopay, customer.chase, customer.taxable, customer.credit_hold) == (False, True, True, False)
    assert customer.metadata == {} and customer.taxes == [] and customer.payment_source is None
    assert customer.country == "FR"  # the account's country when none is given
    assert before - 1 <= customer.created_at == customer.updated_at <= int(time.time()) + 1
    second = client.Customer.create(name="Globex")
    assert (second.number, second.type) == ("CUST-00002", "company")
    assert second.id != customer.id


def test_create_accepts_every_documented_field_and_returns_each_as_sent(client):
    parent = client.Customer.create(name="Acme Holding")
    fields = {**EVERY_CREATE_FIELD, "parent_customer": parent.id}
    customer = client.Customer.create(**fields)

    returned = {key: customer.get(key) for key in fields}
    assert returned["currency"].lower() == "usd"
    assert returned | {"currency": "usd"} == fields
    assert dict(client.Customer.retrieve(customer.id)) == dict(customer)


def test_retrieve_returns_the_created_customer(client):
    created = client.Customer.create(**SEED_EXAMPLE)

    retrieved = client.Customer.retrieve(created.id)

    assert isinstance(retrieved, Customer)
    assert dict(retrieved) == dict(created)
    assert retrieved.endpoint() == f"/customers/{created.id}"


def test_attribute_changes_saved_with_save_are_returned_and_persisted(client):
    customer = client.Customer.retrieve(client.Customer.create(**SEED_EXAMPLE).id)
    for key, value in SEED_UPDATE.items():
        setattr(customer, key, value)

    assert customer.save() is True

    assert {key: customer[key] for key in SEED_UPDATE} == SEED_UPDATE
    stored = client.Customer.retrieve(customer.id)
    assert {key: stored[key] for key in SEED_UPDATE} == SEED_UPDATE
    assert (stored.name, stored.email, stored.number) == ("Acme", "billing@acmecorp.com", "CUST-00001")
    assert customer.save() is False  # nothing left unsaved: the client sends nothing


def test_metadata_is_set_on_create_and_replaced_as_a_whole_on_save(client):
    customer = client.Customer.create(name="Acme", metadata={"account_rep": "Jan", "icp_number": "1234567890"})
    assert client.Customer.retrieve(customer.id).metadata == {"account_rep": "Jan", "icp_number": "1234567890"}

    customer.metadata = {"crm": "x"}
    assert customer.save() is True

    assert customer.metadata == {"crm": "x"}
    assert client.Customer.retrieve(customer.id).metadata == {"crm": "x"}


def test_delete_returns_true_and_retrieving_the_customer_afterwards_is_a_404(client):
    customer = client.Customer.create(**SEED_EXAMPLE)

    assert customer.delete() is True

    error = invalid_request(client.Customer.retrieve, id=customer.id)
    assert error.status_code == 404
    assert error.error["message"] == f"Customer was not found: {customer.id}"
    assert [c.id for c in client.Customer.list()[0]] == []


# --- customers: lists ---

def test_list_with_per_page_3_follows_next_links_through_every_page(client):
    created = [client.Customer.create(name=f"Customer {n}").id for n in range(7)]

    pages = all_pages(client, client.Customer, per_page=3)

    assert [len(objects) for objects, _ in pages] == [3, 3, 1]
    seen = [customer.id for objects, _ in pages for customer in objects]
    assert seen == created  # default order: id ascending, each exactly once
    assert all(isinstance(c, Customer) for objects, _ in pages for c in objects)
    assert {metadata.total_count for _, metadata in pages} == {7}
    first, middle, last = (metadata.links for _, metadata in pages)
    assert set(first) == {"self", "first", "next", "last"}
    assert set(middle) == {"self", "first", "previous", "next", "last"}
    assert set(last) == {"self", "first", "previous", "last"}
    assert dict(parse_qsl(urlsplit(first["last"]).query)) == {"page": "3", "per_page": "3"}


def test_list_filters_by_type_and_by_metadata(client):
    client.Customer.create(name="Ann", type="person", metadata={"crm": "x"})
    client.Customer.create(name="Bob", type="person", metadata={"crm": "y"})
    client.Customer.create(name="Corp", type="company", metadata={"crm": "x"})

    people, people_meta = client.Customer.list(filter={"type": "person"})
    tagged, tagged_meta = client.Customer.list(metadata={"crm": "x"})
    both, _ = client.Customer.list(filter={"type": "person"}, metadata={"crm": "x"})

    assert ([c.name for c in people], people_meta.total_count) == (["Ann", "Bob"], 2)
    assert ([c.name for c in tagged], tagged_meta.total_count) == (["Ann", "Corp"], 2)
    assert [c.name for c in both] == ["Ann"]
    assert "filter" in people_meta.links["self"] and "metadata" in tagged_meta.links["self"]


def test_filtered_pages_keep_the_filter_in_their_next_links(client):
    for n in range(5):
        client.Customer.create(name=f"P{n}", type="person")
        client.Customer.create(name=f"C{n}", type="company")

    pages = all_pages(client, client.Customer, per_page=2, filter={"type": "person"})

    assert [c.name for objects, _ in pages for c in objects] == [f"P{n}" for n in range(5)]
    assert {metadata.total_count for _, metadata in pages} == {5}


def test_list_headers_reach_the_client_by_their_documented_names(client):
    # Header names go out lower-case (docs/decisions/0004); the client looks them up case-insensitively.
    customer = client.Customer.create(name="Acme")
    customer.contacts().create(name="Nancy Talty")
    for endpoint in ("/customers", f"/customers/{customer.id}/contacts"):
        response = client.request("GET", endpoint, {"per_page": 1})
        assert response["headers"]["X-Total-Count"] == "1"
        assert response["headers"]["Link"].count('rel="') == 3  # self, first, last


def test_list_sorted_by_name_desc(client):
    for name in ("Bravo", "Delta", "Alpha", "Charlie"):
        client.Customer.create(name=name)

    customers, _ = client.Customer.list(sort="name desc")

    assert [c.name for c in customers] == ["Delta", "Charlie", "Bravo", "Alpha"]


def test_list_updated_after_returns_only_customers_changed_since(client):
    changed = client.Customer.create(name="Changed")
    unchanged = client.Customer.create(name="Unchanged")
    cutoff = unchanged.updated_at + 1
    while time.time() < cutoff + 1:  # timestamps are whole seconds: step clear of the cutoff
        time.sleep(0.05)
    changed.city = "Hill Valley"
    assert changed.save() is True

    recent, metadata = client.Customer.list(updated_after=cutoff)
    everything, _ = client.Customer.list(updated_after=changed.created_at - 10)

    assert ([c.id for c in recent], metadata.total_count) == ([changed.id], 1)
    # a customer shown as updated at T is not "after T" (docs/decisions/0004)
    assert unchanged.id not in [c.id for c in client.Customer.list(updated_after=unchanged.updated_at)[0]]
    assert [c.id for c in everything] == [changed.id, unchanged.id]


# --- customers: errors ---

def test_create_without_name_is_a_400_naming_name(client):
    error = invalid_request(client.Customer.create, email="billing@acmecorp.com")
    assert (error.status_code, error.error["param"]) == (400, "name")


def test_a_duplicate_number_is_a_400_naming_number_on_create_and_on_save(client):
    client.Customer.create(name="Acme", number="ACME-1")
    other = client.Customer.create(name="Globex")

    error = invalid_request(client.Customer.create, name="Acme again", number="ACME-1")
    assert (error.status_code, error.error["param"]) == (400, "number")

    other.number = "ACME-1"
    error = invalid_request(other.save)
    assert (error.status_code, error.error["param"]) == (400, "number")
    assert client.Customer.retrieve(other.id).number == "CUST-00001"


@pytest.mark.parametrize("field, value", [
    ("email", "not-an-email"), ("country", "ZZ"), ("currency", "QQQ"), ("language", "zz"), ("type", "robot"),
])
def test_an_invalid_value_is_a_400_naming_the_field(client, field, value):
    error = invalid_request(client.Customer.create, name="Acme", **{field: value})
    assert (error.status_code, error.error["param"]) == (400, field)
    objects, metadata = client.Customer.list()
    assert (objects, metadata.total_count, "next" in metadata.links) == ([], 0, False)


def test_a_wrong_api_key_raises_authentication_error(connect):
    bad = connect("not-a-real-key")
    for call in (bad.Customer.list, lambda: bad.Customer.create(name="Acme"), lambda: bad.Customer.retrieve(1)):
        with pytest.raises(AuthenticationError) as caught:
            call()
        assert caught.value.status_code == 401 and caught.value.error["message"]


def test_another_accounts_customer_is_not_found(client, connect, database):
    theirs = connect(Account(database).live_key).Customer.create(name="Theirs")

    error = invalid_request(client.Customer.retrieve, id=theirs.id)
    assert error.status_code == 404


# --- contacts ---

def test_contact_create_defaults_primary_to_true_and_country_to_the_customers(client):
    customer = client.Customer.create(name="Acme", country="US")

    contact = customer.contacts().create(name="Nancy Talty", email="nancy.talty@example.com")

    assert isinstance(contact, Contact) and isinstance(contact.id, int)
    assert SEED_CONTACT_KEYS <= set(contact)
    assert (contact.object, contact.name, contact.email) == ("contact", "Nancy Talty", "nancy.talty@example.com")
    assert (contact.primary, contact.country) == (True, "US")
    assert contact.address1 is None and contact.city is None
    assert contact.endpoint() == f"/customers/{customer.id}/contacts/{contact.id}"
    assert customer.contacts().create(name="Not primary", primary=False).primary is False


def test_contact_retrieve_save_and_delete(client):
    customer = client.Customer.retrieve(client.Customer.create(name="Acme").id)
    created = customer.contacts().create(name="Nancy Talty", email="nancy.talty@example.com")

    contact = customer.contacts().retrieve(created.id)
    assert dict(contact) == dict(created)

    contact.address1, contact.city = "507 Grove Avenue", "Oklahoma City"
    contact.state, contact.postal_code = "OK", "73102"
    assert contact.save() is True
    expected = {"address1": "507 Grove Avenue", "city": "Oklahoma City", "state": "OK", "postal_code": "73102",
                "name": "Nancy Talty", "email": "nancy.talty@example.com", "primary": True}
    for stored in (contact, customer.contacts().retrieve(created.id)):
        assert {key: stored[key] for key in expected} == expected

    assert contact.delete() is True
    error = invalid_request(customer.contacts().retrieve, id=created.id)
    assert error.status_code == 404
    assert customer.contacts().list()[1].total_count == 0


def test_contact_without_name_is_a_400_naming_name(client):
    customer = client.Customer.create(name="Acme")
    error = invalid_request(customer.contacts().create, email="nancy.talty@example.com")
    assert (error.status_code, error.error["param"]) == (400, "name")


def test_contact_list_pages_through_one_customers_contacts_only(client):
    customer = client.Customer.create(name="Acme")
    other = client.Customer.create(name="Globex")
    other.contacts().create(name="Someone else")
    created = [customer.contacts().create(name=f"Contact {n}", email=f"c{n}@example.com").id for n in range(5)]

    pages = all_pages(client, customer.contacts(), per_page=2)

    assert [len(objects) for objects, _ in pages] == [2, 2, 1]
    assert [c.id for objects, _ in pages for c in objects] == created
    assert all(isinstance(c, Contact) for objects, _ in pages for c in objects)
    assert {metadata.total_count for _, metadata in pages} == {5}
    assert "next" not in pages[-1][1].links


def test_a_create_retried_with_the_same_idempotency_key_makes_one_customer(client):
    first = client.Customer.create(idempotency_key="signup-42", name="Acme")
    again = client.Customer.create(idempotency_key="signup-42", name="Acme")
    assert again.id == first.id
    _, metadata = client.Customer.list()
    assert metadata.total_count == 1
