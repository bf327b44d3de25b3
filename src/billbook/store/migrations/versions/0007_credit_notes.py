"""Credit notes: documents of the same shape as invoices, kept in the same table, numbered from
their own series, crediting an invoice. Payment applications may spend an open credit note.

The invoices' update trigger is rebuilt so a document's kind and credited invoice are content too.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
_MESSAGE = "issued invoices cannot be changed or deleted; issue a credit note"
_CONTENT = ("id", "public_id", "account_id", "livemode", "customer_id", "sequence_id", "number", "draft", "name",
            "currency", "issue_date", "due_date", "payment_terms", "purchase_order", "notes", "business_type",
            "customer", "supplier", "evidence", "payable_by", "subtotal", "discounts", "extratax", "tax", "gross",
            "created_at", "kind", "credited_invoice_id")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute("DROP TRIGGER IF EXISTS invoices_are_immutable ON invoices" if postgresql
               else "DROP TRIGGER IF EXISTS invoices_are_immutable")
    op.execute("DROP TRIGGER IF EXISTS invoices_are_kept ON invoices" if postgresql
               else "DROP TRIGGER IF EXISTS invoices_are_kept")
    if not postgresql:
        # SQLite copies the table to alter it, which the lines' triggers (naming it) would block.
        for trigger in ("invoice_lines_are_immutable", "invoice_lines_are_kept", "invoice_lines_are_complete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('kind', sa.String(12), nullable=False, server_default='invoice'))
        batch.add_column(sa.Column('credited_invoice_id', Id))
        batch.create_foreign_key('fk_invoices_credited_invoice_id_invoices', 'invoices', ['credited_invoice_id'],
                                 ['id'])
    with op.batch_alter_table('payment_applications') as batch:
        batch.add_column(sa.Column('credit_note_id', Id))
        batch.create_foreign_key('fk_payment_applications_credit_note_id_invoices', 'invoices', ['credit_note_id'],
                                 ['id'])
    if postgresql:
        changed = " OR ".join(f"OLD.{column}::text IS DISTINCT FROM NEW.{column}::text" for column in _CONTENT)
        op.execute("CREATE TRIGGER invoices_are_kept BEFORE DELETE ON invoices FOR EACH ROW WHEN (NOT OLD.draft) "
                   "EXECUTE FUNCTION refuse_issued_invoice_change()")
        op.execute("CREATE TRIGGER invoices_are_immutable BEFORE UPDATE ON invoices FOR EACH ROW "
                   f"WHEN (NOT OLD.draft AND ({changed} OR (OLD.voided AND NOT NEW.voided))) "
                   "EXECUTE FUNCTION refuse_issued_invoice_change()")
        return
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
    # Credit notes have no place in the previous schema.
    raise RuntimeError("revision 0007 cannot be downgraded")
