"""API keys: read from Basic or Bearer, and each opens exactly one account in one mode."""

import base64
from types import SimpleNamespace

import pytest

from billbook.api.http import auth
from billbook.api.http.auth import presented_key
from billbook.domain.tenancy import Mode
from billbook.services import accounts


def basic(credentials: bytes | str) -> str:
    raw = credentials.encode() if isinstance(credentials, str) else credentials
    return "Basic " + base64.b64encode(raw).decode()


@pytest.fixture(autouse=True)
def empty_key_cache(monkeypatch):
    """Each test starts with no key remembered, whatever other tests cached."""
    monkeypatch.setattr(auth, "_recognised", {})


@pytest.mark.parametrize("header, key", [
    (basic("sk_live_abc:"), "sk_live_abc"),
    (basic("sk_live_abc"), "sk_live_abc"),
    (basic("sk_live_abc:ignored-password"), "sk_live_abc"),
    ("basic " + base64.b64encode(b"sk_test_x:").decode(), "sk_test_x"),
    ("  " + basic("sk_live_abc:") + "  ", "sk_live_abc"),
    ("Bearer sk_live_abc", "sk_live_abc"),
    ("bearer   sk_live_abc  ", "sk_live_abc"),
    ("BEARER sk_live_abc", "sk_live_abc"),
])
def test_presented_key_reads_the_basic_username_or_the_bearer_token(header, key):
    assert presented_key(header) == key


@pytest.mark.parametrize("header", [
    None, "", "   ", "Bearer", "Bearer   ", "Basic", "Basic ",
    "Basic !!!not-base64!!!", "Basic c2tfbGl2ZV9hYmM",  # unpadded base64 is refused too
    basic(":password-only"), basic(":"), basic(b"\xff\xfe:"),
    "Token sk_live_abc", "sk_live_abc", "Digest username=sk_live_abc",
])
def test_presented_key_is_none_for_missing_or_garbage_credentials(header):
    assert presented_key(header) is None


def assert_unauthenticated(response):
    assert response.status_code == 401
    body = response.json()
    assert body["type"] == "invalid_request" and body["message"]
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_request_without_a_key_is_a_401_with_a_message(anonymous):
    response = anonymous.get("/invoiced/customers")
    assert_unauthenticated(response)
    assert "API key" in response.json()["message"]


@pytest.mark.parametrize("header", [basic("sk_live_doesnotexist:"), "Bearer nope", "Basic ???"])
def test_an_unknown_or_unreadable_key_is_a_401(anonymous, header):
    assert_unauthenticated(anonymous.get("/invoiced/customers", headers={"Authorization": header}))


def test_a_write_without_a_key_is_a_401(anonymous):
    response = anonymous.post("/invoiced/customers", json={"name": "Nobody"})
    assert_unauthenticated(response)


def test_a_bearer_token_opens_the_account_like_basic_does(anonymous, client_for, account):
    created = client_for(account.live_key).post("/invoiced/customers", json={"name": "Acme"}).json()
    response = anonymous.get(f"/invoiced/customers/{created['id']}",
                             headers={"Authorization": f"Bearer {account.live_key}"})
    assert response.status_code == 200
    assert response.json()["name"] == "Acme"


@pytest.mark.parametrize("writer, reader", [("live_key", "test_key"), ("test_key", "live_key")])
def test_live_and_test_modes_never_see_each_others_data(client_for, account, writer, reader):
    created = client_for(getattr(account, writer)).post("/invoiced/customers", json={"name": "Acme"})
    assert created.status_code == 201
    other_mode = client_for(getattr(account, reader))
    customer_id = created.json()["id"]
    fetched = other_mode.get(f"/invoiced/customers/{customer_id}")
    assert fetched.status_code == 404
    assert fetched.json()["message"] == f"Customer was not found: {customer_id}"
    assert other_mode.get("/invoiced/customers").json() == []
    assert client_for(getattr(account, writer)).get(f"/invoiced/customers/{customer_id}").status_code == 200


def test_another_accounts_customer_is_not_found(client_for, account, make_account):
    created = client_for(account.live_key).post("/invoiced/customers", json={"name": "Mine"}).json()
    stranger = client_for(make_account(name="Other Ltd").live_key)
    assert stranger.get(f"/invoiced/customers/{created['id']}").status_code == 404
    assert stranger.patch(f"/invoiced/customers/{created['id']}", json={"name": "Stolen"}).status_code == 404
    assert stranger.delete(f"/invoiced/customers/{created['id']}").status_code == 404
    assert created["id"] not in [customer["id"] for customer in stranger.get("/invoiced/customers").json()]
    kept = client_for(account.live_key).get(f"/invoiced/customers/{created['id']}").json()
    assert kept["name"] == "Mine"


def test_a_rotated_key_is_refused_once_the_cache_is_cleared(client_for, account, database, monkeypatch):
    old = client_for(account.live_key)
    assert old.get("/invoiced/customers").status_code == 200  # now remembered by the cache
    new_key = accounts.rotate_key(database, account.id, Mode.LIVE)
    monkeypatch.setattr(auth, "_recognised", {})
    assert_unauthenticated(old.get("/invoiced/customers"))
    assert client_for(new_key).get("/invoiced/customers").status_code == 200
    assert client_for(account.test_key).get("/invoiced/customers").status_code == 200  # other mode untouched


def test_a_rotated_key_is_refused_once_its_cache_entry_expires(client_for, account, database):
    old = client_for(account.live_key)
    assert old.get("/invoiced/customers").status_code == 200
    accounts.rotate_key(database, account.id, Mode.LIVE)
    assert len(auth._recognised) == 1
    for fingerprint, (remembered, _expiry) in list(auth._recognised.items()):
        auth._recognised[fingerprint] = (remembered, 0.0)
    assert_unauthenticated(old.get("/invoiced/customers"))


def test_a_recognised_key_is_remembered_for_key_cache_seconds(client_for, account, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(auth, "time", SimpleNamespace(monotonic=lambda: now[0]))
    real_authenticate, looked_up = accounts.authenticate, []
    monkeypatch.setattr(accounts, "authenticate", lambda db, key: looked_up.append(key) or real_authenticate(db, key))
    client = client_for(account.live_key)
    assert client.get("/invoiced/customers").status_code == 200
    now[0] += auth.KEY_CACHE_SECONDS - 0.1
    assert client.get("/invoiced/customers").status_code == 200
    assert looked_up == [account.live_key]
    now[0] += 0.2
    assert client.get("/invoiced/customers").status_code == 200
    assert looked_up == [account.live_key, account.live_key]
