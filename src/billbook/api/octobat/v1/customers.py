"""/customers in Octobat v1."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import CUSTOMER_WIRE_NAMES, V1CustomerInput
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.render import deleted
from billbook.api.octobat.v1.render import render_customer
from billbook.domain.listing import ListQuery
from billbook.services import customers
from billbook.services.context import AccountContext

router = APIRouter(tags=["customers"])


@router.post("/customers", openapi_extra=body_schema(V1CustomerInput))
async def create_customer(params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(CUSTOMER_WIRE_NAMES):
        customer = await perform(ctx, customers.create, V1CustomerInput.creation(params))
    return json_response(render_customer(customer))


@router.get("/customers", openapi_extra=list_parameters())
async def list_customers(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    found = await perform(ctx, customers.slice_customers, ListQuery(), cursor_from(params))
    return json_response(list_object(found, render_customer, request_path(request)))


@router.get("/customers/{customer_id}")
async def retrieve_customer(customer_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    return json_response(render_customer(await perform(ctx, customers.retrieve, customer_id)))


@router.patch("/customers/{customer_id}", openapi_extra=body_schema(V1CustomerInput))
async def update_customer(customer_id: str, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(CUSTOMER_WIRE_NAMES):
        customer = await perform(ctx, customers.update, customer_id, V1CustomerInput.changes(params))
    return json_response(render_customer(customer))


@router.delete("/customers/{customer_id}")
async def delete_customer(customer_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.delete, customer_id)
    return json_response(deleted(customer.public_id, "customer"))
