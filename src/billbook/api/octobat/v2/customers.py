"""/customers in Octobat v2."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import V2_CUSTOMER_WIRE_NAMES, V2CustomerInput
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, request_path
from billbook.api.octobat.render import deleted
from billbook.api.octobat.v2.render import render_customer
from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import ListQuery
from billbook.services import customers
from billbook.services.context import AccountContext

router = APIRouter(tags=["customers"])


def _shown(request: Request, ctx: AccountContext):
    return lambda customer: render_customer(customer, ctx.tenant.livemode)


@router.post("/customers", openapi_extra=body_schema(V2CustomerInput))
async def create_customer(request: Request, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(V2_CUSTOMER_WIRE_NAMES):
        customer = await perform(ctx, customers.create, V2CustomerInput.creation(params))
    return json_response(_shown(request, ctx)(customer))


@router.get("/customers", openapi_extra=list_parameters("source"))
async def list_customers(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    source = params.get("source")
    if source is not None and not isinstance(source, str):
        raise InvalidParam("source", "must be an integration object id, like cus_…")
    found = await perform(ctx, customers.slice_customers, ListQuery(source=source or None), cursor_from(params))
    return json_response(list_object(found, _shown(request, ctx), request_path(request)))


@router.get("/customers/{customer_id}")
async def retrieve_customer(request: Request, customer_id: str,
                            ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer: Customer = await perform(ctx, customers.retrieve, customer_id)
    return json_response(_shown(request, ctx)(customer))


# The seeds' own curl example updates with a POST (`curl …/customers/:id -d email=…`), as the
# original service accepted; the clients send a PATCH.
@router.post("/customers/{customer_id}", openapi_extra=body_schema(V2CustomerInput))
@router.patch("/customers/{customer_id}", openapi_extra=body_schema(V2CustomerInput))
async def update_customer(request: Request, customer_id: str, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    with wire_names(V2_CUSTOMER_WIRE_NAMES):
        customer = await perform(ctx, customers.update, customer_id, V2CustomerInput.changes(params))
    return json_response(_shown(request, ctx)(customer))


@router.delete("/customers/{customer_id}")
async def delete_customer(customer_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.delete, customer_id)
    return json_response(deleted(customer.public_id, "customer"))
