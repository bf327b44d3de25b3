"""/customers in the Invoiced dialect."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params, optional_bool
from billbook.api.http.responses import JSONBody, json_response, no_content
from billbook.api.invoiced.inputs import CustomerInput
from billbook.api.invoiced.listing import expansions, list_parameters, list_query
from billbook.api.invoiced.render import render_customer
from billbook.domain.customers import FILTERABLE_FIELDS, SORTABLE_FIELDS, Customer, filter_value
from billbook.domain.listing import ListQuery
from billbook.services import customers
from billbook.services.context import AccountContext

router = APIRouter(tags=["customers"])


def customer_list_query(params: Params) -> ListQuery:
    return list_query(
        params, filter_value, FILTERABLE_FIELDS, SORTABLE_FIELDS,
        has_payment_source=optional_bool(params, "payment_source"),
        has_open_balance=optional_bool(params, "open_balance"),
        has_credit_balance=optional_bool(params, "balance"),
    )


async def customers_body(ctx: AccountContext, found: list[Customer], params: Params) -> list[dict]:
    """The customers as shown; with `expand=parent_customer`, their parents are read and shown too."""
    expanded = None
    if "parent_customer" in expansions(params):
        wanted = {customer.parent_customer for customer in found if customer.parent_customer}
        parents = await perform(ctx, customers.retrieve_many, wanted)
        expanded = {parent_id: render_customer(parent) for parent_id, parent in parents.items()}
    return [render_customer(customer, expanded) for customer in found]


@router.post("/customers", status_code=201, openapi_extra=body_schema(CustomerInput))
async def create_customer(params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.create, CustomerInput.creation(params))
    return json_response(render_customer(customer), 201)


@router.get("/customers", openapi_extra=list_parameters(
    FILTERABLE_FIELDS, "payment_source", "open_balance", "balance"))
async def list_customers(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = customer_list_query(params)
    found, total = await perform(ctx, customers.list_customers, query)
    return json_response(await customers_body(ctx, found, params), headers=page_headers(request, query.page, total))


@router.get("/customers/{customer_id}")
async def retrieve_customer(customer_id: str, params: Params = Depends(request_params),
                            ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.retrieve, integer_id("Customer", customer_id))
    return json_response((await customers_body(ctx, [customer], params))[0])


@router.patch("/customers/{customer_id}", openapi_extra=body_schema(CustomerInput))
async def update_customer(customer_id: str, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    changes = CustomerInput.changes(params)
    customer = await perform(ctx, customers.update, integer_id("Customer", customer_id), changes)
    return json_response(render_customer(customer))


@router.delete("/customers/{customer_id}", status_code=204)
async def delete_customer(customer_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, customers.delete, integer_id("Customer", customer_id))
    return no_content()
