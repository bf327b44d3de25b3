"""/payment_recipients in Octobat v2: the payment modes of v1 under their later name."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import PaymentRecipientInput, recipient_changes
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.v2.render import render_payment_recipient
from billbook.services import payment_modes
from billbook.services.context import AccountContext

router = APIRouter(tags=["payment recipients"])
BASE = "/payment_recipients"
# The ledger checks the IBAN and BIC apart; the caller sent them inside `details`.
_WIRE_NAMES = {"iban": "details[iban]", "bic": "details[bic]", "type": "payment_recipient_type"}


@router.get(BASE, openapi_extra=list_parameters())
async def list_recipients(request: Request, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, payment_modes.slice_payment_modes, cursor_from(params))
    return json_response(list_object(found, lambda mode: render_payment_recipient(mode, ctx.tenant.livemode),
                                     request_path(request)))


@router.post(BASE, openapi_extra=body_schema(PaymentRecipientInput))
async def create_recipient(params: Params = Depends(request_params),
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(_WIRE_NAMES):
        mode = await perform(ctx, payment_modes.create, recipient_changes(PaymentRecipientInput.creation(params)))
    return json_response(render_payment_recipient(mode, ctx.tenant.livemode))


@router.get(BASE + "/{recipient_id}")
async def retrieve_recipient(recipient_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    mode = await perform(ctx, payment_modes.retrieve, recipient_id)
    return json_response(render_payment_recipient(mode, ctx.tenant.livemode))


@router.patch(BASE + "/{recipient_id}", openapi_extra=body_schema(PaymentRecipientInput))
async def update_recipient(recipient_id: str, params: Params = Depends(request_params),
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(_WIRE_NAMES):
        mode = await perform(ctx, payment_modes.update, recipient_id,
                             recipient_changes(PaymentRecipientInput.changes(params)))
    return json_response(render_payment_recipient(mode, ctx.tenant.livemode))
