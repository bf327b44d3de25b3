"""Where a use case runs: on the event loop for SQLite, in the thread pool for PostgreSQL.

SQLite work is a few microseconds of CPU with no network wait, and SQLite admits one writer at a
time anyway: running it inline spares a thread hop per request and makes writers in a process
queue on the loop instead of sleeping in SQLite's busy handler. When another process holds the
write lock, the work (rolled back, nothing kept) is retried after an asynchronous pause, so the
loop keeps serving meanwhile. PostgreSQL work waits on network round trips, which must not block
the loop.
"""

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from billbook.services.context import AccountContext
from billbook.services.ledger import Ledger

T = TypeVar("T")
LOCK_PATIENCE_SECONDS = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.002, 0.05


async def offload(ledger: Ledger, function: Callable[..., T], *args: object) -> T:
    if not ledger.embedded:
        return await run_in_threadpool(function, *args)
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
    """Run a service function for the caller's ledger: `use_case(ctx, *args)`."""
    return await offload(ctx.database, use_case, ctx, *args)
