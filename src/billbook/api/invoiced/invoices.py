"""/invoices in the Invoiced dialect: drafts, issuing, voiding, lists."""

from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response, no_content
from billbook.api.invoiced.invoice_render import render_invoice
from billbook.api.invoiced.listing import list_parameters, list_query
from billbook.domain.errors import InvalidParam
from billbook.domain.invoices import Invoice
from billbook.domain.listing import typed_filter
from billbook.services import cancelling, drafts, invoices, payments
from billbook.services.context import AccountContext, utc_now

router = APIRouter(tags=["invoices"])

# What clients send back of an invoice they read; the server's own values are kept.
_READ_ONLY = frozenset({"id", "object", "paid", "status", "subtotal", "total", "balance", "url", "payment_url",
                        "pdf_url", "created_at", "updated_at", "attempt_count", "next_payment_attempt", "autopay",
                        "voided", "taxes"})
_TIMES = ("date", "due_date")
# filter[...] name → invoice field.
FILTERS = {"customer": "customer_id", "currency": "currency", "number": "number", "draft": "draft",
            "voided": "voided", "closed": "closed", "sent": "sent", "name": "name"}
SORTS = {"id": "id", "number": "number", "date": "issue_date", "due_date": "due_date", "created_at": "created_at",
          "updated_at": "updated_at"}


def invoice_changes(params: Params) -> dict[str, Any]:
    changes = {}
    for name, value in params.items():
        if name in _READ_ONLY and not (name == "taxes" and value):
            continue
        if name in _TIMES:
            value = day_of(name, value)
        elif name in ("customer", "invoice") and value not in (None, ""):
            value = reference(name, value)
        changes[name] = value
    return changes


def reference(name: str, value: Any) -> int:
    """Another object's integer id given in a body (`customer=12`): not one is a 400 naming it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        return int(value)
    raise InvalidParam(name, f"must be an object id: {value!r}")


def day_of(name: str, value: Any) -> date | None:
    """A Unix timestamp as the UTC day it falls on."""
    if value in (None, ""):
        return None
    if isinstance(value, (bool, float)):
        raise InvalidParam(name, f"is not a Unix timestamp: {value!r}")
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidParam(name, f"is not a Unix timestamp: {value!r}") from None


def filter_value(name: str, text: str | None) -> Any:
    return typed_filter(Invoice, FILTERS[name], text)


def today() -> date:
    return utc_now().date()


@router.post("/invoices", status_code=201)
async def create_invoice(params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, drafts.create_invoice, invoice_changes(params))
    return json_response(render_invoice(issued, today()), 201)


@router.get("/invoices", openapi_extra=list_parameters(frozenset(FILTERS), "start_date", "end_date"))
async def list_invoices(request: Request, params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, filter_value, frozenset(FILTERS), frozenset(SORTS))
    query = replace(query, filters={FILTERS[name]: value for name, value in query.filters.items()},
                    sort=(SORTS[query.sort[0]], query.sort[1]),
                    dated_from=day_of("start_date", params.get("start_date")),
                    dated_until=day_of("end_date", params.get("end_date")))
    found, total = await perform(ctx, invoices.list_invoices, query)
    shown = today()
    return json_response([render_invoice(issued, shown) for issued in found],
                         headers=page_headers(request, query.page, total))


@router.get("/invoices/{invoice_id}")
async def retrieve_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, invoices.retrieve, integer_id("Invoice", invoice_id), True)
    return json_response(render_invoice(issued, today()))


@router.patch("/invoices/{invoice_id}")
async def update_invoice(invoice_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, drafts.update_invoice, integer_id("Invoice", invoice_id), invoice_changes(params))
    return json_response(render_invoice(issued, today()))


@router.delete("/invoices/{invoice_id}", status_code=204)
async def delete_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, drafts.delete_draft, integer_id("Invoice", invoice_id))
    return no_content()


@router.post("/invoices/{invoice_id}/void")
async def void_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, cancelling.void_invoice, integer_id("Invoice", invoice_id))
    return json_response(render_invoice(issued, today()))


@router.post("/invoices/{invoice_id}/pay")
async def pay_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, payments.collect, integer_id("Invoice", invoice_id))
    return json_response(render_invoice(issued, today()))
