"""POST /customers/:id/emails, /invoices/:id/emails, /credit_notes/:id/emails: the emails are
queued with the PDF in one transaction, answered at once, and refusals write nothing."""

import pytest

from billbook.documents import carried_xml


def created(answer):
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def customer(api):
    customer = created(api.post("/invoiced/customers", json={"name": "Client SARL", "email": "billing@client.example",
                                                              "country": "FR", "currency": "eur"}))
    created(api.post(f"/invoiced/customers/{customer['id']}/contacts",
                     json={"name": "Ann Primary", "email": "ann@client.example", "primary": True}))
    created(api.post(f"/invoiced/customers/{customer['id']}/contacts",
                     json={"name": "Bob Other", "email": "bob@client.example", "primary": False}))
    return customer


def test_a_statement_goes_by_default_to_the_customer_and_its_primary_contacts(api, account, customer):
    emails = created(api.post(f"/invoiced/customers/{customer['id']}/emails", json={}))
    assert [email["email"] for email in emails] == ["billing@client.example", "ann@client.example"]
    first = emails[0]
    assert len(first["id"]) == 32 and first["object"] == "email" and first["state"] == "queued"
    assert first["template"] == "statement_email" and first["subject"] == "Statement from Acme SAS"
    assert first["opens"] == 0 and first["opens_detail"] == [] and first["reject_reason"] is None
    assert isinstance(first["created_at"], int) and first["updated_at"] == first["created_at"]
    with account.context().unit_of_work(write=False) as uow:
        message = uow.outbox.get(first["id"])
    assert message.attachment.startswith(b"%PDF") and message.attachment_name.endswith(".pdf")
    assert message.details["url"].startswith("http://testserver/billing/")  # the billing page shows the statement


def test_named_recipients_bcc_subject_and_message_are_kept(api, account, customer):
    emails = created(api.post(f"/invoiced/customers/{customer['id']}/emails", json={
        "to": [{"name": "Client", "email": "client@example.com"}], "bcc": "audit@example.com, boss@example.com",
        "subject": "Your statement", "message": "Hello!", "type": "balance_forward", "start": 1735689600}))
    assert [(email["email"], email["subject"], email["message"]) for email in emails] == [
        ("client@example.com", "Your statement", "Hello!")]
    with account.context().unit_of_work(write=False) as uow:
        message = uow.outbox.get(emails[0]["id"])
    assert message.bcc == "audit@example.com,boss@example.com"
    assert message.recipient == {"name": "Client", "email": "client@example.com"}


def test_form_encoded_recipients_are_read_too(api, customer):
    answer = api.post(f"/invoiced/customers/{customer['id']}/emails",
                      data={"to[0][email]": "x@example.com", "to[0][name]": "X", "type": "open_item",
                            "items": "past_due"})
    assert [email["email"] for email in created(answer)] == ["x@example.com"]


@pytest.mark.parametrize("body, param", [
    ({"to": [{"name": "No address"}]}, "to[0][email]"),
    ({"to": [{"email": "not an address"}]}, "to[0][email]"),
    ({"to": "someone"}, "to"),
    ({"bcc": "ok@example.com,nope"}, "bcc"),
    ({"type": "weekly"}, "type"),
    ({"type": "balance_forward", "start": "yesterday"}, "start"),
    ({"type": "balance_forward", "start": 1767225600, "end": 1735689600}, "start"),
    ({"items": "overdue"}, "items"),
])
def test_a_refusal_names_the_parameter_and_writes_nothing(api, account, customer, body, param):
    answer = api.post(f"/invoiced/customers/{customer['id']}/emails", json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["type"] == "invalid_request" and answer.json()["param"] == param
    with account.context().unit_of_work(write=False) as uow:
        assert uow.outbox.for_customer(customer["id"]) == []


def test_a_customer_without_any_address_is_refused_naming_to(api, account):
    bare = created(api.post("/invoiced/customers", json={"name": "No Mail"}))
    answer = api.post(f"/invoiced/customers/{bare['id']}/emails", json={})
    assert answer.status_code == 400 and answer.json()["param"] == "to"


def test_an_unknown_customer_is_404(api):
    assert api.post("/invoiced/customers/999999999/emails", json={}).status_code == 404


def test_sending_an_invoice_queues_its_archived_pdf_and_marks_it_sent(api, account, customer):
    invoice = created(api.post("/invoiced/invoices", json={"customer": customer["id"],
                                                            "items": [{"name": "Work", "unit_cost": 100}]}))
    assert invoice["status"] == "not_sent"
    emails = created(api.post(f"/invoiced/invoices/{invoice['id']}/emails",
                              json={"to": [{"email": "payables@client.example"}]}))
    assert [(email["email"], email["template"]) for email in emails] == [("payables@client.example",
                                                                          "invoice_email")]
    assert emails[0]["subject"] == f"Invoice {invoice['number']} from Acme SAS"
    assert api.get(f"/invoiced/invoices/{invoice['id']}").json()["status"] == "sent"
    with account.context().unit_of_work(write=False) as uow:
        message = uow.outbox.get(emails[0]["id"])
        archived = uow.document_files.get(invoice["id"])
    assert message.attachment == archived and message.invoice_id == invoice["id"]
    # The e-invoice travels with it: the PDF attached is the Factur-X.
    assert carried_xml(message.attachment) is not None and invoice["number"].encode() in carried_xml(archived)


def test_a_credit_note_is_sent_with_its_own_template(api, customer):
    invoice = created(api.post("/invoiced/invoices", json={"customer": customer["id"],
                                                            "items": [{"name": "Work", "unit_cost": 100}]}))
    note = created(api.post("/invoiced/credit_notes", json={"customer": customer["id"], "invoice": invoice["id"],
                                                             "items": [{"name": "Refund", "unit_cost": 10}]}))
    emails = created(api.post(f"/invoiced/credit_notes/{note['id']}/emails", json={}))
    assert {email["template"] for email in emails} == {"credit_note_email"}
    assert api.post(f"/invoiced/invoices/{note['id']}/emails", json={}).status_code == 404


def test_a_draft_invoice_is_refused_naming_draft(api, account, customer):
    draft = created(api.post("/invoiced/invoices", json={"customer": customer["id"], "draft": True,
                                                          "items": [{"name": "Work", "unit_cost": 100}]}))
    answer = api.post(f"/invoiced/invoices/{draft['id']}/emails", json={})
    assert answer.status_code == 400 and answer.json()["param"] == "draft"
    with account.context().unit_of_work(write=False) as uow:
        assert uow.outbox.for_customer(customer["id"]) == []
