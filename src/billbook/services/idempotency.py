"""Holding an Idempotency-Key while a request runs, and remembering its answer."""

from billbook.domain import idempotency as rules
from billbook.domain.idempotency import StoredResponse
from billbook.services.context import AccountContext, utc_now


def claim(ctx: AccountContext, key: str, fingerprint: str) -> StoredResponse | None:
    """None when this request now holds the key and should run; else the answer to replay."""
    now = utc_now()
    with ctx.unit_of_work() as uow:
        keys = uow.idempotency_keys
        if not keys.claim(key, fingerprint, now):
            record = keys.get(key)
            if rules.is_current(record, now):
                return rules.replay(record, fingerprint)
            keys.forget(key)
            keys.claim(key, fingerprint, now)
        uow.commit()
    return None


def remember(ctx: AccountContext, key: str, response: StoredResponse) -> None:
    with ctx.unit_of_work() as uow:
        uow.idempotency_keys.store_response(key, response)
        uow.commit()


def release(ctx: AccountContext, key: str) -> None:
    """The request failed on the server's side: a retry with the same key may run again."""
    with ctx.unit_of_work() as uow:
        uow.idempotency_keys.forget(key)
        uow.commit()
