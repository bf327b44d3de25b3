"""/invoiced/legacy: the oldest API's wrapped responses, as its seed documents them."""

SEED_INPUT = {
    "number": "CUST-0001", "name": "Acme", "email": "billing@acmecorp.com", "address1": "342 Amber St",
    "address2": None, "city": "Hill Valley", "state": "CA", "postal_code": "94523", "country": "United States",
    "tax_id": "893-934835", "phone": "(820) 297-2983", "other_phone": None, "website": "acmecorp.com",
    "notes": None,
}
SEED_KEYS = set(SEED_INPUT) | {"created_at", "updated_at", "id", "balance", "stripe_customer"}


def test_create_answers_a_wrapped_customer_with_the_country_by_name(api):
    response = api.post("/invoiced/legacy/customers", json=SEED_INPUT)
    assert response.status_code == 201
    customer = response.json()["customer"]
    assert set(customer) == SEED_KEYS
    assert {key: customer[key] for key in SEED_INPUT} == SEED_INPUT
    assert customer["balance"] == 0 and customer["stripe_customer"] is None and customer["updated_at"] is None


def test_fetch_edit_list_delete(api):
    created = api.post("/invoiced/legacy/customers", json=SEED_INPUT).json()["customer"]
    path = f"/invoiced/legacy/customers/{created['id']}"
    assert api.get(path).json() == {"customer": created}
    edited = api.patch(path, json={"other_phone": "(820) 297-2984", "notes": "Notes about customer..."})
    assert edited.status_code == 200 and edited.json() == {"success": True}
    fetched = api.get(path).json()["customer"]
    assert (fetched["other_phone"], fetched["notes"]) == ("(820) 297-2984", "Notes about customer...")
    listed = api.get("/invoiced/legacy/customers", params={"per_page": 10})
    assert listed.json() == {"customers": [fetched]}
    assert listed.headers["X-Total-Count"] == "1" and 'rel="first"' in listed.headers["Link"]
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_legacy_and_current_apis_show_the_same_customer(api):
    created = api.post("/invoiced/legacy/customers", json=SEED_INPUT).json()["customer"]
    current = api.get(f"/invoiced/customers/{created['id']}").json()
    assert (current["name"], current["country"], current["number"]) == ("Acme", "US", "CUST-0001")


def test_contacts_carry_their_customer(api):
    customer = api.post("/invoiced/legacy/customers", json={"name": "Acme"}).json()["customer"]
    base = f"/invoiced/legacy/customers/{customer['id']}/contacts"
    created = api.post(base, json={"customer": customer["id"], "name": "Tia Lesa Dunn",
                                   "email": "billings@acmecorp.com", "primary": True})
    assert created.status_code == 201
    contact = created.json()["contact"]
    assert set(contact) == {"created_at", "updated_at", "id", "customer", "name", "email", "primary"}
    assert contact["customer"] == customer["id"]
    edited = api.patch(f"{base}/{contact['id']}", json={"primary": False})
    assert edited.json() == {"success": True}
    listed = api.get(base)
    [shown] = listed.json()["contacts"]
    assert shown == {**contact, "primary": False, "updated_at": shown["updated_at"]}
    assert listed.headers["X-Total-Count"] == "1"
    assert api.delete(f"{base}/{contact['id']}").status_code == 204
    assert api.get(base).json() == {"contacts": []}


def test_a_body_customer_that_disagrees_with_the_path_is_refused(api):
    customer = api.post("/invoiced/legacy/customers", json={"name": "Acme"}).json()["customer"]
    other = api.post("/invoiced/legacy/customers", json={"name": "Other"}).json()["customer"]
    response = api.post(f"/invoiced/legacy/customers/{customer['id']}/contacts",
                        json={"customer": other["id"], "name": "N"})
    assert response.status_code == 400 and response.json()["param"] == "customer"
    assert api.get(f"/invoiced/legacy/customers/{customer['id']}/contacts").json() == {"contacts": []}


def test_legacy_errors_use_the_invoiced_format(api):
    response = api.post("/invoiced/legacy/customers", json={"email": "x@example.com"})
    assert response.status_code == 400 and response.json()["param"] == "name"
    assert api.get("/invoiced/legacy/nothing").json()["message"] == "Request was not recognized: GET /nothing"


def _owing(api, name: str, currency: str | None = None, owed: float = 0) -> int:
    """An untaxed customer (through the current API) with one issued invoice left owing `owed`."""
    customer = api.post("/invoiced/customers", json={"name": name, "currency": currency, "taxable": False}).json()
    if owed:
        invoice = api.post("/invoiced/invoices", json={
            "customer": customer["id"], "currency": currency or "eur",
            "items": [{"name": "Consulting", "quantity": 1, "unit_cost": owed + 25}]}).json()
        paid = api.post("/invoiced/payments", json={
            "customer": customer["id"], "currency": currency or "eur", "amount": 25,
            "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": 25}]})
        assert paid.status_code == 201, paid.text
    return customer["id"]


def test_balance_is_what_the_customer_owes_as_the_current_api_computes_it(api):
    owing = _owing(api, "Owing", owed=3395.47)
    in_dollars = _owing(api, "In dollars", currency="usd", owed=10)
    settled = _owing(api, "Settled")
    retrieved = api.get(f"/invoiced/legacy/customers/{owing}").json()["customer"]
    assert retrieved["balance"] == 3395.47
    assert api.get(f"/invoiced/customers/{owing}/balance").json()["total_outstanding"] == 3395.47
    listed = api.get("/invoiced/legacy/customers").json()["customers"]
    assert {c["id"]: c["balance"] for c in listed} == {owing: 3395.47, in_dollars: 10, settled: 0}


def test_a_page_of_balances_costs_the_same_queries_whatever_its_length(api):
    _owing(api, "First", owed=5)
    few = _statements_run(lambda: api.get("/invoiced/legacy/customers"))
    for number in range(10):
        _owing(api, f"Customer {number}", owed=number)
    many = _statements_run(lambda: api.get("/invoiced/legacy/customers"))
    assert 0 < many == few


def _statements_run(request) -> int:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    run = []

    def count(*_args):
        run.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert request().status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return len(run)
