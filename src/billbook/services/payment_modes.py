"""Managing the ways customers can pay: payment modes (Octobat v1), payment recipients (v2)."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import payment_modes as rules
from billbook.domain.errors import NotFound
from billbook.domain.identifiers import public_id
from billbook.domain.listing import Cursor, Slice
from billbook.domain.payment_modes import PaymentMode
from billbook.services.context import AccountContext, utc_now

PaymentModeReference = int | str


def create(ctx: AccountContext, changes: Mapping[str, Any]) -> PaymentMode:
    now = utc_now()
    mode = rules.new_payment_mode(rules.clean_changes(changes), public_id=public_id("payment_mode", now), now=now)
    with ctx.unit_of_work() as uow:
        uow.payment_modes.add(mode)
        uow.commit()
    return mode


def retrieve(ctx: AccountContext, mode_id: PaymentModeReference) -> PaymentMode:
    with ctx.unit_of_work(write=False) as uow:
        mode = uow.payment_modes.get(mode_id)
    if mode is None:
        raise NotFound("Payment mode", mode_id)
    return mode


def update(ctx: AccountContext, mode_id: PaymentModeReference, changes: Mapping[str, Any]) -> PaymentMode:
    cleaned = rules.clean_changes(changes)
    with ctx.unit_of_work() as uow:
        mode = uow.payment_modes.get(mode_id)
        if mode is None:
            raise NotFound("Payment mode", mode_id)
        mode = mode.with_changes(cleaned, utc_now())
        uow.payment_modes.save(mode)
        uow.commit()
    return mode


def slice_payment_modes(ctx: AccountContext, cursor: Cursor) -> Slice:
    with ctx.unit_of_work(write=False) as uow:
        return uow.payment_modes.slice(cursor)


def all_payment_modes(ctx: AccountContext) -> list[PaymentMode]:
    with ctx.unit_of_work(write=False) as uow:
        return uow.payment_modes.all()
