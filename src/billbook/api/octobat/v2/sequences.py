"""/invoice_numbering_sequences in Octobat v2."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import SequenceInput, sequence_default_flag
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.v2.render import render_sequence
from billbook.services import numbering
from billbook.services.context import AccountContext

router = APIRouter(tags=["invoice numbering sequences"])
BASE = "/invoice_numbering_sequences"


@router.get(BASE, openapi_extra=list_parameters())
async def list_sequences(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, numbering.slice_sequences, cursor_from(params))
    return json_response(list_object(found, lambda s: render_sequence(s, ctx.tenant.livemode),
                                     request_path(request)))


@router.post(BASE, openapi_extra=body_schema(SequenceInput))
async def create_sequence(params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    make_default = sequence_default_flag(params)
    sequence = await perform(ctx, numbering.create, SequenceInput.changes(params), make_default)
    return json_response(render_sequence(sequence, ctx.tenant.livemode))


@router.get(BASE + "/{sequence_id}")
async def retrieve_sequence(sequence_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    sequence = await perform(ctx, numbering.retrieve, sequence_id)
    return json_response(render_sequence(sequence, ctx.tenant.livemode))


@router.patch(BASE + "/{sequence_id}", openapi_extra=body_schema(SequenceInput))
async def update_sequence(sequence_id: str, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    sequence = await perform(ctx, numbering.update, sequence_id, SequenceInput.changes(params))
    return json_response(render_sequence(sequence, ctx.tenant.livemode))


@router.patch(BASE + "/{sequence_id}/default")
async def set_default_sequence(sequence_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    sequence = await perform(ctx, numbering.set_default, sequence_id)
    return json_response(render_sequence(sequence, ctx.tenant.livemode))
