"""Documents behind links: each invoice and credit note carries the token of its PDF link, each
customer the token of its statements' link, and an issued document's PDF is archived once.

Revision ID: 0011
Revises: 0010
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_REFUSE = "archived documents are kept as they were first produced"


def _token() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits


def _give_tokens(table: str, column: str) -> None:
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text(f"SELECT id FROM {table} WHERE {column} IS NULL"))]
    for row_id in ids:
        connection.execute(sa.text(f"UPDATE {table} SET {column} = :token WHERE id = :id"),
                           {"token": _token(), "id": row_id})


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite keeps its AUTOINCREMENT and the issued-invoice
    # triggers, which leave these columns alone.
    op.add_column('invoices', sa.Column('pdf_token', sa.String(40)))
    op.add_column('customers', sa.Column('statement_token', sa.String(40)))
    _give_tokens('invoices', 'pdf_token')
    _give_tokens('customers', 'statement_token')
    op.create_index('uq_invoices_pdf_token', 'invoices', ['pdf_token'], unique=True)
    op.create_index('uq_customers_statement_token', 'customers', ['statement_token'], unique=True)
    op.create_table(
        'document_files',
        sa.Column('invoice_id', sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.ForeignKey('invoices.id'),
                  primary_key=True),
        sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.ForeignKey('accounts.id'),
                  nullable=False),
        sa.Column('livemode', sa.Boolean(), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE FUNCTION document_files_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{_REFUSE}'; END $$")
        op.execute("CREATE TRIGGER document_files_are_kept BEFORE UPDATE OR DELETE ON document_files "
                   "FOR EACH ROW EXECUTE FUNCTION document_files_are_kept()")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER document_files_are_kept_{event.lower()} BEFORE {event} ON document_files "
                       f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END")


def downgrade() -> None:
    op.drop_table('document_files')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS document_files_are_kept()")
    op.drop_index('uq_customers_statement_token', 'customers')
    op.drop_index('uq_invoices_pdf_token', 'invoices')
    with op.batch_alter_table('customers', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column('statement_token')
    with op.batch_alter_table('invoices', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column('pdf_token')
