"""How a use case runs without blocking the event loop.

SQLite work is a few microseconds of CPU with no network wait, and SQLite admits one writer at a
time anyway: it runs inline, sparing a thread hop per request, and writers in a process queue on
the loop instead of sleeping in SQLite's busy handler. When another process holds the write lock,
the work (rolled back, nothing kept) is retried after an asynchronous pause, so the loop keeps
serving meanwhile. PostgreSQL work waits on network round trips: the ledger runs it on
asynchronous connections (see `Database.call`).
"""

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from billbook.services.context import AccountContext
from billbook.services.ledger import Ledger

T = TypeVar("T")
LOCK_PATIENCE_SECONDS = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.002, 0.05


async def offload(ledger: Ledger, function: Callable[..., T], *args: object) -> T:
    if not ledger.embedded:
        return await ledger.call(function, *args)
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
