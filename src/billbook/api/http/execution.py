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
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from billbook.services.context import AccountContext
from billbook.services.ledger import Ledger
from billbook.store.unit_of_work import RequestTransaction

T = TypeVar("T")
LOCK_PATIENCE_SECONDS = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.002, 0.05
# A transaction the database aborted to break a deadlock (or a serialization failure) did
# nothing; it is run again, after a short random pause so the racers do not meet again.
TRANSIENT_RETRIES = 5

# The transaction the current request runs in, when it has one (a keyed request).
_request_transaction: ContextVar[RequestTransaction | None] = ContextVar("request_transaction", default=None)


@contextmanager
def joining(transaction: RequestTransaction) -> Iterator[None]:
    """Use cases performed meanwhile, in this task, join the transaction."""
    token = _request_transaction.set(transaction)
    try:
        yield
    finally:
        _request_transaction.reset(token)


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
    """Run a service function for the caller's ledger: `use_case(ctx, *args)`, inside the
    request's transaction when it has one."""
    return await offload(ctx.database, use_case, ctx.within(_request_transaction.get()), *args)
