"""Documents behind links: whose a link's token is, and the archived PDFs of issued documents."""

import hashlib
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, select

from billbook.domain.tenancy import Mode, Tenant
from billbook.store import tables
from billbook.store.scoped import INSERTS

_FILES = tables.document_files
_ARCHIVED = select(_FILES.c.content).where(and_(
    _FILES.c.account_id == bindparam("_account"), _FILES.c.livemode == bindparam("_live"),
    _FILES.c.invoice_id == bindparam("_invoice")))
_INVOICE_BY_TOKEN = (select(tables.invoices.c.id, tables.invoices.c.account_id, tables.invoices.c.livemode,
                            tables.accounts.c.country)
                     .join(tables.accounts, tables.accounts.c.id == tables.invoices.c.account_id)
                     .where(tables.invoices.c.pdf_token == bindparam("_token")))
_CUSTOMER_BY_TOKEN = (select(tables.customers.c.id, tables.customers.c.account_id, tables.customers.c.livemode,
                             tables.accounts.c.country)
                      .join(tables.accounts, tables.accounts.c.id == tables.customers.c.account_id)
                      .where(tables.customers.c.statement_token == bindparam("_token")))
_CUSTOMER_BY_PAGE_TOKEN = (select(tables.customers.c.id, tables.customers.c.account_id, tables.customers.c.livemode,
                                  tables.accounts.c.country)
                           .join(tables.accounts, tables.accounts.c.id == tables.customers.c.account_id)
                           .where(tables.customers.c.portal_token == bindparam("_token")))

# An archived document by its link's token: one round trip for what every download after the first asks.
_ARCHIVED_BY_TOKEN = (select(_FILES.c.content)
                      .join(tables.invoices, tables.invoices.c.id == _FILES.c.invoice_id)
                      .where(tables.invoices.c.pdf_token == bindparam("_token")))

LinkTarget = tuple[Tenant, str, int]  # the tenant, its account's country, the object's id


class LinkRepository:
    """Above tenancy: a link's token is all its holder has, and it names one object of one tenant."""

    def __init__(self, connection: Connection):
        self._connection = connection

    def archived_document(self, token: str) -> bytes | None:
        return self._connection.execute(_ARCHIVED_BY_TOKEN, {"_token": token}).scalar()

    def invoice_for(self, token: str) -> LinkTarget | None:
        return self._target(_INVOICE_BY_TOKEN, token)

    def customer_for(self, token: str) -> LinkTarget | None:
        return self._target(_CUSTOMER_BY_TOKEN, token)

    def customer_for_page(self, token: str) -> LinkTarget | None:
        """The customer whose billing page the token opens."""
        return self._target(_CUSTOMER_BY_PAGE_TOKEN, token)

    def _target(self, statement, token: str) -> LinkTarget | None:
        row = self._connection.execute(statement, {"_token": token}).first()
        if row is None:
            return None
        return Tenant(row.account_id, Mode.LIVE if row.livemode else Mode.TEST), row.country, row.id


class DocumentFileRepository:
    """One tenant's archived PDFs. Written once (the first one produced wins), never changed: the
    database refuses updates and deletes."""

    def __init__(self, connection: Connection, tenant: Tenant):
        self._connection = connection
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}
        self._tenant = tenant

    def get(self, invoice_id: int) -> bytes | None:
        return self._connection.execute(_ARCHIVED, {**self._scope, "_invoice": invoice_id}).scalar()

    def keep(self, invoice_id: int, content: bytes, now: datetime) -> None:
        statement = INSERTS[self._connection.dialect.name](_FILES).values(
            invoice_id=invoice_id, account_id=self._tenant.account_id, livemode=self._tenant.livemode,
            sha256=hashlib.sha256(content).hexdigest(), content=content, created_at=now,
        ).on_conflict_do_nothing()
        self._connection.execute(statement)
