"""Sending in the Invoiced dialect, by email, text message and letter: a customer's statement
(`customer.send_statement()`, `send_statement_sms()`, `send_statement_letter()`), an invoice
(`invoice.send()`, `send_sms()`, `send_letter()`) and a credit note. The answer lists the queued
messages; delivery happens afterwards, in the outbox worker."""

from datetime import date
from functools import partial
from urllib.parse import urlencode

from fastapi import APIRouter, Depends

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import before_the_transaction, offload, perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.links import billing_page_url, document_pdf_url
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.http.typesetting import kept_pdf, typeset
from billbook.api.invoiced.invoice_render import day
from billbook.api.invoiced.invoices import day_of
from billbook.api.invoiced.render import unix
from billbook.domain.errors import InvalidParam
from billbook.domain.invoices import CREDIT_NOTE, INVOICE
from billbook.domain.outbox import OutboxMessage, invoiced_state
from billbook.services import documents, letters, portal, sending, text_messages
from billbook.services.context import AccountContext

router = APIRouter(tags=["sending"])


def email_request(params: Params) -> sending.EmailRequest:
    text = {name: params.get(name) for name in ("bcc", "subject", "message", "template")}
    for name, value in text.items():
        if value is not None and not isinstance(value, str):
            raise_invalid(name)
    return sending.EmailRequest(to=params.get("to"), **text)


def raise_invalid(name: str):
    raise InvalidParam(name, "must be a string")


def render_email(message: OutboxMessage) -> dict:
    return {
        "id": message.public_id,
        "object": "email",
        "state": invoiced_state(message),
        "reject_reason": message.reject_reason,
        "email": message.recipient.get("email"),
        "template": message.template,
        "subject": message.subject,
        "message": message.message,
        "opens": 0,
        "opens_detail": [],
        "created_at": unix(message.created_at),
        "updated_at": unix(message.updated_at),
    }


@router.post("/customers/{customer_id}/emails", status_code=201)
async def send_statement(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = integer_id("Customer", customer_id)
    asked = statement_asked(params)
    request = email_request(params)
    with before_the_transaction():
        prepared, job = await offload(ctx.database, partial(sending.prepare_statement, **asked), ctx, customer,
                                     request)
    pdf = await typeset(job)
    messages = await perform(ctx, sending.queue, prepared, pdf, statement_link(prepared.link_token, asked))
    return json_response([render_email(message) for message in messages], 201)


@router.post("/invoices/{invoice_id}/emails", status_code=201)
async def send_invoice(invoice_id: str, params: Params = Depends(request_params),
                       ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _send_document(ctx, integer_id("Invoice", invoice_id), params, INVOICE)


@router.post("/credit_notes/{note_id}/emails", status_code=201)
async def send_credit_note(note_id: str, params: Params = Depends(request_params),
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _send_document(ctx, integer_id("Credit note", note_id), params, CREDIT_NOTE)


async def _send_document(ctx: AccountContext, invoice_id: int, params: Params, kind: str) -> JSONBody:
    request = email_request(params)
    with before_the_transaction():
        prepared, found = await offload(ctx.database, sending.prepare_invoice, ctx, invoice_id, request, kind)
        pdf = await kept_pdf(ctx.database, found)  # the document sent is the one kept
    messages = await perform(ctx, sending.queue, prepared, pdf, document_pdf_url(prepared.link_token))
    return json_response([render_email(message) for message in messages], 201)



def render_text_message(message: OutboxMessage) -> dict:
    return {"id": message.public_id, "object": "text_message", "state": invoiced_state(message),
            "to": message.recipient.get("phone"), "message": message.message,
            "created_at": unix(message.created_at), "updated_at": unix(message.updated_at)}


def render_letter(message: OutboxMessage) -> dict:
    expected = message.details.get("expected_delivery_date")
    return {"id": message.public_id, "object": "letter", "state": invoiced_state(message),
            "to": "\n".join(letters.address_lines(message.recipient)), "num_pages": message.details.get("num_pages"),
            "expected_delivery_date": day(date.fromisoformat(expected)) if expected else None,
            "created_at": unix(message.created_at), "updated_at": unix(message.updated_at)}


def statement_asked(params: Params) -> dict:
    asked = {"type": params.get("type") or None, "start": day_of("start", params.get("start")),
             "end": day_of("end", params.get("end")), "items": params.get("items") or None}
    for name in ("type", "items"):
        if asked[name] is not None and not isinstance(asked[name], str):
            raise_invalid(name)
    return asked


def statement_link(token: str | None, asked: dict) -> str:
    """The customer's billing page (the `portal_token`'s), showing the statement asked for."""
    query = {name: day(value) if name in ("start", "end") else value for name, value in asked.items() if value}
    return billing_page_url(token) + (f"?{urlencode(query)}" if query else "")


@router.post("/customers/{customer_id}/text_messages", status_code=201)
async def text_statement(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = integer_id("Customer", customer_id)
    asked = statement_asked(params)
    token = await perform(ctx, portal.page_token, customer)
    request = text_messages.TextRequest(params.get("to"), params.get("message"))
    messages = await perform(ctx, partial(text_messages.statement_texts, **asked), customer, request,
                             statement_link(token, asked))
    return json_response([render_text_message(message) for message in messages], 201)


@router.post("/invoices/{invoice_id}/text_messages", status_code=201)
async def text_invoice(invoice_id: str, params: Params = Depends(request_params),
                       ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _text_document(ctx, integer_id("Invoice", invoice_id), params, INVOICE)


@router.post("/credit_notes/{note_id}/text_messages", status_code=201)
async def text_credit_note(note_id: str, params: Params = Depends(request_params),
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _text_document(ctx, integer_id("Credit note", note_id), params, CREDIT_NOTE)


async def _text_document(ctx: AccountContext, invoice_id: int, params: Params, kind: str) -> JSONBody:
    token = await perform(ctx, documents.document_token, invoice_id, kind)
    request = text_messages.TextRequest(params.get("to"), params.get("message"))
    messages = await perform(ctx, text_messages.document_texts, invoice_id, request, document_pdf_url(token), kind)
    return json_response([render_text_message(message) for message in messages], 201)


# Answered as a list holding the one letter: the seed shows a bare object, but the official
# clients (Python and Ruby) build a list of letters from the answer and fail on anything else.
@router.post("/customers/{customer_id}/letters", status_code=201)
async def mail_statement(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = integer_id("Customer", customer_id)
    asked = statement_asked(params)
    with before_the_transaction():
        prepared, job = await offload(ctx.database, partial(letters.prepare_statement, **asked), ctx, customer)
    message = await perform(ctx, letters.queue, prepared, await typeset(job))
    return json_response([render_letter(message)], 201)


@router.post("/invoices/{invoice_id}/letters", status_code=201)
async def mail_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _mail_document(ctx, integer_id("Invoice", invoice_id), INVOICE)


@router.post("/credit_notes/{note_id}/letters", status_code=201)
async def mail_credit_note(note_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return await _mail_document(ctx, integer_id("Credit note", note_id), CREDIT_NOTE)


async def _mail_document(ctx: AccountContext, invoice_id: int, kind: str) -> JSONBody:
    with before_the_transaction():
        prepared, job = await offload(ctx.database, letters.prepare_document, ctx, invoice_id, kind)
    message = await perform(ctx, letters.queue, prepared, await typeset(job))
    return json_response([render_letter(message)], 201)
