"""/customers/:id/contacts in the Invoiced dialect."""

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response, no_content
from billbook.api.invoiced.inputs import ContactInput
from billbook.api.invoiced.listing import list_parameters, list_query
from billbook.api.invoiced.render import render_contact
from billbook.domain.contacts import FILTERABLE_FIELDS, SORTABLE_FIELDS, filter_value
from billbook.services import contacts
from billbook.services.context import AccountContext

router = APIRouter(tags=["contacts"])
BASE = "/customers/{customer_id}/contacts"


@router.post(BASE, status_code=201, openapi_extra=body_schema(ContactInput))
async def create_contact(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    contact = await perform(ctx, contacts.create, integer_id("Customer", customer_id), ContactInput.changes(params))
    return json_response(render_contact(contact), 201)


@router.get(BASE, openapi_extra=list_parameters(FILTERABLE_FIELDS))
async def list_contacts(customer_id: str, request: Request, params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, filter_value, FILTERABLE_FIELDS, SORTABLE_FIELDS)
    found, total = await perform(ctx, contacts.list_contacts, integer_id("Customer", customer_id), query)
    return json_response([render_contact(c) for c in found], headers=page_headers(request, query.page, total))


@router.get(BASE + "/{contact_id}")
async def retrieve_contact(customer_id: str, contact_id: str,
                           ctx: AccountContext = Depends(account_context)) -> JSONBody:
    ids = integer_id("Customer", customer_id), integer_id("Contact", contact_id)
    return json_response(render_contact(await perform(ctx, contacts.retrieve, *ids)))


@router.patch(BASE + "/{contact_id}", openapi_extra=body_schema(ContactInput))
async def update_contact(customer_id: str, contact_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    ids = integer_id("Customer", customer_id), integer_id("Contact", contact_id)
    contact = await perform(ctx, contacts.update, *ids, ContactInput.changes(params))
    return json_response(render_contact(contact))


@router.delete(BASE + "/{contact_id}", status_code=204)
async def delete_contact(customer_id: str, contact_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, contacts.delete, integer_id("Customer", customer_id), integer_id("Contact", contact_id))
    return no_content()
