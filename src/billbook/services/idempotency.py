"""A request with an Idempotency-Key runs in one transaction with its key: the request's effect
and the answer stored for its retries commit together, so a crash keeps both or neither."""

from billbook.domain import idempotency as rules
from billbook.domain.idempotency import StoredResponse
from billbook.services.context import AccountContext, utc_now
from billbook.store.unit_of_work import RequestTransaction


def answer(ctx: AccountContext, key: str, fingerprint: str) -> StoredResponse | None:
    """The answer a retried request gets again, if its key has one (read without holding it)."""
    with ctx.unit_of_work(write=False) as uow:
        record = uow.idempotency_keys.get(key)
    if record is not None and rules.is_current(record, utc_now()):
        return rules.replay(record, fingerprint)
    return None


def begin(ctx: AccountContext, key: str, fingerprint: str) -> RequestTransaction | StoredResponse:
    """The answer to replay when the key has one; else the transaction the request runs in,
    holding the key. A key held by a request still running is a `Conflict`."""
    transaction = RequestTransaction(ctx.database)
    answer = None
    try:
        with ctx.within(transaction).unit_of_work(savepoint=False) as uow:
            keys = uow.idempotency_keys
            if not keys.hold(key):
                raise rules.in_flight()
            record = keys.get(key)
            if record is not None and rules.is_current(record, utc_now()):
                answer = rules.replay(record, fingerprint)
            elif record is not None:
                keys.forget(key)
            uow.commit()
    except BaseException:
        transaction.abandon()
        raise
    if answer is not None:
        transaction.abandon()
        return answer
    return transaction


def finish(ctx: AccountContext, transaction: RequestTransaction, key: str, fingerprint: str,
           response: StoredResponse) -> None:
    """Commit the request's effect with the answer its retries will get."""
    try:
        with ctx.within(transaction).unit_of_work(savepoint=False) as uow:
            uow.idempotency_keys.record(key, fingerprint, response, utc_now())
        transaction.commit()
    except BaseException:
        transaction.abandon()
        raise


def abandon(_ctx: AccountContext, transaction: RequestTransaction) -> None:
    """The request failed on the server's side: nothing it did is kept, and a retry runs again."""
    transaction.abandon()
