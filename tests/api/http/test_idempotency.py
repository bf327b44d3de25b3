"""Idempotency-Key: retries get the first answer; a key is bound to its request and its tenant."""

from billbook.domain.idempotency import KEY_LIFETIME, KeyRecord, StoredResponse, is_current
from tests.support.concurrency import run_together


def post(api, key, **fields):
    return api.post("/invoiced/customers", json=fields, headers={"Idempotency-Key": key})


def total(api):
    return int(api.get("/invoiced/customers").headers["X-Total-Count"])


def test_a_retried_create_returns_the_first_customer_and_creates_no_second(api):
    first = post(api, "create-acme-1", name="Acme")
    again = post(api, "create-acme-1", name="Acme")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert total(api) == 1


def test_the_same_key_with_other_parameters_is_refused(api):
    post(api, "k-1", name="Acme")
    refused = post(api, "k-1", name="Other")
    assert refused.status_code == 400 and refused.json()["param"] == "Idempotency-Key"
    assert total(api) == 1


def test_requests_without_a_key_or_with_different_keys_all_run(api):
    post(api, "a", name="A")
    post(api, "b", name="A")
    api.post("/invoiced/customers", json={"name": "A"})
    assert total(api) == 3


def test_client_errors_are_remembered_too(api):
    first = post(api, "bad-1", email="not-an-email")
    again = post(api, "bad-1", email="not-an-email")
    assert first.status_code == again.status_code == 400 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


def test_deletes_replay_their_204(api):
    customer = api.post("/invoiced/customers", json={"name": "A"}).json()
    path = f"/invoiced/customers/{customer['id']}"
    first = api.delete(path, headers={"Idempotency-Key": "del-1"})
    again = api.delete(path, headers={"Idempotency-Key": "del-1"})
    assert first.status_code == again.status_code == 204 and again.content == b""


def test_keys_belong_to_one_tenant(api, make_account, client_for, account):
    post(api, "shared-key", name="Mine")
    other = client_for(make_account().live_key)
    theirs = post(other, "shared-key", name="Theirs")
    assert theirs.status_code == 201 and theirs.json()["name"] == "Theirs"
    test_mode = client_for(account.test_key)
    assert post(test_mode, "shared-key", name="Test").json()["name"] == "Test"


def test_a_request_without_a_valid_api_key_is_not_recorded(anonymous, api):
    refused = anonymous.post("/invoiced/customers", json={"name": "A"}, headers={"Idempotency-Key": "x"})
    assert refused.status_code == 401
    assert post(api, "x", name="A").status_code == 201


def test_concurrent_retries_create_one_customer(app, account, client_for):
    results = run_together(6, lambda _: post(client_for(account.live_key), "race-1", name="Raced").status_code)
    api = client_for(account.live_key)
    assert total(api) == 1
    assert set(results) <= {201, 409} and 201 in results


def test_a_key_is_remembered_for_its_lifetime_and_only_with_an_answer():
    from datetime import datetime, timezone
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    answered = KeyRecord("k", "f", now, StoredResponse(201, "application/json", b"{}"))
    assert is_current(answered, now + KEY_LIFETIME / 2)
    assert not is_current(answered, now + KEY_LIFETIME)
    assert not is_current(KeyRecord("k", "f", now, None), now)


def test_a_key_longer_than_255_characters_is_refused(api):
    response = post(api, "k" * 256, name="A")
    assert response.status_code == 400 and response.json()["param"] == "Idempotency-Key"
    assert total(api) == 0


def test_a_keyed_request_over_the_rate_limit_is_a_429_and_leaves_its_key_free(database, account):
    from fastapi.testclient import TestClient

    from billbook.api.app import create_app
    from billbook.config import Settings
    from tests.conftest import basic_auth

    limited = TestClient(create_app(Settings(database_url=database.url, rate_limit=1), database),
                         headers=basic_auth(account.live_key), raise_server_exceptions=False)
    statuses = [post(limited, f"rate-{index}", name="A").status_code for index in range(6)]
    assert 429 in statuses and set(statuses) <= {201, 429}, statuses
    refused = statuses.index(429)
    api = TestClient(create_app(Settings(database_url=database.url, rate_limit=0), database),
                     headers=basic_auth(account.live_key))
    assert post(api, f"rate-{refused}", name="A").status_code == 201
