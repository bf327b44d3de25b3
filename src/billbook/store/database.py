"""One engine per process, tuned per backend; migrations applied with Alembic."""

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import anyio
import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.util import greenlet_spawn

MIGRATIONS = Path(__file__).parent / "migrations"
_TRANSIENT_STATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
T = TypeVar("T")


class Database:
    """`lock_timeout`: how long SQLite waits for another writer's lock before giving up.

    `asynchronous` (PostgreSQL, for servers): the engine drives psycopg's asynchronous
    connections, and `call` runs the project's synchronous store code in a greenlet on the event
    loop, so waiting for the database never blocks the loop and needs no thread.
    """

    def __init__(self, url: str, pool_size: int = 20, lock_timeout: float = 30.0, asynchronous: bool = False):
        self.url = normalize_url(url)
        self.asynchronous = asynchronous and not self.url.startswith("sqlite")
        self.engine = _create_engine(self.url, pool_size, lock_timeout, self.asynchronous)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def embedded(self) -> bool:
        """In-process (SQLite): work is CPU only, never a network wait."""
        return self.backend == "sqlite"

    async def call(self, function: Callable[..., T], *args: object) -> T:
        """Run synchronous database work from asynchronous code without blocking the loop."""
        if self.asynchronous:
            return await greenlet_spawn(function, *args)
        return await anyio.to_thread.run_sync(partial(function, *args))

    @staticmethod
    def is_busy(error: BaseException) -> bool:
        """The work failed only because another process held SQLite's write lock; nothing was kept."""
        return isinstance(error, OperationalError) and "database is locked" in str(error.orig)

    @staticmethod
    def is_transient(error: BaseException) -> bool:
        """PostgreSQL aborted the transaction to break a deadlock, or for a serialization failure:
        nothing was kept, and running it again may well succeed."""
        return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in _TRANSIENT_STATES

    def transaction(self, write: bool) -> Connection:
        """A connection inside a new transaction; the caller commits or rolls back, then closes."""
        connection = self.engine.connect()
        try:
            connection.begin()
            if self.embedded:
                # A writing transaction takes the write lock up front; upgrading a read lock later
                # can fail with "database is locked" when another writer got there first. (Issued
                # here, not from an engine event: any engine event makes every statement pay.)
                connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            connection.close()
            raise
        return connection

    def migrate(self, revision: str = "head") -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        connection = self.engine.connect()
        try:
            if self.embedded:
                # SQLite alters a table by copying it, which references from other tables must not
                # block; foreign keys are checked once the migration is done, before it commits.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            connection.begin()
            if self.embedded:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if self.embedded and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("the migration would leave rows pointing at missing rows; nothing was changed")
            connection.commit()
        finally:
            if connection.in_transaction():
                connection.rollback()
            if self.embedded:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


def normalize_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return parsed.render_as_string(hide_password=False)


def _json_text(value: object) -> str:
    return orjson.dumps(value).decode()


def _create_engine(url: str, pool_size: int, lock_timeout: float, asynchronous: bool) -> Engine:
    json = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size,
                               connect_args={"check_same_thread": False, "timeout": lock_timeout}, **json)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    if asynchronous:
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, **json).sync_engine
    else:
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, **json)
    event.listen(engine.pool, "checkin", _note_idle_since)
    event.listen(engine.pool, "checkout", _ping_if_idle)
    return engine


# A pooled PostgreSQL connection that sat idle may have been closed by a server restart or a
# network device. Pinging on every checkout (pool_pre_ping) costs a round trip per transaction;
# pinging only connections idle this long keeps busy servers fast and still survives restarts.
PING_IDLE_SECONDS = 10.0


def _note_idle_since(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
    if time.monotonic() - record.info.get("idle_since", 0.0) < PING_IDLE_SECONDS:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as error:
        # The pool discards this connection and checks out another.
        raise DisconnectionError(f"stale pooled connection: {error}") from error


def _configure_sqlite(dbapi_connection, _record) -> None:
    # Transactions are begun explicitly (see Database.transaction), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Memory-mapped reads share the operating system's page cache instead of copying pages.
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "mmap_size=268435456"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
