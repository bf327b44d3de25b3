"""A database of its own for a test whose workers claim every due message (a shared database
would hand them other tests' messages): a new SQLite file, or a new PostgreSQL database in the
session's cluster."""

import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from billbook.store.database import Database


@contextmanager
def fresh_database_url(backend: str, postgresql_url: str | None = None):
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="billbook-own-") as directory:
            url = f"sqlite:///{Path(directory) / 'own.db'}"
            Database(url).migrate()
            yield url
        return
    name = f"billbook_{secrets.token_hex(6)}"
    admin = create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(postgresql_url).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    database.migrate()
    database.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
