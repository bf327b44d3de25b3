"""The outbox: messages (emails, text messages, letters) written in the transaction of the request
that sends them and delivered by workers; and the providers each account connects (Twilio, Lob),
their secrets encrypted.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

import billbook.store.types

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = billbook.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'outbox_messages',
        sa.Column('id', Id, primary_key=True),
        sa.Column('public_id', sa.String(32), nullable=False, unique=True),
        sa.Column('account_id', Id, sa.ForeignKey('accounts.id'), nullable=False),
        sa.Column('livemode', sa.Boolean(), nullable=False),
        sa.Column('channel', sa.String(10), nullable=False),
        sa.Column('customer_id', Id, sa.ForeignKey('customers.id'), nullable=False),
        sa.Column('invoice_id', Id, sa.ForeignKey('invoices.id')),
        sa.Column('template', sa.String(40), nullable=False),
        sa.Column('recipient', sa.JSON(), nullable=False),
        sa.Column('bcc', sa.String(1000)),
        sa.Column('subject', sa.String(255)),
        sa.Column('message', sa.Text()),
        sa.Column('attachment', sa.LargeBinary()),
        sa.Column('attachment_name', sa.String(100)),
        sa.Column('state', sa.String(20), nullable=False),
        sa.Column('reject_reason', sa.String(500)),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('next_attempt_at', Moment, nullable=False),
        sa.Column('claimed_until', Moment),
        sa.Column('provider_reference', sa.String(100)),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('created_at', Moment, nullable=False),
        sa.Column('updated_at', Moment, nullable=False),
        sa.Column('delivered_at', Moment),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_outbox_messages_due', 'outbox_messages', ['state', 'next_attempt_at'])
    op.create_index('ix_outbox_messages_tenant_id', 'outbox_messages', ['account_id', 'livemode', 'id'])
    op.create_table(
        'provider_connections',
        sa.Column('account_id', Id, sa.ForeignKey('accounts.id'), primary_key=True),
        sa.Column('provider', sa.String(10), primary_key=True),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('secret', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', Moment, nullable=False),
        sa.Column('updated_at', Moment, nullable=False),
    )


def downgrade() -> None:
    op.drop_table('provider_connections')
    op.drop_table('outbox_messages')
