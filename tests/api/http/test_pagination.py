"""Page-numbered lists: `page`/`per_page` in; `Link` and `X-Total-Count` out, as the Invoiced clients read them."""

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from invoiced.operations import List

from billbook.api.app import create_app
from billbook.api.http.pagination import page_from
from billbook.config import Settings
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import Page
from tests.conftest import basic_auth


def test_page_one_of_a_hundred_by_default():
    assert page_from({}) == Page(1, 100)
    assert page_from({"page": "", "per_page": ""}) == Page(1, 100)


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=-10**6, max_value=10**6))
def test_per_page_is_clamped_to_1_through_100(number, size):
    assert page_from({"page": str(number), "per_page": str(size)}) == Page(number, min(max(size, 1), 100))


@pytest.mark.parametrize("page", ["abc", "1.5", "0", "-1", ["1"], {"a": "1"}])
def test_a_page_that_is_not_a_positive_integer_is_an_invalid_page_param(page):
    with pytest.raises(InvalidParam) as raised:
        page_from({"page": page})
    assert raised.value.param == "page"


def test_a_per_page_that_is_not_an_integer_is_an_invalid_per_page_param():
    with pytest.raises(InvalidParam) as raised:
        page_from({"per_page": "ten"})
    assert raised.value.param == "per_page"


@pytest.fixture
def five_customers(api):
    ids = []
    for name in ["Ann", "Bob", "Cid", "Dee", "Eve"]:
        response = api.post("/invoiced/customers", json={"name": name})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def listed(response) -> dict[str, dict[str, list[str]]]:
    """The Link header as the official Python client parses it, each URL's query decoded."""
    assert response.status_code == 200, response.text
    parsed = List(response.headers["Link"], response.headers["X-Total-Count"])
    return {rel: parse_qs(urlsplit(url).query) for rel, url in parsed.links.items()}


def pages(links: dict) -> dict[str, int]:
    return {rel: int(query["page"][0]) for rel, query in links.items()}


def test_the_first_page_links_self_first_next_and_last_but_no_previous(api, five_customers):
    response = api.get("/invoiced/customers?per_page=2")
    assert pages(listed(response)) == {"self": 1, "first": 1, "next": 2, "last": 3}
    assert response.headers["X-Total-Count"] == "5"
    assert [customer["id"] for customer in response.json()] == five_customers[:2]


def test_a_middle_page_links_previous_and_next(api, five_customers):
    response = api.get("/invoiced/customers?per_page=2&page=2")
    assert pages(listed(response)) == {"self": 2, "first": 1, "previous": 1, "next": 3, "last": 3}
    assert [customer["id"] for customer in response.json()] == five_customers[2:4]


def test_the_last_page_has_no_next(api, five_customers):
    response = api.get("/invoiced/customers?per_page=2&page=3")
    assert pages(listed(response)) == {"self": 3, "first": 1, "previous": 2, "last": 3}
    assert [customer["id"] for customer in response.json()] == five_customers[4:]


def test_a_page_past_the_end_is_empty_and_its_previous_link_is_the_last_page(api, five_customers):
    response = api.get("/invoiced/customers?per_page=2&page=9")
    assert response.json() == []
    assert pages(listed(response)) == {"self": 9, "first": 1, "previous": 3, "last": 3}
    assert response.headers["X-Total-Count"] == "5"


def test_following_next_links_visits_every_customer_once(api, five_customers):
    seen, url = [], "/invoiced/customers?per_page=2"
    while url:
        response = api.get(url)
        seen += [customer["id"] for customer in response.json()]
        url = List(response.headers["Link"], response.headers["X-Total-Count"]).links.get("next")
    assert seen == five_customers


def test_links_are_absolute_and_keep_the_callers_other_parameters(api, five_customers):
    response = api.get("/invoiced/customers", params={
        "per_page": "2", "page": "2", "sort": "name asc", "expand": "parent_customer,customer",
        "filter[type]": "company", "updated_after": "0", "payment_source": "",
    })
    assert response.status_code == 200
    parsed = List(response.headers["Link"], response.headers["X-Total-Count"])
    assert set(parsed.links) == {"self", "first", "previous", "next", "last"}
    for url in parsed.links.values():
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("http", "testserver", "/invoiced/customers")
        query = parse_qs(parts.query, keep_blank_values=True)
        assert len(query.pop("page")) == 1 and query.pop("per_page") == ["2"]
        assert query == {"sort": ["name asc"], "expand": ["parent_customer,customer"],
                         "filter[type]": ["company"], "updated_after": ["0"], "payment_source": [""]}


def test_commas_inside_link_urls_are_percent_encoded_so_the_header_splits_on_commas(api, five_customers):
    response = api.get("/invoiced/customers?per_page=2&expand=parent_customer,customer,,")
    header = response.headers["Link"]
    assert header.count(",") == len(listed(response)) - 1
    assert "%2C" in header


def test_links_carry_the_clamped_page_size(api, five_customers):
    assert listed(api.get("/invoiced/customers?per_page=500"))["self"]["per_page"] == ["100"]
    response = api.get("/invoiced/customers?per_page=0")
    assert len(response.json()) == 1
    assert pages(listed(response)) == {"self": 1, "first": 1, "next": 2, "last": 5}


def test_an_empty_list_still_has_both_headers(api):
    response = api.get("/invoiced/customers?per_page=2")
    assert response.json() == []
    assert response.headers["X-Total-Count"] == "0"
    assert pages(listed(response)) == {"self": 1, "first": 1, "last": 1}


def test_links_use_the_public_base_url_when_one_is_configured(database, account):
    app = create_app(Settings(database_url=database.url, public_base_url="https://billing.example.com/"), database)
    response = TestClient(app, headers=basic_auth(account.live_key)).get("/invoiced/customers?sort=name")
    for url in List(response.headers["Link"], response.headers["X-Total-Count"]).links.values():
        assert url.startswith("https://billing.example.com/invoiced/customers?")


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-3"])
def test_an_invalid_page_over_http_is_a_400_naming_page(api, query):
    response = api.get(f"/invoiced/customers?{query}")
    assert response.status_code == 400
    assert response.json()["param"] == "page"


@pytest.mark.parametrize("page", ["99999999999999999", str(10**30)])
def test_an_enormous_page_number_is_answered_not_a_server_error(api, page):
    response = api.get(f"/invoiced/customers?page={page}")
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["param"] == "page"
