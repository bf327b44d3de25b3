"""/customers in Octobat v1."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.inputs import wire_names
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response
from billbook.api.octobat.inputs import CUSTOMER_WIRE_NAMES, V1CustomerInput
from billbook.api.octobat.lists import cursor_from, list_object, list_parameters, nested_list, request_path
from billbook.api.octobat.render import deleted
from billbook.api.octobat.v1.render import render_customer, render_invoice
from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import ListQuery
from billbook.services import customers, invoices
from billbook.services.context import AccountContext

router = APIRouter(tags=["customers"])


def _included(params: Params) -> set[str]:
    """`include[]=invoices`: nested objects to show in full."""
    value = params.get("include") or []
    names = value if isinstance(value, list) else [value]
    unknown = [name for name in names if name != "invoices"]
    if unknown:
        raise InvalidParam("include", f"cannot include {unknown[0]!r} (only invoices)")
    return set(names)


async def _shown(ctx: AccountContext, found: list[Customer], params: Params) -> list[dict]:
    """The customers; with `include[]=invoices`, each with its invoices as a full list object."""
    shown = [render_customer(customer) for customer in found]
    if "invoices" in _included(params):
        owned = await perform(ctx, invoices.for_customers, [customer.id for customer in found])
        for customer, body in zip(found, shown):
            body["invoices"] = nested_list(owned[customer.id], lambda issued: render_invoice(
                issued, ctx.tenant.livemode), f"/invoices?customer={customer.public_id}")
    return shown


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
    shown = replace(found, items=await _shown(ctx, found.items, params))
    return json_response(list_object(shown, dict, request_path(request)))


@router.get("/customers/{customer_id}")
async def retrieve_customer(customer_id: str, params: Params = Depends(request_params),
                            ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.retrieve, customer_id)
    return json_response((await _shown(ctx, [customer], params))[0])


# The seeds' own curl example updates with a POST (`curl …/customers/:id -d email=…`), as the
# original service accepted; the clients send a PATCH.
@router.post("/customers/{customer_id}", openapi_extra=body_schema(V1CustomerInput))
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
