"""Reading invoices and credit notes as the dialects show them (with their customers, sequences and
payment modes), and finding one to change, locked in the order every ledger change takes."""

from billbook.domain.errors import InvalidParam, NotFound
from billbook.domain.invoices import CREDIT_NOTE, INVOICE, Invoice, IssuedInvoice
from billbook.domain.listing import Cursor, ListQuery, Slice
from billbook.services.context import AccountContext
from billbook.store.unit_of_work import UnitOfWork

InvoiceReference = int | str


def retrieve(ctx: AccountContext, invoice_id: InvoiceReference, drafts: bool = False,
             kind: str = INVOICE) -> IssuedInvoice:
    """An invoice (or credit note, by `kind`); drafts only when asked for (Octobat knows none)."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = document(uow, invoice_id)
        if (invoice.draft and not drafts) or invoice.kind != kind:
            raise NotFound("Invoice" if kind == INVOICE else "Credit note", invoice_id)
        return shown_invoices(uow, [invoice])[0]


def list_invoices(ctx: AccountContext, query: ListQuery, kind: str = INVOICE) -> tuple[list[IssuedInvoice], int]:
    with ctx.unit_of_work(write=False) as uow:
        found, total = uow.invoices.page(query, kind)
        return shown_invoices(uow, found), total


def slice_invoices(ctx: AccountContext, cursor: Cursor, customer_id: str | None = None) -> Slice:
    with ctx.unit_of_work(write=False) as uow:
        owner = None
        if customer_id is not None:
            customer = uow.customers.get(customer_id)
            if customer is None:
                raise InvalidParam("customer", f"is not a customer of this account: {customer_id}")
            owner = customer.id
        found = uow.invoices.slice(cursor, owner, issued_only=True)
        return Slice(shown_invoices(uow, found.items), found.total, found.has_more, found.has_before)


def for_customers(ctx: AccountContext, customer_ids: list[int]) -> dict[int, list[IssuedInvoice]]:
    """Each customer's invoices, newest first."""
    with ctx.unit_of_work(write=False) as uow:
        owned = uow.invoices.for_customers(customer_ids)
        shown = shown_invoices(uow, [invoice for invoices in owned.values() for invoice in invoices
                                     if not invoice.draft])
    by_customer: dict[int, list[IssuedInvoice]] = {customer_id: [] for customer_id in customer_ids}
    for issued in shown:
        by_customer[issued.invoice.customer_id].append(issued)
    return by_customer


def document(uow: UnitOfWork, invoice_id: InvoiceReference, kind: str | None = None,
             for_update: bool = False) -> Invoice:
    """An invoice or credit note (drafts too; of `kind` when given), locked after its customer when
    it is to change."""
    invoice = locked_document(uow, invoice_id) if for_update else uow.invoices.get(invoice_id)
    if invoice is None or (kind is not None and invoice.kind != kind):
        raise NotFound("Credit note" if kind == CREDIT_NOTE else "Invoice", invoice_id)
    return invoice


def sendable_document(uow: UnitOfWork, invoice_id: InvoiceReference, kind: str, for_update: bool = False) -> Invoice:
    """An issued, unvoided invoice or credit note of `kind`: what may be sent to its customer."""
    invoice = document(uow, invoice_id, kind, for_update)
    label = "credit note" if kind == CREDIT_NOTE else "invoice"
    if invoice.draft:
        raise InvalidParam("draft", f"a draft {label} cannot be sent: issue it first")
    if invoice.voided:
        raise InvalidParam("voided", f"a voided {label} is not sent")
    return invoice


def locked_document(uow: UnitOfWork, invoice_id: InvoiceReference) -> Invoice | None:
    """The invoice or credit note, locked after its customer. Every change to a customer's ledger
    locks the customer first, then its documents: taken in one order, locks cannot deadlock (a
    row referencing the customer also takes a share lock on it)."""
    found = uow.invoices.get(invoice_id)
    if found is None:
        return None
    uow.customers.get(found.customer_id, for_update=True)
    return uow.invoices.get(found.id, for_update=True)


def shown_invoices(uow: UnitOfWork, invoices: list[Invoice]) -> list[IssuedInvoice]:
    """The invoices with their customers, sequences and payment modes, read in three queries."""
    customers = uow.customers.get_many({invoice.customer_id for invoice in invoices})
    sequences = {sequence.id: sequence.public_id for sequence in uow.numbering_sequences.all()}
    wanted = {mode_id for invoice in invoices for mode_id in invoice.payable_by}
    wanted |= {invoice.payment.payment_mode_id for invoice in invoices
               if invoice.payment and invoice.payment.payment_mode_id}
    modes = uow.payment_modes.get_many(sorted(wanted))
    return [IssuedInvoice(invoice, customers[invoice.customer_id], sequences.get(invoice.sequence_id), modes)
            for invoice in invoices]
