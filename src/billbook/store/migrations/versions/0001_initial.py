"""Accounts, API keys, counters, customers, contacts, payment sources.

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 10:10:49.964644
"""
import sqlalchemy as sa
from alembic import op

import billbook.store.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('vat_number', sa.String(length=32), nullable=True),
    sa.Column('legal_form', sa.String(length=50), nullable=True),
    sa.Column('siret', sa.String(length=14), nullable=True),
    sa.Column('capital_stock', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('address_line1', sa.String(length=200), nullable=True),
    sa.Column('address_line2', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('zip', sa.String(length=20), nullable=True),
    sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', billbook.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_api_keys_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_api_keys_fingerprint'))
    )
    op.create_table('counters',
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_counters_account_id_accounts')),
    sa.PrimaryKeyConstraint('account_id', 'livemode', 'name', name=op.f('pk_counters'))
    )
    op.create_table('customers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('portal_token', sa.String(length=40), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('autopay', sa.Boolean(), nullable=False),
    sa.Column('autopay_delay_days', sa.Integer(), nullable=True),
    sa.Column('payment_terms', sa.String(length=50), nullable=True),
    sa.Column('attention_to', sa.String(length=255), nullable=True),
    sa.Column('address1', sa.String(length=255), nullable=True),
    sa.Column('address2', sa.String(length=255), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('chase', sa.Boolean(), nullable=False),
    sa.Column('chasing_cadence', sa.BigInteger(), nullable=True),
    sa.Column('next_chase_step', sa.BigInteger(), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('other_phone', sa.String(length=50), nullable=True),
    sa.Column('website', sa.String(length=255), nullable=True),
    sa.Column('credit_hold', sa.Boolean(), nullable=False),
    sa.Column('credit_limit', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('owner', sa.BigInteger(), nullable=True),
    sa.Column('taxable', sa.Boolean(), nullable=False),
    sa.Column('taxes', sa.JSON(), nullable=False),
    sa.Column('tax_id', sa.String(length=50), nullable=True),
    sa.Column('avalara_entity_use_code', sa.String(length=50), nullable=True),
    sa.Column('avalara_exemption_number', sa.String(length=50), nullable=True),
    sa.Column('parent_customer', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('sign_up_page', sa.BigInteger(), nullable=True),
    sa.Column('disabled_payment_methods', sa.JSON(), nullable=False),
    sa.Column('ach_gateway', sa.BigInteger(), nullable=True),
    sa.Column('cc_gateway', sa.BigInteger(), nullable=True),
    sa.Column('metadata', sa.JSON(), nullable=False),
    sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_customers_account_id_accounts')),
    sa.ForeignKeyConstraint(['parent_customer'], ['customers.id'], name=op.f('fk_customers_parent_customer_customers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('account_id', 'livemode', 'number', name='uq_customers_tenant_number'),
    sa.UniqueConstraint('portal_token', name=op.f('uq_customers_portal_token')),
    sa.UniqueConstraint('public_id', name=op.f('uq_customers_public_id'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_tenant_id', ['account_id', 'livemode', 'id'], unique=False)
        batch_op.create_index('ix_customers_tenant_name', ['account_id', 'livemode', 'name'], unique=False)
        batch_op.create_index('ix_customers_tenant_updated', ['account_id', 'livemode', 'updated_at'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('department', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('primary', sa.Boolean(), nullable=False),
    sa.Column('sms_enabled', sa.Boolean(), nullable=False),
    sa.Column('address1', sa.String(length=255), nullable=True),
    sa.Column('address2', sa.String(length=255), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_contacts_account_id_accounts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contacts_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_tenant_customer', ['account_id', 'livemode', 'customer_id', 'id'], unique=False)

    op.create_table('payment_sources',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('gateway', sa.String(length=40), nullable=True),
    sa.Column('gateway_reference', sa.String(length=100), nullable=True),
    sa.Column('brand', sa.String(length=40), nullable=True),
    sa.Column('funding', sa.String(length=20), nullable=True),
    sa.Column('last4', sa.String(length=4), nullable=True),
    sa.Column('exp_month', sa.Integer(), nullable=True),
    sa.Column('exp_year', sa.Integer(), nullable=True),
    sa.Column('bank_name', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_at', billbook.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_payment_sources_account_id_accounts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_payment_sources_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_sources')),
    sa.UniqueConstraint('public_id', name=op.f('uq_payment_sources_public_id'))
    )
    with op.batch_alter_table('payment_sources', schema=None) as batch_op:
        batch_op.create_index('ix_payment_sources_tenant_customer', ['account_id', 'livemode', 'customer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('payment_sources', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_sources_tenant_customer')

    op.drop_table('payment_sources')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_tenant_customer')

    op.drop_table('contacts')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_tenant_updated')
        batch_op.drop_index('ix_customers_tenant_name')
        batch_op.drop_index('ix_customers_tenant_id')

    op.drop_table('customers')
    op.drop_table('counters')
    op.drop_table('api_keys')
    op.drop_table('accounts')
