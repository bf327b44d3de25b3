"""Document links through a live server and the official `invoiced` client: an invoice's PDF, a
credit note's and a customer's statement, fetched without the API key as an end customer would."""

import requests


def fetched(url: str) -> bytes:
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"] == "application/pdf" and answer.content.startswith(b"%PDF")
    return answer.content


def test_every_document_link_serves_its_pdf_from_a_live_server(client, server_url):
    customer = client.Customer.create(name="Client SARL", currency="eur", country="FR")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Consulting", "unit_cost": 100}])
    assert invoice.pdf_url.startswith(server_url + "/documents/")
    first = fetched(invoice.pdf_url)
    assert fetched(invoice.pdf_url) == first
    note = client.CreditNote.create(customer=customer.id, invoice=invoice.id,
                                    items=[{"name": "Refund", "unit_cost": 10}])
    fetched(note.pdf_url)
    shown = client.Customer.retrieve(customer.id)
    assert shown.statement_pdf_url.startswith(server_url + "/statements/")
    fetched(shown.statement_pdf_url)
    fetched(shown.statement_pdf_url + "?type=balance_forward")
    assert requests.get(invoice.pdf_url.replace("/documents/", "/documents/x"), timeout=30).status_code == 404
