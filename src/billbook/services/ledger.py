"""Opening the ledger's database for a process."""

from billbook.store.database import Database

Ledger = Database

# A server runs SQLite work on its event loop: it must not sit in SQLite's busy handler while
# another process writes, so it gives up at once and the caller retries without blocking.
SERVER_LOCK_TIMEOUT = 0.0


def open_ledger(url: str, *, serving: bool = False) -> Ledger:
    """A server's ledger never blocks its event loop: SQLite gives up on locks at once (the
    caller retries), PostgreSQL runs on asynchronous connections."""
    if serving:
        return Database(url, lock_timeout=SERVER_LOCK_TIMEOUT, asynchronous=True)
    return Database(url)


def migrate(url: str) -> Ledger:
    ledger = open_ledger(url)
    ledger.migrate()
    return ledger
