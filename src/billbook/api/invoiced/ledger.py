"""/payments, /credit_balance_adjustments and /customers/:id/balance in the Invoiced dialect."""

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.invoiced.invoices import day_of, reference
from billbook.api.invoiced.ledger_render import render_adjustment, render_balance, render_payment
from billbook.api.invoiced.listing import list_parameters, list_query
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import typed_filter
from billbook.domain.payments import Payment
from billbook.services import balances, payments
from billbook.services.context import AccountContext

router = APIRouter(tags=["payments"])

_READ_ONLY = frozenset({"id", "object", "balance", "voided", "created_at", "updated_at"})
_FILTERS = {"customer": "customer_id", "currency": "currency", "method": "method", "voided": "voided",
            "reference": "reference"}


def _changes(params: Params) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, value in params.items():
        if name in _READ_ONLY:
            continue
        if name == "date":
            value = day_of(name, value)
        elif name == "customer" and value not in (None, ""):
            value = reference(name, value)
        changes[name] = value
    return changes


@router.post("/payments", status_code=201)
async def create_payment(params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_payment(await perform(ctx, payments.record, _changes(params))), 201)


@router.get("/payments", openapi_extra=list_parameters(frozenset(_FILTERS)))
async def list_payments(request: Request, params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, lambda name, text: typed_filter(Payment, _FILTERS[name], text), frozenset(_FILTERS),
                       frozenset({"id", "date", "amount", "created_at", "updated_at"}))
    query = replace(query, filters={_FILTERS[name]: value for name, value in query.filters.items()})
    found, total = await perform(ctx, payments.list_payments, query)
    return json_response([render_payment(payment) for payment in found],
                         headers=page_headers(request, query.page, total))


@router.get("/payments/{payment_id}")
async def retrieve_payment(payment_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_payment(await perform(ctx, payments.retrieve, integer_id("Payment", payment_id))))


@router.patch("/payments/{payment_id}")
async def update_payment(payment_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    payment = await perform(ctx, payments.update, integer_id("Payment", payment_id), _changes(params))
    return json_response(render_payment(payment))


@router.delete("/payments/{payment_id}")
async def void_payment(payment_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    """Deleting a payment voids it (it is kept, with nothing applied) and answers with it."""
    return json_response(render_payment(await perform(ctx, payments.void, integer_id("Payment", payment_id))))


@router.post("/credit_balance_adjustments", status_code=201, tags=["credit balance"])
async def adjust_credit(params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    entry = await perform(ctx, payments.adjust_credit, _changes(params))
    return json_response(render_adjustment(entry), 201)


@router.get("/customers/{customer_id}/balance", tags=["customers"])
async def customer_balance(customer_id: str, params: Params = Depends(request_params),
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    currency = params.get("currency")
    if currency is not None and not isinstance(currency, str):
        raise InvalidParam("currency", "must be a currency code")
    found = await perform(ctx, balances.balance, integer_id("Customer", customer_id), currency or None)
    return json_response(render_balance(found))
