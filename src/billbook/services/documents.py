"""The documents public links reach, without an API key: an issued invoice's or credit note's PDF,
archived as first produced and served byte for byte ever after, and a customer's statement,
computed from the ledger when asked for. A token names one thing; any other is not found.

Reading the ledger and typesetting are separate steps: typesetting is CPU work that the server
runs off its event loop, between the two transactions that read and archive. An invoice's archived
PDF is a Factur-X: it carries the same CII XML the link serves."""

from dataclasses import dataclass, replace
from datetime import date

from billbook import documents
from billbook.documents import cii, ubl
from billbook.domain.errors import NotFound
from billbook.domain.identifiers import could_be_link_token
from billbook.domain.invoices import CREDIT_NOTE, IssuedInvoice
from billbook.domain.statements import Statement
from billbook.domain.tenancy import Tenant
from billbook.services import statements
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import shown_invoices
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork

XML_SYNTAXES = ("cii", "ubl")
# Documents longer than this are typeset apart (see `long`).
LONG_DOCUMENT_LINES = 100


@dataclass(frozen=True, slots=True)
class InvoiceToTypeset:
    """Everything typesetting an invoice needs, and nothing tied to this process (it may be
    typeset in another)."""
    tenant: Tenant
    country: str
    issued: IssuedInvoice
    credited_number: str | None
    language: str
    paper: str
    credited_on: date | None = None

    @property
    def long(self) -> bool:
        return len(self.issued.invoice.lines) > LONG_DOCUMENT_LINES

    def typeset(self) -> bytes:
        """The invoice's PDF as a Factur-X, carrying its CII XML: the document archived and served."""
        pdf = documents.invoice_pdf(self.issued, credited_number=self.credited_number, language=self.language,
                                    paper=self.paper)
        return documents.factur_x_pdf(pdf, self.cii(), dated=self.issued.invoice.issue_date)

    def cii(self) -> bytes:
        return cii.invoice_cii(self.issued, credited_number=self.credited_number, credited_on=self.credited_on)

    def ubl(self) -> bytes:
        return ubl.invoice_ubl(self.issued, credited_number=self.credited_number, credited_on=self.credited_on)


@dataclass(frozen=True, slots=True)
class StatementToTypeset:
    statement: Statement
    language: str
    paper: str

    @property
    def long(self) -> bool:
        return len(self.statement.lines) > LONG_DOCUMENT_LINES

    def typeset(self) -> bytes:
        return documents.statement_pdf(self.statement, language=self.language, paper=self.paper)


def invoice_document(database: Database, token: str) -> bytes | InvoiceToTypeset:
    """The archived PDF of the issued invoice or credit note the token names, or, the first time,
    what typesetting it needs (from the snapshots taken when it was issued)."""
    if not could_be_link_token(token):
        raise NotFound("Document", "")
    with AdminUnitOfWork(database, write=False) as admin:
        archived = admin.links.archived_document(token)
    if archived is not None:
        return archived
    ctx, invoice_id = _target(database, token, "invoice")
    return document_to_typeset(ctx, invoice_id)


def invoice_xml(database: Database, token: str, syntax: str = "cii") -> bytes:
    """The EN 16931 XML of the issued invoice or credit note the token names, built from the
    snapshots taken when it was issued: CII, or UBL in the Peppol BIS Billing 3.0 form. Once its
    Factur-X is archived, the CII is the very XML the PDF carries."""
    if syntax not in XML_SYNTAXES:
        raise ValueError(f"no XML syntax {syntax!r}")
    ctx, invoice_id = _target(database, token, "invoice")
    if syntax == "cii":
        with AdminUnitOfWork(database, write=False) as admin:
            archived = admin.links.archived_document(token)
        carried = documents.carried_xml(archived) if archived is not None else None
        if carried is not None:
            return carried
    found = document_to_typeset(ctx, invoice_id)
    return found.ubl() if syntax == "ubl" else found.cii()


def document_to_typeset(ctx: AccountContext, invoice_id: int, paper: str | None = None) -> InvoiceToTypeset:
    """What typesetting an issued invoice or credit note needs, on the account's paper or `paper`."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = uow.invoices.get(invoice_id)
        if invoice is None or invoice.draft:
            raise NotFound("Document", "")  # a draft is no document yet
        issued = shown_invoices(uow, [invoice])[0]
        if not invoice.payable_by:
            # An Invoiced invoice names no payment mode: it shows every way the account is paid.
            issued = replace(issued, payment_modes={mode.id: mode for mode in uow.payment_modes.all()})
        credited = (uow.invoices.get(invoice.credited_invoice_id)
                    if invoice.kind == CREDIT_NOTE and invoice.credited_invoice_id else None)
        account = uow.account()
    return InvoiceToTypeset(ctx.tenant, ctx.country, issued, credited.number if credited else None,
                            documents.document_language(issued.customer.language, account.country),
                            paper or documents.paper_for(account.country),
                            credited.issue_date if credited else None)


def archive(database: Database, typeset: InvoiceToTypeset, pdf: bytes) -> bytes:
    """Keep the document's PDF; if another was kept meanwhile, that one is the document."""
    invoice_id = typeset.issued.invoice.id
    with AccountContext(typeset.tenant, database, typeset.country).unit_of_work() as uow:
        uow.document_files.keep(invoice_id, pdf, utc_now())
        kept = uow.document_files.get(invoice_id)
        uow.commit()
    return kept


def statement_document(database: Database, token: str, *, type: str = "open_item", start: date | None = None,
                       end: date | None = None, items: str | None = None,
                       currency: str | None = None) -> StatementToTypeset:
    """The statement of the customer the token names, as of now (or for the period asked for)."""
    ctx, customer_id = _target(database, token, "customer")
    statement = statements.statement(ctx, customer_id, type=type, start=start, end=end, items=items,
                                     currency=currency)
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        account = uow.account()
    return StatementToTypeset(statement, documents.document_language(customer.language, account.country),
                              documents.paper_for(account.country))


def _target(database: Database, token: str, kind: str) -> tuple[AccountContext, int]:
    if not could_be_link_token(token):
        raise NotFound("Document", "")
    with AdminUnitOfWork(database, write=False) as admin:
        found = admin.links.invoice_for(token) if kind == "invoice" else admin.links.customer_for(token)
    if found is None:
        raise NotFound("Document", "")
    tenant, country, object_id = found
    return AccountContext(tenant, database, country), object_id


def statement_token(ctx: AccountContext, customer_id: int) -> str | None:
    """The token of the customer's statement link (for a message that carries the link)."""
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("Customer", customer_id)
    return customer.statement_token


def document_token(ctx: AccountContext, invoice_id: int, kind: str) -> str | None:
    """The token of an invoice's or credit note's PDF link."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = uow.invoices.get(invoice_id)
    if invoice is None or invoice.kind != kind:
        raise NotFound("Credit note" if kind == CREDIT_NOTE else "Invoice", invoice_id)
    return invoice.pdf_token
