"""A customer with a ledger worth showing, made through the Invoiced API, and its billing page."""

import html as html_module
import re

from billbook.services import customers

INVOICED = "/invoiced"


def created(answer) -> dict:
    assert answer.status_code == 201, answer.text
    return answer.json()


def seeded_customer(api, **details) -> dict:
    """Two invoices in euros (one part paid), one in dollars, a credit note, a draft."""
    customer = created(api.post(f"{INVOICED}/customers", json={
        "name": "Client SARL", "currency": "eur", "country": "FR", "address1": "2 avenue Foch", "city": "Lyon",
        "postal_code": "69001", "language": "en", "email": "billing@client.example", **details}))
    first = created(api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "payment_terms": "NET 30",
                                                           "items": [{"name": "Consulting", "quantity": 2,
                                                                      "unit_cost": 150}]}))
    second = created(api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "items": [
        {"name": "Support", "quantity": 1, "unit_cost": 80}]}))
    dollars = created(api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "currency": "usd",
                                                             "items": [{"name": "Licence", "unit_cost": 45}]}))
    created(api.post(f"{INVOICED}/payments", json={
        "customer": customer["id"], "currency": "eur", "amount": 100, "method": "wire_transfer",
        "reference": "VIR-2291", "applied_to": [{"type": "invoice", "invoice": first["id"], "amount": 100}]}))
    note = created(api.post(f"{INVOICED}/credit_notes", json={
        "customer": customer["id"], "invoice": second["id"], "items": [{"name": "Goodwill", "unit_cost": 10}]}))
    draft = created(api.post(f"{INVOICED}/invoices", json={"customer": customer["id"], "draft": True,
                                                           "items": [{"name": "Not yet", "unit_cost": 999}]}))
    return {"customer": customer, "invoices": [first, second, dollars], "credit_note": note, "draft": draft}


def page_path(account, customer_id: int) -> str:
    return f"/billing/{customers.retrieve(account.context(), customer_id).portal_token}"


def csrf_field(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def details_form(html: str, **changes) -> dict:
    """The form as the page fills it, with some fields changed."""
    fields = re.findall(r'<input id="field-[a-z_0-9]+" name="([a-z_0-9]+)" type="[a-z]+" value="([^"]*)"', html)
    form = {name: html_module.unescape(value) for name, value in fields}
    country = re.search(r'<option value="([A-Z]{2})" selected>', html)
    form["country"] = country.group(1) if country else ""
    return {**form, "csrf_token": csrf_field(html), **changes}
