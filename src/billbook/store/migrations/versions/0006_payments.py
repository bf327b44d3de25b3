"""Payments applied to invoices and credit, and customers' credit balances.

The payments of revision 0004 (one per Octobat invoice) become payments with one application to
their invoice, for the invoice's total.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

import billbook.store.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.execute("CREATE TABLE payments_0004 AS SELECT p.public_id, p.account_id, p.livemode, p.invoice_id, "
               "p.payment_date, p.payment_mode_id, p.customer_bank_country, p.created_at, p.updated_at, "
               "i.customer_id, i.currency, i.gross FROM payments p JOIN invoices i ON i.id = p.invoice_id")
    op.drop_table('payments')
    op.create_table(
        'payments',
        sa.Column('id', Id, nullable=False),
        sa.Column('public_id', sa.String(40), nullable=False),
        sa.Column('account_id', Id, nullable=False),
        sa.Column('livemode', sa.Boolean(), nullable=False),
        sa.Column('customer_id', Id, nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('method', sa.String(20), nullable=False),
        sa.Column('reference', sa.String(255)),
        sa.Column('notes', sa.Text()),
        sa.Column('voided', sa.Boolean(), nullable=False),
        sa.Column('metadata', sa.JSON(), nullable=False),
        sa.Column('payment_mode_id', Id),
        sa.Column('customer_bank_country', sa.String(2)),
        sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_payments_account_id_accounts')),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_payments_customer_id_customers')),
        sa.ForeignKeyConstraint(['payment_mode_id'], ['payment_modes.id'],
                                name=op.f('fk_payments_payment_mode_id_payment_modes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
        sa.UniqueConstraint('public_id', name=op.f('uq_payments_public_id')),
    )
    op.create_index('ix_payments_tenant_id', 'payments', ['account_id', 'livemode', 'id'])
    op.create_index('ix_payments_tenant_customer', 'payments', ['account_id', 'livemode', 'customer_id', 'id'])
    op.create_table(
        'payment_applications',
        sa.Column('id', Id, nullable=False),
        sa.Column('account_id', Id, nullable=False),
        sa.Column('livemode', sa.Boolean(), nullable=False),
        sa.Column('payment_id', Id, nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('invoice_id', Id),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_payment_applications_account_id_accounts')),
        sa.ForeignKeyConstraint(['payment_id'], ['payments.id'],
                                name=op.f('fk_payment_applications_payment_id_payments')),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'],
                                name=op.f('fk_payment_applications_invoice_id_invoices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_applications')),
    )
    op.create_index('ix_payment_applications_payment', 'payment_applications', ['payment_id'])
    op.create_index('ix_payment_applications_invoice', 'payment_applications', ['invoice_id'])
    op.create_table(
        'credit_entries',
        sa.Column('id', Id, nullable=False),
        sa.Column('account_id', Id, nullable=False),
        sa.Column('livemode', sa.Boolean(), nullable=False),
        sa.Column('customer_id', Id, nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('balance', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('notes', sa.Text()),
        sa.Column('payment_id', Id),
        sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_credit_entries_account_id_accounts')),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                name=op.f('fk_credit_entries_customer_id_customers')),
        sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_credit_entries_payment_id_payments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_entries')),
    )
    op.create_index('ix_credit_entries_customer', 'credit_entries',
                    ['account_id', 'livemode', 'customer_id', 'currency', 'id'])
    postgresql = op.get_bind().dialect.name == "postgresql"
    no, empty = ("false", "'{}'::json") if postgresql else ("0", "'{}'")
    op.execute("INSERT INTO payments (public_id, account_id, livemode, customer_id, currency, amount, date, method, "
               "voided, metadata, payment_mode_id, customer_bank_country, created_at, updated_at) "
               f"SELECT public_id, account_id, livemode, customer_id, currency, gross, payment_date, 'other', {no}, "
               f"{empty}, payment_mode_id, customer_bank_country, created_at, updated_at FROM payments_0004")
    op.execute("INSERT INTO payment_applications (account_id, livemode, payment_id, kind, invoice_id, amount) "
               "SELECT p.account_id, p.livemode, p.id, 'invoice', old.invoice_id, p.amount "
               "FROM payments p JOIN payments_0004 old ON old.public_id = p.public_id")
    op.drop_table('payments_0004')


def downgrade() -> None:
    # Payments applied to several invoices or to credit have no place in revision 0004's schema.
    raise RuntimeError("revision 0006 cannot be downgraded")
