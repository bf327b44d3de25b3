"""Managing customers."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import customers as rules
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam, NotFound, RuleViolation
from billbook.domain.identifiers import link_token, portal_token, public_id
from billbook.domain.listing import Cursor, ListQuery, Slice
from billbook.services.context import AccountContext, utc_now
from billbook.store.customers import CustomerInUse
from billbook.store.unit_of_work import UnitOfWork

_NUMBER_COUNTER = "customer_number"


CustomerReference = int | str  # the integer id (Invoiced) or the public id (Octobat)


def create(ctx: AccountContext, changes: Mapping[str, Any]) -> Customer:
    with ctx.unit_of_work() as uow:
        customer = add_customer(ctx, uow, changes)
        uow.commit()
    return customer


def add_customer(ctx: AccountContext, uow: UnitOfWork, changes: Mapping[str, Any]) -> Customer:
    """A new customer inside the caller's transaction (also used to create one along with an invoice)."""
    cleaned = rules.clean_changes(changes, current_country=ctx.country)
    now = utc_now()
    if cleaned.get("country") is None:
        cleaned["country"] = ctx.country
    given_number = cleaned.pop("number", None)
    _check_parent(uow, cleaned.get("parent_customer"), None)
    customer = rules.new_customer(cleaned, number=given_number or _generated_number(uow),
                                  public_id=public_id("customer", now), portal_token=portal_token(), now=now,
                                  statement_token=link_token())
    # The unique number is claimed by the insert itself, so concurrent creates cannot both win.
    while not uow.customers.add(customer):
        if given_number:
            raise _number_taken(given_number)
        # A caller chose this number by hand before the counter reached it: take the next one.
        customer.number = _generated_number(uow)
    return customer


def retrieve(ctx: AccountContext, customer_id: CustomerReference) -> Customer:
    with ctx.unit_of_work(write=False) as uow:
        return _get(uow, customer_id)


def retrieve_many(ctx: AccountContext, customer_ids: set[int]) -> dict[int, Customer]:
    with ctx.unit_of_work(write=False) as uow:
        return uow.customers.get_many(customer_ids)


def update(ctx: AccountContext, customer_id: CustomerReference, changes: Mapping[str, Any]) -> Customer:
    with ctx.unit_of_work() as uow:
        customer = _get(uow, customer_id)
        # A VAT number without its country prefix is read as one of the customer's country.
        cleaned = rules.clean_changes(changes, current_country=customer.country)
        if "parent_customer" in cleaned:
            _check_parent(uow, cleaned["parent_customer"], customer.id)
        previous_number = customer.number
        customer = customer.with_changes(cleaned, utc_now())
        if not uow.customers.save(customer, sources_changed="sources" in cleaned):
            raise _number_taken(customer.number)
        if customer.number != previous_number:
            _retire_number(uow, previous_number)
        uow.commit()
    return customer


def rotate_portal_link(ctx: AccountContext, customer_id: CustomerReference) -> Customer:
    """Give the customer a new billing-page link: the old one opens nothing from now on."""
    with ctx.unit_of_work() as uow:
        customer = _get(uow, customer_id, for_update=True)
        customer.portal_token, customer.updated_at = portal_token(), utc_now()
        uow.customers.save(customer)
        uow.commit()
    return customer


def delete(ctx: AccountContext, customer_id: CustomerReference) -> Customer:
    """Remove the customer; what it was is returned (the Octobat dialects answer with its id)."""
    with ctx.unit_of_work() as uow:
        # Locked as recording a payment or credit locks it, so a delete and a payment are decided in turn.
        customer = _get(uow, customer_id, for_update=True)
        # The number's counter before the customer count, in the order creating a customer takes them.
        _retire_number(uow, customer.number)
        try:
            uow.customers.remove(customer.id)
        except CustomerInUse:
            raise RuleViolation("The customer has invoices, payments or credit, which are kept for ten years: "
                                "it cannot be deleted") from None
        uow.commit()
    return customer


def list_customers(ctx: AccountContext, query: ListQuery) -> tuple[list[Customer], int]:
    with ctx.unit_of_work(write=False) as uow:
        return uow.customers.page(query)


def slice_customers(ctx: AccountContext, query: ListQuery, cursor: Cursor) -> Slice:
    with ctx.unit_of_work(write=False) as uow:
        return uow.customers.slice(query, cursor)


def _get(uow: UnitOfWork, customer_id: CustomerReference, for_update: bool = False) -> Customer:
    customer = uow.customers.get(customer_id, for_update)
    if customer is None:
        raise NotFound("Customer", customer_id)
    return customer


def _number_taken(number: str) -> Conflict:
    return Conflict(f"A customer with number {number} already exists", param="number")


def _generated_number(uow: UnitOfWork) -> str:
    return rules.format_number(uow.counters.next(_NUMBER_COUNTER))


def _retire_number(uow: UnitOfWork, number: str) -> None:
    """A number of the generated series that no customer holds any more (deleted, or renumbered)
    is never generated again: an outside system may still know a customer by it. The generator
    skips only numbers some customer holds, so one chosen by hand ahead of it is passed now."""
    position = rules.position_in_series(number)
    if position is not None:
        uow.counters.raise_to(_NUMBER_COUNTER, position)


def _check_parent(uow: UnitOfWork, parent_id: int | None, customer_id: int | None) -> None:
    """The parent must be a customer of this ledger, and no customer may be its own ancestor."""
    ancestor_id, seen = parent_id, set()
    while ancestor_id is not None:
        if ancestor_id == customer_id or ancestor_id in seen:
            raise InvalidParam("parent_customer", "would make the customer its own ancestor")
        seen.add(ancestor_id)
        ancestor = uow.customers.get(ancestor_id)
        if ancestor is None:
            raise InvalidParam("parent_customer", f"is not a customer of this account: {ancestor_id}")
        ancestor_id = ancestor.parent_customer


def ledger_customer(uow: UnitOfWork, reference: Any, *, for_update: bool) -> Customer:
    """The customer a ledger document or payment names by id (a 4xx naming `customer` if none),
    locked to change its ledger (`for_update`), or only kept from being deleted meanwhile."""
    if reference in (None, ""):
        raise InvalidParam("customer", "is required")
    if isinstance(reference, bool) or not isinstance(reference, int):
        raise InvalidParam("customer", "must be a customer id")
    customer = uow.customers.get(reference, for_update=for_update, for_key_share=not for_update)
    if customer is None:
        raise InvalidParam("customer", f"is not a customer of this account: {reference}")
    return customer
