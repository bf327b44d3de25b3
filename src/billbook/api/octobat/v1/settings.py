"""/numbering_sequences and /payment_modes in Octobat v1: read here, managed with the command line
(or through v2)."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import request_params
from billbook.api.http.execution import perform
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.v1.render import render_payment_mode, render_sequence
from billbook.services import numbering, payment_modes
from billbook.services.context import AccountContext

router = APIRouter()


@router.get("/numbering_sequences", tags=["numbering sequences"], openapi_extra=list_parameters())
async def list_sequences(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, numbering.slice_sequences, cursor_from(params))
    return json_response(list_object(found, render_sequence, request_path(request)))


@router.get("/numbering_sequences/{sequence_id}", tags=["numbering sequences"])
async def retrieve_sequence(sequence_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_sequence(await perform(ctx, numbering.retrieve, sequence_id)))


@router.get("/payment_modes", tags=["payment modes"], openapi_extra=list_parameters())
async def list_payment_modes(request: Request, params: Params = Depends(request_params),
                             ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, payment_modes.slice_payment_modes, cursor_from(params))
    return json_response(list_object(found, render_payment_mode, request_path(request)))


@router.get("/payment_modes/{mode_id}", tags=["payment modes"])
async def retrieve_payment_mode(mode_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_payment_mode(await perform(ctx, payment_modes.retrieve, mode_id)))
