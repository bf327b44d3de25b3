"""Where a use case runs: on the event loop for SQLite, in the thread pool for PostgreSQL.

SQLite work is a few microseconds of CPU with no network wait, and SQLite admits one writer at a
time anyway: running it inline spares a thread hop per request and makes writers in a process
queue on the loop instead of sleeping in SQLite's busy handler. PostgreSQL work waits on network
round trips, which must not block the loop.
"""

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from billbook.services.context import AccountContext
from billbook.store.database import Database

T = TypeVar("T")


async def offload(database: Database, function: Callable[..., T], *args: object) -> T:
    if database.backend == "sqlite":
        return function(*args)
    return await run_in_threadpool(function, *args)


async def perform(ctx: AccountContext, use_case: Callable[..., T], *args: object) -> T:
    """Run a service function for the caller's ledger: `use_case(ctx, *args)`."""
    return await offload(ctx.database, use_case, ctx, *args)
