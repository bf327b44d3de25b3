"""How a use case runs without blocking the event loop.

SQLite work is a few microseconds of CPU with no network wait, and SQLite admits one writer at a
time anyway: it runs inline, sparing a thread hop per request, and writers in a process queue on
the loop instead of sleeping in SQLite's busy handler. When another process holds the write lock,
the work (rolled back, nothing kept) is retried after an asynchronous pause, so the loop keeps
serving meanwhile. PostgreSQL work waits on network round trips: the ledger runs it on
asynchronous connections (see `Database.call`).
"""

import asyncio
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from billbook.domain.idempotency import StoredResponse
from billbook.services import idempotency
from billbook.services.context import AccountContext
from billbook.services.ledger import Ledger
from billbook.store.unit_of_work import RequestTransaction

T = TypeVar("T")
LOCK_PATIENCE_SECONDS = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.002, 0.05
# A transaction the database aborted to break a deadlock (or a serialization failure) did
# nothing; it is run again, after a short random pause so the racers do not meet again.
TRANSIENT_RETRIES = 5

@dataclass(slots=True)
class KeyedRequest:
    """A request with an Idempotency-Key. Its transaction, holding the key, opens when its first
    use case runs, so what a route does before (asking the VIES register) holds no lock."""
    key: str
    fingerprint: str
    transaction: RequestTransaction | None = None


class AnsweredMeanwhile(Exception):
    """A request with the same key finished while this one was getting ready: its answer is this
    request's answer too."""

    def __init__(self, answer: StoredResponse):
        super().__init__("answered by an earlier request with the same Idempotency-Key")
        self.answer = answer


_keyed_request: ContextVar[KeyedRequest | None] = ContextVar("keyed_request", default=None)


@contextmanager
def keyed(request: KeyedRequest | None) -> Iterator[None]:
    """Use cases performed meanwhile, in this task, join the keyed request's transaction."""
    token = _keyed_request.set(request)
    try:
        yield
    finally:
        _keyed_request.reset(token)


def before_the_transaction() -> AbstractContextManager[None]:
    """What runs inside is done on its own, outside a keyed request's transaction: reads and
    network calls made before the request changes anything."""
    return keyed(None)


async def offload(ledger: Ledger, function: Callable[..., T], *args: object) -> T:
    if not ledger.embedded:
        for attempt in range(TRANSIENT_RETRIES):
            try:
                return await ledger.call(function, *args)
            except Exception as error:
                if not ledger.is_transient(error) or attempt == TRANSIENT_RETRIES - 1:
                    raise
            await asyncio.sleep(random.uniform(0.001, 0.005 * 2 ** attempt))
    give_up_at = time.monotonic() + LOCK_PATIENCE_SECONDS
    pause = _FIRST_PAUSE
    while True:
        try:
            return function(*args)
        except Exception as error:
            if not ledger.is_busy(error) or time.monotonic() > give_up_at:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)


async def perform(ctx: AccountContext, use_case: Callable[..., T], *args: object) -> T:
    """Run a service function for the caller's ledger: `use_case(ctx, *args)`, inside the keyed
    request's transaction when there is one (opened by its first use case)."""
    request = _keyed_request.get()
    if request is not None:
        if request.transaction is None:
            opened = await offload(ctx.database, idempotency.begin, ctx, request.key, request.fingerprint)
            if isinstance(opened, StoredResponse):
                raise AnsweredMeanwhile(opened)
            request.transaction = opened
        ctx = ctx.within(request.transaction)
    return await offload(ctx.database, use_case, ctx, *args)
