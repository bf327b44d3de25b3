"""Sending a customer's statement, or an invoice or credit note, by email.

A request does not send anything: it writes one outbox message per recipient, with the PDF
archived in it, in one transaction (and marks an invoice sent in that same transaction); the
delivery worker sends them. Preparing (checking the request, reading the ledger, deciding what
to typeset) and queueing are two steps, because typesetting runs between them, off the event
loop and outside any transaction.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from billbook import documents as typesetting
from billbook.domain.contact_points import email_address
from billbook.domain.errors import InvalidParam, NotFound
from billbook.domain.invoices import CREDIT_NOTE
from billbook.domain.listing import ListQuery
from billbook.domain.outbox import EMAIL, OutboxMessage
from billbook.domain.values import indexed_list, single_line
from billbook.services import documents, statements
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import sendable_document

STATEMENT_EMAIL, INVOICE_EMAIL, CREDIT_NOTE_EMAIL = "statement_email", "invoice_email", "credit_note_email"
MAX_RECIPIENTS = 20


@dataclass(frozen=True, slots=True)
class EmailRequest:
    """What the caller asked for; anything left out takes the customer's or the template's default."""
    to: Any = None
    bcc: str | None = None
    subject: str | None = None
    message: str | None = None
    template: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedEmails:
    """Everything the messages need but their attachment, checked and read from the ledger."""
    customer_id: int
    template: str
    recipients: list[dict[str, str | None]]
    bcc: str | None
    subject: str
    message: str
    attachment_name: str
    link_token: str | None  # the token of the public link to what is sent
    invoice_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


def prepare_statement(ctx: AccountContext, customer_id: int, request: EmailRequest, *, type: str | None = None,
                      start: date | None = None, end: date | None = None,
                      items: str | None = None) -> tuple[PreparedEmails, documents.StatementToTypeset]:
    """The statement's emails and the statement to typeset; a bad request writes nothing."""
    statement = statements.statement(ctx, customer_id, type=type or "open_item", start=start, end=end, items=items)
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        account = uow.account()
        contacts = _primary_contacts(uow, customer.id)
    recipients = _recipients(request.to, customer, contacts)
    prepared = PreparedEmails(
        customer_id=customer.id, template=request.template or STATEMENT_EMAIL, recipients=recipients,
        bcc=_bcc(request.bcc), subject=single_line("subject", request.subject) or f"Statement from {account.name}",
        message=request.message or (f"Dear {customer.name}, we have attached your latest account statement. "
                                    "Thank you!"),
        # The link leads to the customer's billing page, which shows the statement and links its PDF.
        attachment_name=f"statement-{customer.number or customer.id}.pdf", link_token=customer.portal_token,
        details={"statement": {"type": type or "open_item", "start": start and start.isoformat(),
                               "end": end and end.isoformat(), "items": items}})
    job = documents.StatementToTypeset(statement, typesetting.document_language(customer.language, account.country),
                                       typesetting.paper_for(account.country))
    return prepared, job


def prepare_invoice(ctx: AccountContext, invoice_id: int, request: EmailRequest, kind: str = "invoice"
                    ) -> tuple[PreparedEmails, bytes | documents.InvoiceToTypeset]:
    """An issued invoice's (or credit note's) emails, and its archived PDF or what typesetting it
    needs (the caller archives it before queueing)."""
    label = "Credit note" if kind == CREDIT_NOTE else "Invoice"
    with ctx.unit_of_work(write=False) as uow:
        invoice = sendable_document(uow, invoice_id, kind)
        customer = uow.customers.get(invoice.customer_id)
        account = uow.account()
        contacts = _primary_contacts(uow, customer.id)
    recipients = _recipients(request.to, customer, contacts)
    prepared = PreparedEmails(
        customer_id=customer.id, invoice_id=invoice.id,
        template=request.template or (CREDIT_NOTE_EMAIL if kind == CREDIT_NOTE else INVOICE_EMAIL),
        recipients=recipients, bcc=_bcc(request.bcc),
        subject=single_line("subject", request.subject) or f"{label} {invoice.number} from {account.name}",
        message=request.message or f"Dear {customer.name}, please find attached {label.lower()} {invoice.number}. "
                                   "Thank you!",
        attachment_name=f"{label.lower().replace(' ', '-')}-{invoice.number}.pdf", link_token=invoice.pdf_token)
    return prepared, documents.invoice_document(ctx.database, invoice.pdf_token)


def queue(ctx: AccountContext, prepared: PreparedEmails, pdf: bytes, link: str | None = None,
          now: datetime | None = None) -> list[OutboxMessage]:
    """One message per recipient, and the invoice marked sent, in one transaction."""
    now = now or utc_now()
    details = {**prepared.details, **({"url": link} if link else {})}
    with ctx.unit_of_work() as uow:
        if uow.customers.get(prepared.customer_id) is None:
            raise NotFound("Customer", prepared.customer_id)  # deleted while its PDF was typeset
        if prepared.invoice_id is not None:
            invoice = uow.invoices.get(prepared.invoice_id, for_update=True)
            if invoice.kind != CREDIT_NOTE and not invoice.sent:
                invoice.sent, invoice.updated_at = True, now
                uow.invoices.save_state(invoice)
        messages = [uow.outbox.add(OutboxMessage.queued(
            account_id=ctx.tenant.account_id, livemode=ctx.tenant.livemode, channel=EMAIL,
            customer_id=prepared.customer_id, invoice_id=prepared.invoice_id, template=prepared.template,
            recipient=recipient, bcc=prepared.bcc, subject=prepared.subject, message=prepared.message,
            attachment=pdf, attachment_name=prepared.attachment_name, details=details, now=now))
            for recipient in prepared.recipients]
        uow.commit()
    return messages


def _primary_contacts(uow, customer_id: int) -> list:
    contacts, _ = uow.contacts.page(customer_id, ListQuery())
    return [contact for contact in contacts if contact.primary and contact.email]


def _recipients(to: Any, customer, contacts: list) -> list[dict[str, str | None]]:
    """`to` as given, or the customer's address and its primary contacts' (each once)."""
    if to in (None, "", [], {}):
        found = [{"name": customer.name, "email": customer.email}] if customer.email else []
        found += [{"name": contact.name, "email": contact.email} for contact in contacts]
        unique = {recipient["email"].lower(): recipient for recipient in reversed(found)}
        recipients = [recipient for recipient in found if unique[recipient["email"].lower()] is recipient]
        if not recipients:
            raise InvalidParam("to", "the customer has no email address nor primary contact with one: "
                                     "name the recipients")
        return recipients
    to = indexed_list(to)
    if not isinstance(to, list):
        raise InvalidParam("to", "must be an array of recipients like [{\"name\": …, \"email\": …}]")
    if len(to) > MAX_RECIPIENTS:
        raise InvalidParam("to", f"names more than {MAX_RECIPIENTS} recipients")
    recipients = []
    for index, entry in enumerate(to):
        if isinstance(entry, str):
            entry = {"email": entry}
        if not isinstance(entry, dict) or not entry.get("email"):
            raise InvalidParam(f"to[{index}][email]", "is required")
        if not isinstance(entry["email"], str):
            raise InvalidParam(f"to[{index}][email]", "must be a string")
        name = entry.get("name")
        recipients.append({"name": single_line(f"to[{index}][name]", str(name)) if name not in (None, "") else None,
                           "email": email_address(f"to[{index}][email]", entry["email"])})
    return recipients


def _bcc(bcc: Any) -> str | None:
    if bcc in (None, ""):
        return None
    if isinstance(bcc, list):
        bcc = ",".join(str(item) for item in bcc)
    if not isinstance(bcc, str):
        raise InvalidParam("bcc", "must be a comma-separated list of email addresses")
    addresses = [email_address("bcc", part) for part in bcc.split(",") if part.strip()]
    if len(addresses) > MAX_RECIPIENTS:
        raise InvalidParam("bcc", f"names more than {MAX_RECIPIENTS} addresses")
    return ",".join(addresses) or None
