"""Index invoices by sequence and date: issuing one reads the sequence's latest issue date.

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_invoices_tenant_sequence_date', 'invoices',
                    ['account_id', 'livemode', 'sequence_id', 'issue_date'])


def downgrade() -> None:
    op.drop_index('ix_invoices_tenant_sequence_date', 'invoices')
