"""Numbering sequences say whether their invoices must be dated in number order: on for sellers
in the EU, whose law requires it, off for others.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# The member states when this migration was written; later sequences follow the domain's list.
EU = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
      "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite's table keeps its AUTOINCREMENT declaration (no rebuild).
    op.add_column('numbering_sequences',
                  sa.Column('chronological', sa.Boolean(), nullable=False, server_default=sa.true()))
    outside = ", ".join(f"'{country}'" for country in EU)
    op.execute("UPDATE numbering_sequences SET chronological = false WHERE account_id IN "
               f"(SELECT id FROM accounts WHERE country NOT IN ({outside}))")


def downgrade() -> None:
    with op.batch_alter_table('numbering_sequences', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column('chronological')
