from sqlalchemy import inspect

from billbook.store.database import Database, normalize_url


def test_migrations_are_idempotent_and_create_every_table(database):
    database.migrate()
    tables = set(inspect(database.engine).get_table_names())
    assert {"accounts", "api_keys", "counters", "customers", "contacts", "payment_sources",
            "alembic_version"} <= tables


def test_plain_postgresql_urls_use_psycopg_3():
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")


def test_sqlite_runs_in_wal_mode(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'nested' / 'x.db'}")
    database.migrate()
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()
