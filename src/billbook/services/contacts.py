"""Managing a customer's contacts."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import contacts as rules
from billbook.domain.contacts import Contact
from billbook.domain.errors import NotFound
from billbook.domain.listing import ListQuery
from billbook.services.context import AccountContext, utc_now
from billbook.store.unit_of_work import UnitOfWork


def create(ctx: AccountContext, customer_id: int, changes: Mapping[str, Any]) -> Contact:
    cleaned = rules.clean_changes(changes)
    with ctx.unit_of_work() as uow:
        # Locked, so concurrent creates cannot together pass the per-customer contact limit.
        customer = uow.customers.get(customer_id, for_update=True)
        if customer is None:
            raise NotFound("Customer", customer_id)
        contact = rules.new_contact(cleaned, customer_id=customer_id, customer_country=customer.country,
                                    existing_contacts=uow.contacts.count_for(customer_id), now=utc_now())
        uow.contacts.add(contact)
        uow.commit()
    return contact


def retrieve(ctx: AccountContext, customer_id: int, contact_id: int) -> Contact:
    with ctx.unit_of_work(write=False) as uow:
        return _get(uow, customer_id, contact_id)


def update(ctx: AccountContext, customer_id: int, contact_id: int, changes: Mapping[str, Any]) -> Contact:
    cleaned = rules.clean_changes(changes)
    with ctx.unit_of_work() as uow:
        contact = _get(uow, customer_id, contact_id).with_changes(cleaned, utc_now())
        uow.contacts.save(contact)
        uow.commit()
    return contact


def delete(ctx: AccountContext, customer_id: int, contact_id: int) -> None:
    with ctx.unit_of_work() as uow:
        _get(uow, customer_id, contact_id)
        uow.contacts.remove(contact_id)
        uow.commit()


def list_contacts(ctx: AccountContext, customer_id: int, query: ListQuery) -> tuple[list[Contact], int]:
    with ctx.unit_of_work(write=False) as uow:
        if uow.customers.get(customer_id) is None:
            raise NotFound("Customer", customer_id)
        return uow.contacts.page(customer_id, query)


def _get(uow: UnitOfWork, customer_id: int, contact_id: int) -> Contact:
    if uow.customers.get(customer_id) is None:
        raise NotFound("Customer", customer_id)
    contact = uow.contacts.get(customer_id, contact_id)
    if contact is None:
        raise NotFound("Contact", contact_id)
    return contact
