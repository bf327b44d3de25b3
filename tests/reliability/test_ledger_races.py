"""Racing changes to one customer's ledger: no deadlock surfaces as a server error, and the
ledger adds up afterwards."""

from collections import Counter

from tests.support.concurrency import run_together

BASE = "/invoiced"
PAYMENTS = 15


def test_a_void_racing_payments_on_one_invoice_answers_every_request_and_keeps_the_ledger_whole(
        app, account, client_for, api):
    customer = api.post(f"{BASE}/customers", json={"name": "Raced", "currency": "eur"}).json()["id"]
    billed = api.post(f"{BASE}/invoices", json={"customer": customer, "items": [
        {"name": "Untaxed", "unit_cost": 100, "taxable": False}]}).json()
    api.post(f"{BASE}/credit_balance_adjustments", json={"customer": customer, "amount": 50})

    def act(index: int) -> int:
        client = client_for(account.live_key)
        if index == PAYMENTS // 2:
            return client.post(f"{BASE}/invoices/{billed['id']}/void").status_code
        applied = {"type": "applied_credit" if index % 3 == 0 else "invoice", "invoice": billed["id"], "amount": 1}
        return client.post(f"{BASE}/payments", json={"customer": customer, "amount": 0 if index % 3 == 0 else 1,
                                                      "applied_to": [applied]}).status_code

    statuses = Counter(run_together(PAYMENTS + 1, act))
    assert set(statuses) <= {200, 201, 400}, statuses
    shown = api.get(f"{BASE}/invoices/{billed['id']}").json()
    payments = [p for p in api.get(f"{BASE}/payments", params={"per_page": 100}).json() if not p.get("voided")]
    paid = sum(a["amount"] for p in payments for a in p["applied_to"] if a["type"] in ("invoice", "applied_credit"))
    if shown["status"] == "voided":
        assert paid == 0 and statuses[201] == 0
    else:
        assert shown["balance"] == 100 - paid and statuses[201] == PAYMENTS
    spent = sum(a["amount"] for p in payments for a in p["applied_to"] if a["type"] == "applied_credit")
    assert api.get(f"{BASE}/customers/{customer}/balance").json()["available_credits"] == 50 - spent
