"""The URLs and verbs the Octobat seeds' own curl examples use, on both versions: a POST to
`/customers/:id` updates, and a trailing slash changes nothing (no redirect)."""

import pytest

from tests.support.octobat_seeds import V1_CREATE, V2_CREATE

VERSIONS = [("/octobat/v1", V1_CREATE), ("/octobat/v2", V2_CREATE)]


@pytest.mark.parametrize("base, seed", VERSIONS)
def test_a_post_to_a_customer_updates_it_as_the_seed_curl_does(api, base, seed):
    customer = api.post(f"{base}/customers", data=seed).json()
    updated = api.post(f"{base}/customers/{customer['id']}", data={"email": "admin@octobat.com"})
    assert updated.status_code == 200, updated.text
    assert updated.json() == {**customer, "email": "admin@octobat.com", **_timestamps_of(updated.json())}
    assert api.get(f"{base}/customers/{customer['id']}").json() == updated.json()


@pytest.mark.parametrize("base, seed", VERSIONS)
def test_a_post_to_a_customer_refuses_what_a_patch_refuses(api, base, seed):
    customer = api.post(f"{base}/customers", data=seed).json()
    refused = api.post(f"{base}/customers/{customer['id']}", data={"billing_address_country": "Atlantis"})
    assert refused.status_code == 422
    assert api.post(f"{base}/customers/oc_cu_unknown", data={"email": "a@b.fr"}).status_code == 404


@pytest.mark.parametrize("base, seed", VERSIONS)
def test_a_trailing_slash_answers_as_without_it_and_never_redirects(api, base, seed):
    created = api.post(f"{base}/customers/", data=seed, follow_redirects=False)
    assert created.status_code == 200, created.text
    listed = api.get(f"{base}/customers/", follow_redirects=False)
    assert listed.status_code == 200 and listed.json() == api.get(f"{base}/customers").json()
    assert listed.json()["request_url"] == "/customers"
    path = f"{base}/customers/{created.json()['id']}"
    assert api.get(path + "/", follow_redirects=False).json() == created.json()
    assert api.patch(path + "/", data={"name": "Renamed"}, follow_redirects=False).json()["name"] == "Renamed"
    assert api.get(f"{base}/nothing/", follow_redirects=False).status_code == 404


def test_a_trailing_slash_on_a_method_a_route_lacks_is_still_a_405(api):
    response = api.put("/octobat/v2/customers/", follow_redirects=False)
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"


def _timestamps_of(body: dict) -> dict:
    return {key: body[key] for key in ("updated_at",) if key in body}
