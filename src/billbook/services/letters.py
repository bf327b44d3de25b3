"""Sending a customer's statement, or an invoice or credit note, by mail through the account's Lob
connection, to the customer's billing address. The letter is typeset on US Letter paper, the only
size Lob prints, whatever the account's own paper (an archived A4 invoice is the same document).

As for emails, preparing (checking, reading the ledger) and queueing are two steps with the
typesetting between them, off the event loop; the request never calls Lob itself."""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pypdf import PdfReader

from billbook import documents as typesetting
from billbook.domain.errors import InvalidParam, NotFound, RuleViolation
from billbook.domain.invoices import CREDIT_NOTE, INVOICE
from billbook.domain.outbox import LETTER, OutboxMessage
from billbook.domain.providers import LOB
from billbook.services import documents, providers, statements
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import sendable_document

STATEMENT_LETTER, INVOICE_LETTER, CREDIT_NOTE_LETTER = "statement_letter", "invoice_letter", "credit_note_letter"
LETTER_PAPER = "us-letter"
# What the answer promises before Lob has said: First-Class mail within the US, longer abroad.
DOMESTIC_DELIVERY, INTERNATIONAL_DELIVERY = timedelta(days=7), timedelta(days=14)


@dataclass(frozen=True, slots=True)
class PreparedLetter:
    customer_id: int
    template: str
    recipient: dict[str, str | None]  # the address in Lob's field names
    attachment_name: str
    invoice_id: int | None = None


def prepare_statement(ctx: AccountContext, customer_id: int, *, type: str | None = None, start: date | None = None,
                      end: date | None = None, items: str | None = None
                      ) -> tuple[PreparedLetter, documents.StatementToTypeset]:
    """The statement's letter and the statement to typeset; a bad request writes nothing."""
    statement = statements.statement(ctx, customer_id, type=type or "open_item", start=start, end=end, items=items)
    _check_connected(ctx)
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        account = uow.account()
    prepared = PreparedLetter(customer.id, STATEMENT_LETTER, mailing_address(customer),
                              f"statement-{customer.number or customer.id}.pdf")
    job = documents.StatementToTypeset(statement, typesetting.document_language(customer.language, account.country),
                                       LETTER_PAPER)
    return prepared, job


def prepare_document(ctx: AccountContext, invoice_id: int, kind: str = INVOICE
                     ) -> tuple[PreparedLetter, documents.InvoiceToTypeset]:
    """An issued invoice's (or credit note's) letter and the document to typeset on Letter paper."""
    label = "Credit note" if kind == CREDIT_NOTE else "Invoice"
    with ctx.unit_of_work(write=False) as uow:
        invoice = sendable_document(uow, invoice_id, kind)
        customer = uow.customers.get(invoice.customer_id)
    _check_connected(ctx)
    template = CREDIT_NOTE_LETTER if kind == CREDIT_NOTE else INVOICE_LETTER
    prepared = PreparedLetter(customer.id, template, mailing_address(customer),
                              f"{label.lower().replace(' ', '-')}-{invoice.number}.pdf", invoice.id)
    return prepared, documents.document_to_typeset(ctx, invoice.id, LETTER_PAPER)


def queue(ctx: AccountContext, prepared: PreparedLetter, pdf: bytes, now: datetime | None = None) -> OutboxMessage:
    """The letter, with its PDF, queued (and an invoice marked sent) in one transaction."""
    now = now or utc_now()
    abroad = prepared.recipient.get("address_country") != "US"
    details = {"num_pages": len(PdfReader(io.BytesIO(pdf)).pages),
               "expected_delivery_date": (now + (INTERNATIONAL_DELIVERY if abroad else DOMESTIC_DELIVERY)
                                          ).date().isoformat()}
    with ctx.unit_of_work() as uow:
        if uow.customers.get(prepared.customer_id) is None:
            raise NotFound("Customer", prepared.customer_id)  # deleted while its letter was typeset
        if prepared.invoice_id is not None:
            invoice = uow.invoices.get(prepared.invoice_id, for_update=True)
            if invoice.kind == INVOICE and not invoice.sent:
                invoice.sent, invoice.updated_at = True, now
                uow.invoices.save_state(invoice)
        message = uow.outbox.add(OutboxMessage.queued(
            account_id=ctx.tenant.account_id, livemode=ctx.tenant.livemode, channel=LETTER,
            customer_id=prepared.customer_id, invoice_id=prepared.invoice_id, template=prepared.template,
            recipient=prepared.recipient, attachment=pdf, attachment_name=prepared.attachment_name,
            details=details, now=now))
        uow.commit()
    return message


def mailing_address(customer) -> dict[str, str | None]:
    """The customer's billing address in Lob's terms; a letter needs a street, a city, a postal
    code (a state in the US) and a country, each named when missing."""
    required = {"address1": customer.address1, "city": customer.city, "postal_code": customer.postal_code,
                "country": customer.country}
    if customer.country in ("US", "CA"):
        required["state"] = customer.state
    for name, value in required.items():
        if not value:
            raise InvalidParam(name, "is missing from the customer's billing address, which the letter is mailed to")
    return {"name": (customer.attention_to or customer.name or "")[:40] or None,
            "address_line1": customer.address1, "address_line2": customer.address2,
            "address_city": customer.city, "address_state": customer.state, "address_zip": customer.postal_code,
            "address_country": customer.country}


def address_lines(recipient: dict[str, str | None]) -> list[str]:
    """The address as printed on the envelope, line by line, in its country's order."""
    city, state, postal = (recipient.get(name) for name in ("address_city", "address_state", "address_zip"))
    country = recipient.get("address_country")
    if country in ("US", "CA"):
        locality = f"{city}, {state} {postal}"
    else:
        locality = " ".join(part for part in (postal, city) if part)
    lines = [recipient.get("name"), recipient.get("address_line1"), recipient.get("address_line2"), locality]
    if country not in (None, "US"):
        lines.append(country)
    return [line for line in lines if line]


def _check_connected(ctx: AccountContext) -> None:
    if not providers.is_connected(ctx.database, ctx.tenant.account_id, LOB):
        raise RuleViolation("Lob must be connected to send letters: billbook accounts connect lob --account ID …")
