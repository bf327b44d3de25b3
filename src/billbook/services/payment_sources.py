"""Managing a customer's payment sources (cards and bank accounts held by a gateway)."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import payment_sources as rules
from billbook.domain.customers import Customer
from billbook.domain.errors import NotFound
from billbook.domain.identifiers import public_id
from billbook.domain.listing import Cursor, Slice
from billbook.domain.payment_sources import PaymentSource
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import CustomerReference
from billbook.store.unit_of_work import UnitOfWork


def create(ctx: AccountContext, customer_id: CustomerReference, changes: Mapping[str, Any]) -> PaymentSource:
    cleaned = rules.clean_changes(changes)
    now = utc_now()
    with ctx.unit_of_work() as uow:
        customer = _customer(uow, customer_id)
        source = rules.new_payment_source(cleaned, customer_id=customer.id,
                                          public_id=public_id("payment_source", now), now=now)
        uow.payment_sources.add(source)
        uow.commit()
    return source


def retrieve(ctx: AccountContext, customer_id: CustomerReference, source_id: str) -> PaymentSource:
    with ctx.unit_of_work(write=False) as uow:
        return _get(uow, customer_id, source_id)


def update(ctx: AccountContext, customer_id: CustomerReference, source_id: str,
           changes: Mapping[str, Any]) -> PaymentSource:
    cleaned = rules.clean_changes(changes)
    with ctx.unit_of_work() as uow:
        source = _get(uow, customer_id, source_id).with_changes(cleaned, utc_now())
        uow.payment_sources.save(source)
        uow.commit()
    return source


def slice_payment_sources(ctx: AccountContext, customer_id: CustomerReference, cursor: Cursor) -> Slice:
    with ctx.unit_of_work(write=False) as uow:
        return uow.payment_sources.slice(_customer(uow, customer_id).id, cursor)


def _customer(uow: UnitOfWork, customer_id: CustomerReference) -> Customer:
    customer = uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("Customer", customer_id)
    return customer


def _get(uow: UnitOfWork, customer_id: CustomerReference, source_id: str) -> PaymentSource:
    source = uow.payment_sources.get(_customer(uow, customer_id).id, source_id)
    if source is None:
        raise NotFound("Payment source", source_id)
    return source
