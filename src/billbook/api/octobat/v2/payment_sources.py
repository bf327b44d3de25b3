"""/customers/:id/payment_sources in Octobat v2."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import PAYMENT_SOURCE_WIRE_NAMES, PaymentSourceInput
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.render import render_payment_source
from billbook.services import payment_sources
from billbook.services.context import AccountContext

router = APIRouter(tags=["payment sources"])
BASE = "/customers/{customer_id}/payment_sources"


@router.post(BASE, openapi_extra=body_schema(PaymentSourceInput))
async def create_payment_source(customer_id: str, params: Params = Depends(request_params),
                                ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(PAYMENT_SOURCE_WIRE_NAMES):
        source = await perform(ctx, payment_sources.create, customer_id, PaymentSourceInput.creation(params))
    return json_response(render_payment_source(source, customer_id))


@router.get(BASE, openapi_extra=list_parameters())
async def list_payment_sources(request: Request, customer_id: str, params: Params = Depends(request_params),
                               ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, payment_sources.slice_payment_sources, customer_id, cursor_from(params))
    return json_response(list_object(found, lambda source: render_payment_source(source, customer_id),
                                     request_path(request)))


@router.get(BASE + "/{source_id}")
async def retrieve_payment_source(customer_id: str, source_id: str,
                                  ctx: AccountContext = Depends(account_context)) -> JSONBody:
    source = await perform(ctx, payment_sources.retrieve, customer_id, source_id)
    return json_response(render_payment_source(source, customer_id))


@router.patch(BASE + "/{source_id}", openapi_extra=body_schema(PaymentSourceInput))
async def update_payment_source(customer_id: str, source_id: str, params: Params = Depends(request_params),
                                ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(PAYMENT_SOURCE_WIRE_NAMES):
        source = await perform(ctx, payment_sources.update, customer_id, source_id,
                               PaymentSourceInput.changes(params))
    return json_response(render_payment_source(source, customer_id))
