"""Schemathesis against each dialect's OpenAPI document: no request it generates, valid or not, may be
answered with a server error, on either database.

Each operation is tried with ids of objects that exist (so that updates and actions reach their
body checks) and with generated ids; examples are derandomised, so a run is repeatable and
bounded. `BILLBOOK_FUZZ_EXAMPLES` raises the number of examples for a deeper run.
"""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.support.octobat_seeds import V2_SEED_PAYMENT_SOURCE

EXAMPLES = int(os.environ.get("BILLBOOK_FUZZ_EXAMPLES", "6"))
DIALECTS = ["/invoiced", "/invoiced/legacy", "/octobat/v1", "/octobat/v2"]
# Operations that change what other operations read run last, so that those find their objects.
DESTRUCTIVE = re.compile(r"^DELETE |/(void|cancel|pay)$")
# Server errors left to fix where the rule lives, each with the request that shows it:
# {"/dialect": {"METHOD /path": "why"}}.
KNOWN_SERVER_ERRORS: dict[str, dict[str, str]] = {}
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def created(response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def existing_ids(api) -> dict[str, dict[str, str]]:
    """Path parameter values naming objects of the account, per dialect."""
    customer = created(api.post("/invoiced/customers", json={"name": "Fuzzed Customer"}))
    contact = created(api.post(f"/invoiced/customers/{customer['id']}/contacts", json={"name": "Sam"}))
    items = [{"name": "Consulting", "quantity": 2, "unit_cost": 100}]
    invoice = created(api.post("/invoiced/invoices", json={"customer": customer["id"], "items": items}))
    note = created(api.post("/invoiced/credit_notes", json={"customer": customer["id"], "invoice": invoice["id"],
                                                             "items": [{"name": "Refund", "unit_cost": 10}]}))
    payment = created(api.post("/invoiced/payments", json={"customer": customer["id"], "amount": 50,
                                                           "currency": "eur"}))
    octobat = created(api.post("/octobat/v2/customers", json={"name": "Octo", "billing_address_country": "FR"}))
    source = created(api.post(f"/octobat/v2/customers/{octobat['id']}/payment_sources",
                              data=V2_SEED_PAYMENT_SOURCE))
    [sequence] = api.get("/octobat/v2/invoice_numbering_sequences").json()["data"]
    recipient = created(api.post("/octobat/v2/payment_recipients",
                                 data={"name": "Bank", "payment_recipient_type": "transfer", "details[iban]": IBAN}))
    invoiced = {"customer_id": customer["id"], "contact_id": contact["id"], "invoice_id": invoice["id"],
                "note_id": note["id"], "payment_id": payment["id"]}
    return {
        "/invoiced": invoiced,
        "/invoiced/legacy": invoiced,
        "/octobat/v1": {"customer_id": octobat["id"], "sequence_id": sequence["id"], "mode_id": recipient["id"]},
        "/octobat/v2": {"customer_id": octobat["id"], "source_id": source["id"], "sequence_id": sequence["id"],
                        "recipient_id": recipient["id"]},
    }


def operations(schema) -> list:
    found = [result.ok() for result in schema.get_all_operations()]
    return sorted(found, key=lambda operation: bool(DESTRUCTIVE.search(operation.label)))


def cases(operation, ids: dict[str, str], mode: GenerationMode):
    """Cases with generated path parameters, and, where the objects exist, with their ids."""
    generated = operation.as_strategy(generation_mode=mode)
    names = {parameter.name for parameter in operation.path_parameters}
    if names and names <= set(ids):
        existing = {name: str(ids[name]) for name in names}
        return st.one_of(operation.as_strategy(generation_mode=mode, path_parameters=existing), generated)
    return generated


@pytest.mark.parametrize("base", DIALECTS)
def test_no_generated_request_is_a_server_error(app, api, existing_ids, base):
    schema = schemathesis.openapi.from_asgi(f"{base}/openapi.json", app)
    schema.config.update(base_url=f"http://testserver{base}")
    authorization = {"Authorization": api.headers["Authorization"]}
    known = KNOWN_SERVER_ERRORS.get(base, {})
    sent, failures = 0, []

    for operation in operations(schema):
        if operation.label in known:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=cases(operation, existing_ids[base], mode))
            def try_case(case):
                nonlocal sent
                sent += 1
                response = case.call(headers=authorization)
                try:
                    case.validate_response(response, checks=[not_a_server_error])
                except (AssertionError, BaseExceptionGroup):
                    failures.append(f"{response.status_code} {case.as_curl_command(headers=authorization)}")

            try_case()

    print(f"{base}: {sent} requests, {len(failures)} server errors")  # shown with -s, for the record
    assert sent > 0
    assert not failures, f"{len(failures)} server errors in {sent} requests:\n" + "\n".join(failures[:20])
