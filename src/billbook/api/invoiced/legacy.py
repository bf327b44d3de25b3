"""/invoiced/legacy: the oldest Invoiced API. Responses are wrapped (`{"customer": …}`), edits
answer `{"success": true}`, and countries are shown by their English name."""

from typing import Any

from fastapi import APIRouter, Depends, Request

from billbook.api.http.auth import account_context
from billbook.api.http.dialect import body_schema, request_params
from billbook.api.http.execution import perform
from billbook.api.http.identifiers import integer_id
from billbook.api.http.pagination import page_headers
from billbook.api.http.params import Params
from billbook.api.http.responses import JSONBody, json_response, no_content
from billbook.api.invoiced.inputs import ContactInput, LegacyCustomerInput
from billbook.api.invoiced.invoice_render import money
from billbook.api.invoiced.listing import list_query
from billbook.api.invoiced.render import unix
from billbook.domain import contacts as contact_rules
from billbook.domain import customers as customer_rules
from billbook.domain.contacts import Contact
from billbook.domain.customers import Customer
from billbook.domain.errors import InvalidParam
from billbook.domain.iso_codes import country_name
from billbook.services import balances, contacts, customers
from billbook.services.context import AccountContext

router = APIRouter(tags=["legacy"])
_SUCCESS = {"success": True}
_CUSTOMER_FIELDS = ("number", "name", "email", "address1", "address2", "city", "state", "postal_code",
                    "tax_id", "phone", "other_phone", "website", "notes")


def render_customer(customer: Customer, owed: int) -> dict[str, Any]:
    """`balance` is what the customer owes in its own currency (cents in, decimal units out)."""
    body: dict[str, Any] = {
        "created_at": unix(customer.created_at),
        "updated_at": unix(customer.updated_at) if customer.updated_at != customer.created_at else None,
        "id": customer.id,
    }
    for name in _CUSTOMER_FIELDS:
        body[name] = getattr(customer, name)
    body["country"] = country_name(customer.country) if customer.country else None
    body["balance"] = money(owed)
    body["stripe_customer"] = None
    return body


def render_contact(contact: Contact) -> dict[str, Any]:
    return {
        "created_at": unix(contact.created_at),
        "updated_at": unix(contact.updated_at),
        "id": contact.id,
        "customer": contact.customer_id,
        "name": contact.name,
        "email": contact.email,
        "primary": contact.primary,
    }


@router.get("/customers")
async def list_customers(request: Request, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, customer_rules.filter_value, customer_rules.FILTERABLE_FIELDS,
                       customer_rules.SORTABLE_FIELDS)
    found, total = await perform(ctx, customers.list_customers, query)
    owed = await perform(ctx, balances.amounts_owed, found)
    return json_response({"customers": [render_customer(c, owed[c.id]) for c in found]},
                         headers=page_headers(request, query.page, total))


@router.post("/customers", status_code=201, openapi_extra=body_schema(LegacyCustomerInput))
async def create_customer(params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.create, LegacyCustomerInput.creation(params))
    return json_response({"customer": render_customer(customer, owed=0)}, 201)


@router.get("/customers/{customer_id}")
async def retrieve_customer(customer_id: str, ctx: AccountContext = Depends(account_context)) -> JSONBody:
    customer = await perform(ctx, customers.retrieve, integer_id("Customer", customer_id))
    owed = await perform(ctx, balances.amounts_owed, [customer])
    return json_response({"customer": render_customer(customer, owed[customer.id])})


@router.patch("/customers/{customer_id}", openapi_extra=body_schema(LegacyCustomerInput))
async def update_customer(customer_id: str, params: Params = Depends(request_params),
                          ctx: AccountContext = Depends(account_context)) -> JSONBody:
    await perform(ctx, customers.update, integer_id("Customer", customer_id), LegacyCustomerInput.changes(params))
    return json_response(_SUCCESS)


@router.delete("/customers/{customer_id}", status_code=204)
async def delete_customer(customer_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, customers.delete, integer_id("Customer", customer_id))
    return no_content()


@router.post("/customers/{customer_id}/contacts", status_code=201, openapi_extra=body_schema(ContactInput))
async def create_contact(customer_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    owner = integer_id("Customer", customer_id)
    _check_same_customer(params, owner)
    contact = await perform(ctx, contacts.create, owner, ContactInput.changes(params))
    return json_response({"contact": render_contact(contact)}, 201)


@router.get("/customers/{customer_id}/contacts")
async def list_contacts(customer_id: str, request: Request, params: Params = Depends(request_params),
                        ctx: AccountContext = Depends(account_context)) -> JSONBody:
    query = list_query(params, contact_rules.filter_value, contact_rules.FILTERABLE_FIELDS,
                       contact_rules.SORTABLE_FIELDS)
    found, total = await perform(ctx, contacts.list_contacts, integer_id("Customer", customer_id), query)
    return json_response({"contacts": [render_contact(c) for c in found]},
                         headers=page_headers(request, query.page, total))


@router.patch("/customers/{customer_id}/contacts/{contact_id}", openapi_extra=body_schema(ContactInput))
async def update_contact(customer_id: str, contact_id: str, params: Params = Depends(request_params),
                         ctx: AccountContext = Depends(account_context)) -> JSONBody:
    owner = integer_id("Customer", customer_id)
    _check_same_customer(params, owner)
    await perform(ctx, contacts.update, owner, integer_id("Contact", contact_id), ContactInput.changes(params))
    return json_response(_SUCCESS)


@router.delete("/customers/{customer_id}/contacts/{contact_id}", status_code=204)
async def delete_contact(customer_id: str, contact_id: str, ctx: AccountContext = Depends(account_context)):
    await perform(ctx, contacts.delete, integer_id("Customer", customer_id), integer_id("Contact", contact_id))
    return no_content()


def _check_same_customer(params: Params, customer_id: int) -> None:
    """The oldest API repeats the customer id in the body; it must agree with the path."""
    given = params.get("customer")
    if given not in (None, "") and str(given) != str(customer_id):
        raise InvalidParam("customer", f"does not match the customer in the path: {given}")
