"""Invoices as both dialects know them: drafts, Invoiced's fields and line items, and what
happened to an invoice since it was issued (paid, credited, voided, sent).

The immutability triggers are rebuilt: a draft may change and be deleted; an issued invoice may
only change its ledger state, and its lines not at all (nor gain new ones).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_MESSAGE = "issued invoices cannot be changed or deleted; issue a credit note"
# An issued invoice's content: every column but its ledger state (amount_paid, amount_credited,
# voided, closed, sent, viewed, metadata, updated_at).
_CONTENT = ("id", "public_id", "account_id", "livemode", "customer_id", "sequence_id", "number", "draft", "name",
            "currency", "issue_date", "due_date", "payment_terms", "purchase_order", "notes", "business_type",
            "customer", "supplier", "evidence", "payable_by", "subtotal", "discounts", "extratax", "tax", "gross",
            "created_at")


def upgrade() -> None:
    _drop_triggers(("invoice_lines_are_immutable", "invoice_lines"), ("invoice_lines_are_kept", "invoice_lines"),
                   ("invoices_are_kept", "invoices"), ("invoices_are_immutable", "invoices"))
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('draft', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('name', sa.String(255)))
        batch.add_column(sa.Column('due_date', sa.Date()))
        batch.add_column(sa.Column('payment_terms', sa.String(50)))
        batch.add_column(sa.Column('purchase_order', sa.String(100)))
        batch.add_column(sa.Column('notes', sa.Text()))
        batch.add_column(sa.Column('subtotal', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('discounts', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('metadata', sa.JSON(), nullable=False, server_default='{}'))
        batch.add_column(sa.Column('amount_paid', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('amount_credited', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('voided', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('closed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('sent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('viewed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.alter_column('number', existing_type=sa.String(64), nullable=True)
        batch.alter_column('sequence_id', existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                           nullable=True)
    op.execute("UPDATE invoices SET subtotal = extratax, amount_paid = CASE WHEN state = 'paid' THEN gross ELSE 0 END")
    with op.batch_alter_table('invoices') as batch:
        batch.drop_column('state')
    with op.batch_alter_table('invoice_lines') as batch:
        batch.alter_column('description', new_column_name='name', existing_type=sa.Text(), existing_nullable=False)
    with op.batch_alter_table('invoice_lines') as batch:
        batch.add_column(sa.Column('description', sa.Text()))
        batch.add_column(sa.Column('unit_cost', sa.Numeric(24, 6), nullable=False, server_default='0'))
        batch.add_column(sa.Column('amount', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('discount', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('discountable', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column('taxable', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column('metadata', sa.JSON(), nullable=False, server_default='{}'))
        batch.alter_column('quantity', existing_type=sa.Integer(), type_=sa.Numeric(18, 6), existing_nullable=False)
    op.execute("UPDATE invoice_lines SET amount = extratax, unit_cost = extratax / 100.0")
    _install_triggers()


def downgrade() -> None:
    # Drafts and Invoiced's fields have no place in the previous schema: there is no way back.
    raise RuntimeError("revision 0005 cannot be downgraded")


def _drop_triggers(*triggers: tuple[str, str]) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for trigger, table in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}" if postgresql else f"DROP TRIGGER IF EXISTS {trigger}")


def _install_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        changed = " OR ".join(f"OLD.{column}::text IS DISTINCT FROM NEW.{column}::text" for column in _CONTENT)
        # A trigger's WHEN cannot look at another table: the line's invoice is read in the function.
        op.execute(f"""
            CREATE FUNCTION refuse_issued_invoice_line_change() RETURNS trigger AS $$
            DECLARE invoice bigint;
            BEGIN
                invoice := CASE WHEN TG_OP = 'INSERT' THEN NEW.invoice_id ELSE OLD.invoice_id END;
                IF EXISTS (SELECT 1 FROM invoices WHERE id = invoice AND NOT draft) THEN
                    RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER invoice_lines_are_immutable BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_line_change()")
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
