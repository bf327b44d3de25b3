"""/credit_notes in the Invoiced dialect: the same shape as invoices, crediting one of them."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response, no_content
from billbook.api.invoiced.invoice_render import render_invoice
from billbook.api.invoiced.invoices import FILTERS, SORTS, filter_value, invoice_changes, today
from billbook.api.invoiced.listing import list_parameters, list_query
from billbook.domain.invoices import CREDIT_NOTE
from billbook.services import cancelling, drafts, invoices
from billbook.services.context import AccountContext

router = APIRouter(tags=["credit notes"])


@router.post("/credit_notes", status_code=201)
async def create_credit_note(params: Params = Depends(request_params),
                             ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, drafts.create_invoice, invoice_changes(params), CREDIT_NOTE)
    return json_response(render_invoice(issued, today()), 201)


@router.get("/credit_notes", openapi_extra=list_parameters(frozenset(FILTERS)))
async def list_credit_notes(request: Request, params: Params = Depends(request_params),
                            ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, filter_value, frozenset(FILTERS), frozenset(SORTS))
    query = replace(query, filters={FILTERS[name]: value for name, value in query.filters.items()},
                    sort=(SORTS[query.sort[0]], query.sort[1]))
    found, total = await perform(ctx, invoices.list_invoices, query, CREDIT_NOTE)
    shown = today()
    return json_response([render_invoice(issued, shown) for issued in found],
                         headers=page_headers(request, query.page, total))


@router.get("/credit_notes/{note_id}")
async def retrieve_credit_note(note_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, invoices.retrieve, integer_id("Credit note", note_id), True, CREDIT_NOTE)
    return json_response(render_invoice(issued, today()))


@router.patch("/credit_notes/{note_id}")
async def update_credit_note(note_id: str, params: Params = Depends(request_params),
                             ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, drafts.update_invoice, integer_id("Credit note", note_id),
                           invoice_changes(params), CREDIT_NOTE)
    return json_response(render_invoice(issued, today()))


@router.delete("/credit_notes/{note_id}", status_code=204)
async def delete_credit_note(note_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, drafts.delete_draft, integer_id("Credit note", note_id), CREDIT_NOTE)
    return no_content()


@router.post("/credit_notes/{note_id}/void")
async def void_credit_note(note_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, cancelling.void_invoice, integer_id("Credit note", note_id), CREDIT_NOTE)
    return json_response(render_invoice(issued, today()))
