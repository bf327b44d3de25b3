"""/octobat/v1: customers, numbering sequences and payment modes as seeds/octobat-v1-api.md shows them."""

import re

import pytest

from billbook.domain.tenancy import Mode
from billbook.services import numbering, payment_modes
from tests.support.octobat_seeds import LIST_KEYS, V1_CREATE, V1_CUSTOMER_KEYS

BASE = "/octobat/v1"
ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def create(api, **fields):
    response = api.post(f"{BASE}/customers", data=fields)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_seed_create_example(api):
    body = create(api, **V1_CREATE)
    assert set(body) == V1_CUSTOMER_KEYS
    assert {key: body[key] for key in V1_CREATE} == V1_CREATE
    assert body["object"] == "customer" and body["id"].startswith("oc_cu_")
    assert re.fullmatch(ISO_TIME, body["created_at"]) and body["created_at"] == body["updated_at"]


@pytest.mark.parametrize("missing", ["name", "email", "billing_address_city", "billing_address_zip",
                                     "billing_address_country", "business_type"])
def test_the_required_arguments_of_create(api, missing):
    fields = {key: value for key, value in V1_CREATE.items() if key != missing}
    response = api.post(f"{BASE}/customers", data=fields)
    assert response.status_code == 422
    assert response.json() == {"error": {"type": "invalid_request_error", "message": f"{missing} is required",
                                         "param": missing}}


def test_vat_number_is_optional_but_checked(api):
    fields = {key: value for key, value in V1_CREATE.items() if key != "vat_number"}
    assert create(api, **fields)["vat_number"] is None
    response = api.post(f"{BASE}/customers", data={**fields, "vat_number": "FR00000000000"})
    assert response.status_code == 422 and response.json()["error"]["param"] == "vat_number"


def test_retrieve_update_and_list(api):
    customer = create(api, **V1_CREATE)
    path = f"{BASE}/customers/{customer['id']}"
    assert api.get(path).json() == customer
    updated = api.patch(path, data={"email": "admin@octobat.com"}).json()
    assert updated["email"] == "admin@octobat.com" and updated["created_at"] == customer["created_at"]
    listed = api.get(f"{BASE}/customers").json()
    assert LIST_KEYS <= set(listed) and [c["id"] for c in listed["data"]] == [customer["id"]]
    assert api.delete(path).json() == {"id": customer["id"], "object": "customer", "deleted": True}


def test_a_new_account_lists_its_default_numbering_sequence(api):
    body = api.get(f"{BASE}/numbering_sequences").json()
    assert LIST_KEYS <= set(body) and body["request_url"] == "/numbering_sequences"
    [sequence] = body["data"]
    assert set(sequence) == {"id", "object", "is_default", "prefix", "example"}
    assert sequence["object"] == "numbering_sequence" and sequence["is_default"] is True
    assert sequence["id"].startswith("oc_ns_") and sequence["example"].startswith(sequence["prefix"])


def test_the_seed_numbering_sequence_examples(api, account):
    ctx = account.context(Mode.LIVE)
    numbering.create(ctx, {"prefix": "OC", "format": "{prefix}-{yyyy}-{mm}-{counter:3}"}, make_default=True)
    numbering.create(ctx, {"prefix": "SP", "format": "{prefix}{yyyy}-{counter:3}"})
    listed = api.get(f"{BASE}/numbering_sequences").json()["data"]
    examples = {s["prefix"]: (s["example"], s["is_default"]) for s in listed}
    assert re.fullmatch(r"OC-\d{4}-\d\d-001", examples["OC"][0]) and examples["OC"][1] is True
    assert re.fullmatch(r"SP\d{4}-001", examples["SP"][0]) and examples["SP"][1] is False
    assert [s["is_default"] for s in listed].count(True) == 1


def test_payment_modes_list_in_the_seed_shape(api, account):
    payment_modes.create(account.context(Mode.LIVE), {"name": "Bank name", "type": "transfer",
                                                      "iban": "FR76 3000 6000 0112 3456 7890 189"})
    [mode] = api.get(f"{BASE}/payment_modes").json()["data"]
    assert {key: mode[key] for key in ("object", "name", "payment_mode_type", "details")} == {
        "object": "payment_mode", "name": "Bank name", "payment_mode_type": "transfer",
        "details": {"iban": "FR76 3000 6000 0112 3456 7890 189"}}
    assert mode["id"].startswith("oc_pm_")
    assert api.get(f"{BASE}/payment_modes/{mode['id']}").json() == mode


def test_test_mode_keeps_its_own_sequences_and_modes(client_for, account):
    payment_modes.create(account.context(Mode.LIVE), {"name": "Live bank", "type": "check"})
    test_api = client_for(account.test_key)
    assert test_api.get(f"{BASE}/payment_modes").json()["data"] == []
    live_default = numbering.all_sequences(account.context(Mode.LIVE))[0].public_id
    [test_default] = test_api.get(f"{BASE}/numbering_sequences").json()["data"]
    assert test_default["id"] != live_default
    assert test_api.get(f"{BASE}/numbering_sequences/{live_default}").status_code == 404
