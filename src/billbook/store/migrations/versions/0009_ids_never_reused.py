"""Ids are never handed out twice: SQLite tables count their ids with AUTOINCREMENT.

Without it SQLite gives a new row the largest id in use plus one, so deleting the newest customer,
contact or draft let the next one take its id, and an outside system still holding the deleted
one's id reached another. PostgreSQL's identity sequences never go back already.

Ids deleted before this revision cannot be known any more; from here on every id is new. A later
migration that rebuilds one of these tables on SQLite (batch mode) must pass
`table_kwargs={"sqlite_autoincrement": True}`: the copy does not keep the declaration otherwise.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Every table whose rows are known by a surrogate id.
_TABLES = ("accounts", "api_keys", "customers", "contacts", "payment_sources", "numbering_sequences",
           "payment_modes", "invoices", "invoice_lines", "payments", "payment_applications", "credit_entries")
_MESSAGE = "issued invoices cannot be changed or deleted; issue a credit note"
_CONTENT = ("id", "public_id", "account_id", "livemode", "customer_id", "sequence_id", "number", "draft", "name",
            "currency", "issue_date", "due_date", "payment_terms", "purchase_order", "notes", "business_type",
            "customer", "supplier", "evidence", "payable_by", "subtotal", "discounts", "extratax", "tax", "gross",
            "created_at", "kind", "credited_invoice_id")
_TRIGGERS = ("invoices_are_immutable", "invoices_are_kept", "invoice_lines_are_immutable", "invoice_lines_are_kept",
             "invoice_lines_are_complete")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # SQLite copies a table to alter it, which triggers naming the table would block; they are
    # put back as revision 0007 left them.
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table in _TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass
    _keep_issued_invoices()


def _keep_issued_invoices() -> None:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
    issued_line = "(SELECT draft FROM invoices WHERE id = {row}.invoice_id) = 0"
    op.execute(f"CREATE TRIGGER invoice_lines_are_immutable BEFORE UPDATE ON invoice_lines "
               f"WHEN {issued_line.format(row='OLD')} {refuse}")
    op.execute(f"CREATE TRIGGER invoice_lines_are_kept BEFORE DELETE ON invoice_lines "
               f"WHEN {issued_line.format(row='OLD')} {refuse}")
    op.execute(f"CREATE TRIGGER invoice_lines_are_complete BEFORE INSERT ON invoice_lines "
               f"WHEN {issued_line.format(row='NEW')} {refuse}")
    op.execute(f"CREATE TRIGGER invoices_are_kept BEFORE DELETE ON invoices WHEN OLD.draft = 0 {refuse}")
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in _CONTENT)
    op.execute(f"CREATE TRIGGER invoices_are_immutable BEFORE UPDATE ON invoices "
               f"WHEN OLD.draft = 0 AND ({changed} OR (OLD.voided = 1 AND NEW.voided = 0)) {refuse}")


def downgrade() -> None:
    # Counting ids without AUTOINCREMENT again would let SQLite reuse them.
    pass
