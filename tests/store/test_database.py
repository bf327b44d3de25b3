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


def test_pooled_postgresql_connections_killed_while_idle_are_replaced(postgresql_url, monkeypatch):
    from billbook.store import database as database_module

    database = Database(postgresql_url, pool_size=2)
    with database.engine.connect() as connection:
        backend_pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with Database(postgresql_url).engine.connect() as admin:
        admin.exec_driver_sql(f"SELECT pg_terminate_backend({backend_pid})")
        admin.commit()
    monkeypatch.setattr(database_module, "PING_IDLE_SECONDS", 0.0)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
        assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != backend_pid
    database.dispose()
