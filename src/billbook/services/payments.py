"""Recording payments, applying them, voiding them; adjusting customers' credit balances."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import credits, dates, values
from billbook.domain import metadata as metadata_rules
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam, NotFound, RuleViolation
from billbook.domain.identifiers import public_id
from billbook.domain.invoice_drafts import cents, clean_currency
from billbook.domain.invoices import CREDIT_NOTE as CREDIT_NOTE_DOCUMENT
from billbook.domain.invoices import INVOICE as INVOICE_DOCUMENT
from billbook.domain.invoices import Invoice, IssuedInvoice
from billbook.domain.listing import ListQuery
from billbook.domain.payments import (
    APPLICATION_TYPES,
    APPLIED_CREDIT,
    CREDIT,
    CREDIT_NOTE,
    INVOICE,
    Payment,
    RequestedApplication,
    clean_method,
    plan_applications,
)
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import ledger_customer
from billbook.services.invoices import InvoiceReference, document
from billbook.store.unit_of_work import UnitOfWork

PaymentReference = int | str


def record(ctx: AccountContext, changes: Mapping[str, Any]) -> Payment:
    """A payment received, applied as asked: it pays invoices (beyond what they owe, it becomes the
    customer's credit), adds to the credit balance, or spends that credit on invoices."""
    for name in changes:
        if name not in ("customer", "currency", "amount", "date", "method", "reference", "notes", "metadata",
                        "applied_to"):
            raise InvalidParam(name, "is not a payment field")
    now = utc_now()
    with ctx.unit_of_work() as uow:
        customer = ledger_customer(uow, changes.get("customer"), for_update=True)
        currency = clean_currency("currency", changes.get("currency") or customer.currency or "EUR")
        if changes.get("amount") in (None, ""):
            raise InvalidParam("amount", "is required")
        amount = cents("amount", changes["amount"])
        requested = _requested(changes.get("applied_to"))
        invoices: dict[int, Invoice] = {}
        notes: dict[int, Invoice] = {}
        for index, wanted in enumerate(requested):
            for reference, kind, found, label in ((wanted.invoice_id, INVOICE_DOCUMENT, invoices, "invoice"),
                                                  (wanted.credit_note_id, CREDIT_NOTE_DOCUMENT, notes, "credit_note")):
                if reference is not None and reference not in found:
                    found[reference] = _document(uow, reference, kind, customer, currency,
                                                 f"applied_to[{index}][{label}]")
        available = uow.credits.current(customer.id, currency)
        applications = plan_applications(amount, requested, {i: inv.balance for i, inv in invoices.items()},
                                         available, {i: note.balance for i, note in notes.items()})
        payment = Payment(
            public_id=public_id("payment", now), customer_id=customer.id, currency=currency, amount=amount,
            date=dates.plausible("date", changes.get("date"), now.date()) or now.date(),
            method=clean_method("method", changes.get("method")),
            reference=values.optional_text("reference", changes.get("reference"), 255),
            notes=values.optional_text("notes", changes.get("notes"), 10_000),
            metadata=metadata_rules.validate("metadata", changes.get("metadata")), created_at=now, updated_at=now,
            applications=applications)
        uow.payments.add(payment)
        for application in applications:
            if application.kind in (INVOICE, APPLIED_CREDIT):
                invoice = invoices[application.invoice_id]
                invoice.amount_paid += application.amount
                invoice.updated_at = now
            if application.kind == CREDIT_NOTE:
                for credited in (invoices[application.invoice_id], notes[application.credit_note_id]):
                    credited.amount_credited += application.amount
                    credited.updated_at = now
            if application.kind in (CREDIT, APPLIED_CREDIT):
                delta = application.amount if application.kind == CREDIT else -application.amount
                kind = credits.PAYMENT if application.kind == CREDIT else credits.SPENT
                uow.credits.add(credits.entry(customer.id, currency, delta, uow.credits.current(customer.id, currency),
                                              kind, payment.date, now, payment_id=payment.id))
        for document in (*invoices.values(), *notes.values()):
            uow.invoices.save_state(document)
        uow.commit()
    return payment


def retrieve(ctx: AccountContext, payment_id: PaymentReference) -> Payment:
    with ctx.unit_of_work(write=False) as uow:
        return _get(uow, payment_id)


def list_payments(ctx: AccountContext, query: ListQuery) -> tuple[list[Payment], int]:
    with ctx.unit_of_work(write=False) as uow:
        return uow.payments.page(query)


def update(ctx: AccountContext, payment_id: PaymentReference, changes: Mapping[str, Any]) -> Payment:
    """Only what describes a payment may change; what it paid changes by voiding it."""
    with ctx.unit_of_work() as uow:
        payment = _get(uow, payment_id, for_update=True)
        for name, value in changes.items():
            if name in ("reference", "notes"):
                setattr(payment, name, values.optional_text(name, value, 255 if name == "reference" else 10_000))
            elif name == "metadata":
                payment.metadata = metadata_rules.validate(name, value)
            else:
                raise RuleViolation(f"A payment's {name} cannot change: void the payment and record it again",
                                    param=name)
        payment.updated_at = utc_now()
        uow.payments.save_state(payment)
        uow.commit()
    return payment


def void(ctx: AccountContext, payment_id: PaymentReference) -> Payment:
    """The payment is voided and what it paid is open again; credit it gave must not be spent yet."""
    now = utc_now()
    with ctx.unit_of_work() as uow:
        # The customer is locked first, as by every change to a customer's ledger.
        uow.customers.get(_get(uow, payment_id).customer_id, for_update=True)
        payment = _get(uow, payment_id, for_update=True)
        if payment.voided:
            raise Conflict("The payment is already voided")
        for application in payment.applications:
            if application.kind in (INVOICE, APPLIED_CREDIT):
                invoice = uow.invoices.get(application.invoice_id, for_update=True)
                invoice.amount_paid -= application.amount
                invoice.updated_at = now
                uow.invoices.save_state(invoice)
            if application.kind == CREDIT_NOTE:
                for reference in (application.invoice_id, application.credit_note_id):
                    credited = uow.invoices.get(reference, for_update=True)
                    credited.amount_credited -= application.amount
                    credited.updated_at = now
                    uow.invoices.save_state(credited)
            if application.kind in (CREDIT, APPLIED_CREDIT):
                delta = -application.amount if application.kind == CREDIT else application.amount
                current = uow.credits.current(payment.customer_id, payment.currency)
                uow.credits.add(credits.entry(payment.customer_id, payment.currency, delta, current,
                                              credits.PAYMENT_VOIDED, now.date(), now, param="payment",
                                              payment_id=payment.id))
        payment.voided, payment.updated_at = True, now
        uow.payments.save_state(payment)
        uow.commit()
    return payment


def collect(ctx: AccountContext, invoice_id: InvoiceReference) -> IssuedInvoice:
    """Charge the customer's payment source for what the invoice owes. No payment gateway is
    connected, so nothing can be charged: recording a payment that did not happen would falsify the
    ledger, and payments received are recorded with the payments' own use case instead."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = document(uow, invoice_id, INVOICE_DOCUMENT)
    if invoice.draft or invoice.voided or invoice.paid:
        raise RuleViolation(f"Invoice {invoice.number or invoice.id} owes nothing to collect")
    raise RuleViolation("No payment gateway is connected to charge the customer's payment source: "
                        "record the payment received with POST /payments")


def adjust_credit(ctx: AccountContext, changes: Mapping[str, Any]) -> credits.CreditEntry:
    """Move a customer's available credit directly (never below zero)."""
    for name in changes:
        if name not in ("customer", "currency", "amount", "date", "notes"):
            raise InvalidParam(name, "is not a credit balance adjustment field")
    now = utc_now()
    with ctx.unit_of_work() as uow:
        customer = ledger_customer(uow, changes.get("customer"), for_update=True)
        currency = clean_currency("currency", changes.get("currency") or customer.currency or "EUR")
        raw = changes.get("amount")
        if raw in (None, ""):
            raise InvalidParam("amount", "is required")
        text = str(raw).strip()
        negative = text.startswith("-")
        amount = cents("amount", text.lstrip("-")) * (-1 if negative else 1)
        if amount == 0:
            raise InvalidParam("amount", "cannot be zero")
        on = dates.plausible("date", changes.get("date"), now.date()) or now.date()
        entry = credits.entry(customer.id, currency, amount, uow.credits.current(customer.id, currency),
                              credits.ADJUSTMENT, on, now,
                              notes=values.optional_text("notes", changes.get("notes"), 10_000))
        uow.credits.add(entry)
        uow.commit()
    return entry


def _get(uow: UnitOfWork, payment_id: PaymentReference, for_update: bool = False) -> Payment:
    payment = uow.payments.get(payment_id, for_update)
    if payment is None:
        raise NotFound("Payment", payment_id)
    return payment


def _requested(raw: Any) -> list[RequestedApplication]:
    if raw in (None, "", []):
        return []
    if not isinstance(raw, list):
        raise InvalidParam("applied_to", "must be a list of applications")
    requested = []
    for index, item in enumerate(raw):
        where = f"applied_to[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidParam(where, "must be an object with a type and an amount")
        for name in item:
            if name not in ("type", "amount", "invoice", "credit_note"):
                raise InvalidParam(f"{where}[{name}]", "is not a known parameter")
        kind = item.get("type") or INVOICE
        if kind not in APPLICATION_TYPES:
            raise InvalidParam(f"{where}[type]", f"must be one of: {', '.join(APPLICATION_TYPES)}")
        if item.get("amount") in (None, ""):
            raise InvalidParam(f"{where}[amount]", "is required")
        amount = cents(f"{where}[amount]", item["amount"])
        if amount == 0:
            raise InvalidParam(f"{where}[amount]", "must be more than zero")
        if kind == CREDIT and item.get("invoice") not in (None, ""):
            raise InvalidParam(f"{where}[invoice]", "is not given for credit")
        if kind != CREDIT_NOTE and item.get("credit_note") not in (None, ""):
            raise InvalidParam(f"{where}[credit_note]", "is only given with type credit_note")
        requested.append(RequestedApplication(kind, amount, _id(f"{where}[invoice]", item.get("invoice")),
                                              _id(f"{where}[credit_note]", item.get("credit_note"))))
    return requested


def _id(param: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not str(value).isdigit() or len(str(value)) > 18:
        raise InvalidParam(param, "must be an id")
    return int(value)


def _document(uow: UnitOfWork, reference: int, kind: str, customer: Customer, currency: str,
              param: str) -> Invoice:
    """An issued, unvoided invoice or credit note of the customer, in the payment's currency, locked."""
    label = "an invoice" if kind == INVOICE_DOCUMENT else "a credit note"
    document = uow.invoices.get(reference, for_update=True)
    if document is None or document.kind != kind or document.customer_id != customer.id:
        raise InvalidParam(param, f"is not {label} of this customer: {reference}")
    if document.draft or document.voided:
        raise InvalidParam(param, "is a draft or voided")
    if document.currency != currency:
        raise InvalidParam(param, f"is in {document.currency}, not {currency}")
    return document
