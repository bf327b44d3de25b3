"""Sending by email in the Invoiced dialect: a customer's statement (`customer.send_statement()`),
an invoice (`invoice.send()`) and a credit note. The answer lists the queued emails; delivery
happens afterwards, in the outbox worker."""

from datetime import datetime, timezone
from functools import partial

from fastapi import APIRouter, Depends

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import before_the_transaction, offload, perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.links import document_pdf_url, statement_pdf_url
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.http.typesetting import typeset
from billbook.api.invoiced.invoices import day_of
from billbook.domain.errors import InvalidParam
from billbook.domain.invoices import CREDIT_NOTE, INVOICE
from billbook.domain.outbox import OutboxMessage, invoiced_state
from billbook.services import documents, sending
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
        "created_at": _unix(message.created_at),
        "updated_at": _unix(message.updated_at),
    }


def _unix(moment: datetime) -> int:
    return int((moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp())


@router.post("/customers/{customer_id}/emails", status_code=201)
async def send_statement(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = integer_id("Customer", customer_id)
    asked = {"type": params.get("type") or None, "start": day_of("start", params.get("start")),
             "end": day_of("end", params.get("end")), "items": params.get("items") or None}
    for name in ("type", "items"):
        if asked[name] is not None and not isinstance(asked[name], str):
            raise_invalid(name)
    request = email_request(params)
    with before_the_transaction():
        prepared, job = await offload(ctx.database, partial(sending.prepare_statement, **asked), ctx, customer,
                                     request)
    pdf = await typeset(job)
    messages = await perform(ctx, sending.queue, prepared, pdf, statement_pdf_url(prepared.link_token))
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
        if not isinstance(found, bytes):
            # Typeset in a worker process, then archived: the document sent is the one kept.
            found = await offload(ctx.database, documents.archive, ctx.database, found, await typeset(found))
    messages = await perform(ctx, sending.queue, prepared, found, document_pdf_url(prepared.link_token))
    return json_response([render_email(message) for message in messages], 201)

