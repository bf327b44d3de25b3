"""/invoices in Octobat v1: issued in one call (with a new customer if need be), read, listed, paid."""

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import before_the_transaction, perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.http.runtime import runtime_of
from billbook.api.octobat.inputs import CUSTOMER_WIRE_NAMES, V1CustomerInput
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.v1.render import render_invoice, render_invoice_items
from billbook.domain.errors import InvalidParam
from billbook.domain.invoice_requests import clean_payment, clean_request
from billbook.services import cancelling, invoice_requests, invoices
from billbook.services.context import AccountContext

router = APIRouter(tags=["invoices"])

# Domain name → v1 parameter, for the request and for errors naming a part of it.
INVOICE_WIRE_NAMES = {
    "sequence": "numbering_sequence_id",
    "items": "invoice_items",
    "extratax": "extratax_cents",
    "gross": "payment_cents",
    "mode": "payment_mode",
    "bank_country": "customer_bank_country",
}
_ITEM_FIELDS = {"extratax_cents": "extratax", "payment_cents": "gross"}
_PAYMENT_FIELDS = {"payment_mode": "mode", "customer_bank_country": "bank_country"}


def _renamed(value: Any, names: Mapping[str, str]) -> Any:
    if not isinstance(value, Mapping):
        return value
    return {names.get(key, key): item for key, item in value.items()}


def _items(value: Any) -> Any:
    return [_renamed(item, _ITEM_FIELDS) for item in value] if isinstance(value, list) else value


def invoice_request(params: Params) -> dict[str, Any]:
    """The v1 create call in the ledger's terms; the nested customer is checked as v1 creates one."""
    request = {{"numbering_sequence_id": "sequence", "invoice_items": "items"}.get(key, key): value
               for key, value in params.items() if key not in ("include", "expand")}
    if "items" in request:
        request["items"] = _items(request["items"])
    if isinstance(request.get("payment"), Mapping):
        request["payment"] = _renamed(request["payment"], _PAYMENT_FIELDS)
    if isinstance(request.get("customer"), Mapping):
        try:
            request["customer"] = V1CustomerInput.creation(request["customer"])
        except InvalidParam as error:
            head, bracket, rest = error.param.partition("[")
            error.param = f"customer[{head}]{bracket}{rest}"
            raise
    return request


@router.post("/invoices")
async def create_invoice(http: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    register = runtime_of(http).vat_register
    with wire_names(INVOICE_WIRE_NAMES, within={"customer": CUSTOMER_WIRE_NAMES}):
        request = clean_request(invoice_request(params), ctx.tenant.livemode)
        # When configured, the VIES register is asked before issuing, outside any transaction.
        with before_the_transaction():
            number = await perform(ctx, invoice_requests.vat_number_to_check, request) if register else None
            vat_check = await register.check(number) if number else None
        issued = await perform(ctx, invoice_requests.issue, request, vat_check)
    return json_response(render_invoice(issued, ctx.tenant.livemode))


@router.get("/invoices", openapi_extra=list_parameters("customer"))
async def list_invoices(request: Request, params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = params.get("customer")
    if customer is not None and not isinstance(customer, str):
        raise InvalidParam("customer", "must be a customer id")
    found = await perform(ctx, invoices.slice_invoices, cursor_from(params), customer or None)
    return json_response(list_object(found, lambda issued: render_invoice(issued, ctx.tenant.livemode),
                                     request_path(request)))


@router.get("/invoices/{invoice_id}")
async def retrieve_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_invoice(await perform(ctx, invoices.retrieve, invoice_id), ctx.tenant.livemode))


@router.get("/invoices/{invoice_id}/invoice_items")
async def list_invoice_items(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    issued = await perform(ctx, invoices.retrieve, invoice_id)
    return json_response(render_invoice_items(issued.invoice))


@router.patch("/invoices/{invoice_id}/pay")
async def pay_invoice(invoice_id: str, params: Params = Depends(request_params),
                      ctx: AccountContext = Depends(account_context)) -> JSONBody:
    # The Ruby gem sends the payment's fields at the top level; `payment[...]` is accepted as well.
    given = params.get("payment") if isinstance(params.get("payment"), Mapping) else params
    with wire_names(INVOICE_WIRE_NAMES):
        payment = clean_payment(_renamed(given, _PAYMENT_FIELDS))
        issued = await perform(ctx, invoice_requests.pay, invoice_id, payment)
    return json_response(render_invoice(issued, ctx.tenant.livemode))


@router.patch("/invoices/{invoice_id}/cancel")
async def cancel_invoice(invoice_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    """An issued invoice is cancelled by the credit note that cancels it (it stays, numbered)."""
    await perform(ctx, cancelling.void_invoice, invoice_id)
    return json_response(render_invoice(await perform(ctx, invoices.retrieve, invoice_id), ctx.tenant.livemode))
