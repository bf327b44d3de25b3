"""Sending a customer's statement, or an invoice or credit note, by text message, through the
account's Twilio connection. As Invoiced does, texts go only to the customer's contacts marked
`sms_enabled` (all of them unless `to` names some); the message carries the document's link.

A request writes one outbox message per recipient, with the text as it will be sent, in one
transaction (an invoice is marked sent in it too); the delivery worker sends them."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.numbers import format_currency

from billbook.domain import statements as statement_rules
from billbook.domain.errors import InvalidParam, NotFound, RuleViolation
from billbook.domain.invoices import CREDIT_NOTE, INVOICE
from billbook.domain.listing import ListQuery
from billbook.domain.outbox import SMS, OutboxMessage
from billbook.domain.phones import e164
from billbook.domain.providers import TWILIO
from billbook.domain.values import indexed_list
from billbook.services import providers
from billbook.services.context import AccountContext, utc_now
from billbook.services.invoices import sendable_document

STATEMENT_TEXT = "{{company_name}}: You have a new statement {{url}}"
DOCUMENT_TEXT = "{{company_name}}: {{document}} {{invoice_number}} of {{total}} {{url}}"
STATEMENT_SMS, INVOICE_SMS, CREDIT_NOTE_SMS = "statement_sms", "invoice_sms", "credit_note_sms"
MAX_TEXT_LENGTH = 1600  # Twilio's limit for one message's body
_VARIABLE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@dataclass(frozen=True, slots=True)
class TextRequest:
    to: Any = None
    message: Any = None


def statement_texts(ctx: AccountContext, customer_id: int, request: TextRequest, link: str, *,
                    type: str | None = None, start: date | None = None, end: date | None = None,
                    items: str | None = None) -> list[OutboxMessage]:
    """The statement's link texted to the customer's SMS contacts. `link` is the statement's link
    (`{{url}}`), with the statement's parameters."""
    statement_rules.statement_request(type, start, end, items, utc_now().date())  # checked, named
    _check_connected(ctx)
    with ctx.unit_of_work() as uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("Customer", customer_id)
        account = uow.account()
        variables = {"company_name": account.name, "customer_name": customer.name or "",
                     "customer_number": customer.number, "url": link}
        messages = _queue(ctx, uow, customer, request, STATEMENT_TEXT, variables, STATEMENT_SMS, None)
        uow.commit()
    return messages


def document_texts(ctx: AccountContext, invoice_id: int, request: TextRequest, link: str,
                   kind: str = INVOICE) -> list[OutboxMessage]:
    """An issued invoice's (or credit note's) link texted to its customer's SMS contacts."""
    label = "Credit note" if kind == CREDIT_NOTE else "Invoice"
    with ctx.unit_of_work() as uow:
        invoice = sendable_document(uow, invoice_id, kind, for_update=True)
        _check_connected(ctx)
        customer = uow.customers.get(invoice.customer_id)
        account = uow.account()
        variables = {"company_name": account.name, "customer_name": customer.name or "",
                     "customer_number": customer.number, "url": link, "document": label,
                     "invoice_number": invoice.number, "total": _money(invoice.gross, invoice.currency),
                     "balance": _money(invoice.balance, invoice.currency),
                     "due_date": invoice.due_date.isoformat() if invoice.due_date else ""}
        template = CREDIT_NOTE_SMS if kind == CREDIT_NOTE else INVOICE_SMS
        messages = _queue(ctx, uow, customer, request, DOCUMENT_TEXT, variables, template, invoice.id)
        if kind == INVOICE and not invoice.sent:
            invoice.sent, invoice.updated_at = True, utc_now()
            uow.invoices.save_state(invoice)
        uow.commit()
    return messages


def _check_connected(ctx: AccountContext) -> None:
    if not providers.is_connected(ctx.database, ctx.tenant.account_id, TWILIO):
        raise RuleViolation("Twilio must be connected to send text messages: "
                            "billbook accounts connect twilio --account ID …")


def _queue(ctx: AccountContext, uow, customer, request: TextRequest, default_text: str, variables: dict,
           template: str, invoice_id: int | None) -> list[OutboxMessage]:
    body = _text(request.message, default_text, variables)
    recipients = _recipients(request.to, _sms_contacts(uow, customer), customer.country)
    now = utc_now()
    return [uow.outbox.add(OutboxMessage.queued(
        account_id=ctx.tenant.account_id, livemode=ctx.tenant.livemode, channel=SMS, customer_id=customer.id,
        invoice_id=invoice_id, template=template, recipient=recipient, message=body, now=now,
        details={"url": variables["url"]}))
        for recipient in recipients]


def _sms_contacts(uow, customer) -> dict[str, str | None]:
    """The customer's SMS contacts: E.164 number → name (numbers that cannot be read are skipped)."""
    contacts, _ = uow.contacts.page(customer.id, ListQuery())
    found: dict[str, str | None] = {}
    for contact in contacts:
        if contact.sms_enabled and contact.phone:
            try:
                found.setdefault(e164(contact.phone, customer.country), contact.name)
            except InvalidParam:
                continue
    return found


def _recipients(to: Any, contacts: dict[str, str | None], country: str | None) -> list[dict[str, str | None]]:
    if to in (None, "", [], {}):
        if not contacts:
            raise InvalidParam("to", "the customer has no contact marked sms_enabled with a phone number")
        return [{"phone": phone, "name": name} for phone, name in contacts.items()]
    to = indexed_list(to)
    if not isinstance(to, list):
        raise InvalidParam("to", "must be an array of recipients like [{\"phone\": …, \"name\": …}]")
    recipients, seen = [], set()
    for index, entry in enumerate(to):
        param = f"to[{index}][phone]"
        if isinstance(entry, str):
            entry = {"phone": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("phone"), (str, int)) or \
                isinstance(entry.get("phone"), bool):
            raise InvalidParam(param, "is required")
        phone = e164(str(entry["phone"]), country, param=param)
        if phone not in contacts:
            raise InvalidParam(param, "is not the number of one of the customer's contacts marked sms_enabled")
        if phone not in seen:
            seen.add(phone)
            name = entry.get("name")
            recipients.append({"phone": phone, "name": str(name) if name not in (None, "") else contacts[phone]})
    return recipients


def _text(message: Any, default: str, variables: dict[str, Any]) -> str:
    if message is not None and not isinstance(message, str):
        raise InvalidParam("message", "must be a string")
    text = _VARIABLE.sub(lambda match: str(variables.get(match.group(1), match.group(0))), message or default)
    if not text.strip():
        raise InvalidParam("message", "cannot be blank")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidParam("message", f"makes a text of more than {MAX_TEXT_LENGTH} characters")
    return text


def _money(cents: int, currency: str) -> str:
    return format_currency(cents / 100, currency.upper(), locale="en_US")
