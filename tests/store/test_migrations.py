"""Migrations carry existing rows forward: invoices issued before drafts and payments existed, every
row through the tables SQLite rebuilds so that ids are never reused."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from billbook.store import tables
from billbook.store.database import Database

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def test_invoices_issued_under_revision_0004_keep_their_figures_and_payment_state(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    database.migrate("0004")
    with database.engine.begin() as connection:
        for statement in (
            "INSERT INTO accounts (id, name, country, currency, created_at) VALUES (1, 'A', 'FR', 'EUR', :now)",
            "INSERT INTO customers (id, public_id, portal_token, account_id, livemode, number, name, type, autopay, "
            "chase, credit_hold, taxable, taxes, disabled_payment_methods, metadata, created_at, updated_at) VALUES "
            "(1, 'oc_cu_1', 't', 1, 1, 'CUST-00001', 'C', 'company', 0, 1, 0, 1, '[]', '[]', '{}', :now, :now)",
            "INSERT INTO numbering_sequences (id, public_id, account_id, livemode, prefix, format, reset, is_default, "
            "created_at, updated_at) "
            "VALUES (1, 'oc_ns_1', 1, 1, 'INV', '{prefix}-{counter:3}', 'never', 1, :now, :now)",
        ):
            connection.execute(text(statement), {"now": NOW})
        for number, state in ((1, "paid"), (2, "confirmed")):
            connection.execute(text(
                "INSERT INTO invoices (id, public_id, account_id, livemode, customer_id, sequence_id, number, state, "
                "currency, issue_date, business_type, customer, supplier, evidence, payable_by, extratax, tax, gross, "
                "created_at, updated_at) VALUES (:id, :public_id, 1, 1, 1, 1, :number, :state, 'EUR', :day, 'B2C', "
                "'{}', '{}', '{}', '[]', 1000, 200, 1200, :now, :now)"),
                {"id": number, "public_id": f"oc_in_{number}", "number": f"INV-00{number}", "state": state,
                 "day": date(2026, 1, 5), "now": NOW})
            connection.execute(text(
                "INSERT INTO invoice_lines (public_id, account_id, livemode, invoice_id, position, description, "
                "quantity, extratax, tax, gross, vat_rate, eservice, tax_category, rule, rate_overridden, created_at) "
                "VALUES (:public_id, 1, 1, :invoice, 0, 'Service', 1, 1000, 200, 1200, 20, 0, 'S', 'domestic', 0, "
                ":now)"), {"public_id": f"oc_ii_{number}", "invoice": number, "now": NOW})
        connection.execute(text(
            "INSERT INTO payment_modes (id, public_id, account_id, livemode, name, type, details, created_at, "
            "updated_at) VALUES (1, 'oc_pm_1', 1, 1, 'Bank', 'check', '{}', :now, :now)"), {"now": NOW})
        connection.execute(text(
            "INSERT INTO payments (public_id, account_id, livemode, invoice_id, payment_date, customer_bank_country, "
            "payment_mode_id, created_at, updated_at) VALUES ('oc_pa_1', 1, 1, 1, :day, 'GB', 1, :now, :now)"),
            {"day": date(2026, 1, 6), "now": NOW})
    database.migrate()
    with database.engine.begin() as connection:
        payments = connection.execute(text(
            "SELECT p.public_id, p.customer_id, p.currency, p.amount, p.date, p.customer_bank_country, a.kind, "
            "a.invoice_id, a.amount FROM payments p JOIN payment_applications a ON a.payment_id = p.id")).all()
        invoices = connection.execute(text(
            "SELECT number, draft, subtotal, amount_paid, voided FROM invoices ORDER BY id")).all()
        lines = connection.execute(text("SELECT name, amount, unit_cost FROM invoice_lines ORDER BY id")).all()
    assert [tuple(row) for row in invoices] == [("INV-001", 0, 1000, 1200, 0), ("INV-002", 0, 1000, 0, 0)]
    assert [(name, amount, float(unit_cost)) for name, amount, unit_cost in lines] == [("Service", 1000, 10.0)] * 2
    assert [tuple(row) for row in payments] == [("oc_pa_1", 1, "EUR", 1200, "2026-01-06", "GB", "invoice", 1, 1200)]


def _sqlite_declarations(connection) -> dict[str, str]:
    return dict(connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())


def test_revision_0009_keeps_every_row_and_trigger_and_never_reuses_an_id_again(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    database.migrate("0008")
    customer = ("INSERT INTO customers (id, public_id, portal_token, account_id, livemode, number, name, type, "
                "autopay, chase, credit_hold, taxable, taxes, disabled_payment_methods, metadata, created_at, "
                "updated_at) VALUES (:id, :public_id, :token, 1, 1, :number, 'C', 'company', 0, 1, 0, 1, '[]', "
                "'[]', '{}', :now, :now)")
    invoice = ("INSERT INTO invoices (id, public_id, account_id, livemode, customer_id, number, draft, currency, "
               "issue_date, business_type, customer, supplier, evidence, payable_by, subtotal, discounts, extratax, "
               "tax, gross, metadata, amount_paid, amount_credited, voided, closed, sent, viewed, created_at, "
               "updated_at) VALUES (:id, :public_id, 1, 1, 1, :number, :draft, 'EUR', :day, 'B2C', '{}', '{}', "
               "'{}', '[]', 1000, 0, 1000, 200, 1200, '{}', 0, 0, 0, 0, 0, 0, :now, :now)")
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO accounts (id, name, country, currency, created_at) "
                                "VALUES (1, 'A', 'FR', 'EUR', :now)"), {"now": NOW})
        for number in (1, 2):
            connection.execute(text(customer), {"id": number, "public_id": f"oc_cu_{number}", "token": f"t{number}",
                                                "number": f"CUST-0000{number}", "now": NOW})
        connection.execute(text("UPDATE customers SET parent_customer = 1 WHERE id = 2"))
        for number, draft in ((1, 0), (2, 1)):
            connection.execute(text(invoice), {"id": number, "public_id": f"oc_in_{number}", "draft": draft,
                                               "number": "INV-001" if number == 1 else None, "day": NOW.date(),
                                               "now": NOW})
    database.migrate()
    with database.engine.begin() as connection:
        declarations = _sqlite_declarations(connection)
        assert all("AUTOINCREMENT" in declarations[table.name] for table in _tables_known_by_id())
        assert connection.execute(text("SELECT id, number, parent_customer FROM customers ORDER BY id")).all() == [
            (1, "CUST-00001", None), (2, "CUST-00002", 1)]
        assert connection.execute(text("SELECT id, number, draft FROM invoices ORDER BY id")).all() == [
            (1, "INV-001", 0), (2, None, 1)]
        connection.execute(text("DELETE FROM invoices WHERE id = 2"))
        connection.execute(text("DELETE FROM customers WHERE id = 2"))
        connection.execute(text(customer), {"id": None, "public_id": "oc_cu_3", "token": "t3", "number": "CUST-00003",
                                            "now": NOW})
        assert connection.execute(text("SELECT max(id) FROM customers")).scalar() == 3
    # Issued invoices are still kept by the database itself.
    with pytest.raises(DatabaseError, match="issued invoices cannot be changed or deleted"):
        with database.engine.begin() as connection:
            connection.execute(text("DELETE FROM invoices WHERE id = 1"))
    database.dispose()


def _tables_known_by_id():
    return [table for table in tables.metadata.sorted_tables if [column.name for column in table.primary_key] == ["id"]]


def test_every_table_of_rows_known_by_id_counts_its_ids_without_reuse_on_sqlite():
    assert [table.name for table in _tables_known_by_id() if not table.dialect_options["sqlite"]["autoincrement"]] == []
