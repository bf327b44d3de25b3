"""Octobat's one-call invoice request: a confirmed (or paid) invoice issued in one request, its
customer possibly created with it; and paying such an invoice in full later. The request goes
through the same issuing steps as an Invoiced draft being issued (`services/issuing.py`)."""

from dataclasses import replace
from decimal import Decimal

from billbook.domain import customers as customer_rules
from billbook.domain import dates
from billbook.domain.accounts import Account
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam, NotFound
from billbook.domain.identifiers import public_id
from billbook.domain.invoice_requests import InvoiceRequest, LineRequest, PaymentRequest
from billbook.domain.invoices import Invoice, InvoiceLine, IssuedInvoice
from billbook.domain.numbering import NumberingSequence
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.payments import INVOICE as PAYS_INVOICE
from billbook.domain.payments import Application, Payment
from billbook.domain.tax import engine
from billbook.domain.tax.evidence import Location, locate
from billbook.services import customers, issuing
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import add_customer
from billbook.services.invoices import InvoiceReference, document, shown_invoices
from billbook.services.vat_register import VatCheck
from billbook.store.unit_of_work import UnitOfWork


def vat_number_to_check(ctx: AccountContext, request: InvoiceRequest) -> str | None:
    """The VAT number the invoice would reverse-charge on, if any: what the VIES register is asked
    about before issuing (never during the issuing transaction)."""
    if request.customer_id is not None:
        try:
            customer = customers.retrieve(ctx, request.customer_id)
        except NotFound:
            return None  # issuing names the unknown customer
    else:
        changes = customer_rules.clean_changes(request.new_customer or {}, current_country=ctx.country)
        customer = customer_rules.new_customer(changes, number="", public_id="", portal_token="", now=utc_now())
    return engine.valid_vat_number(issuing.tax_party(customer)) if customer and customer.country else None


def issue(ctx: AccountContext, request: InvoiceRequest, vat_check: VatCheck | None = None) -> IssuedInvoice:
    """Issue an invoice. Everything is written in one transaction, its number included: when any
    part fails, nothing is kept and the number is not used. With `vat_check` (the VIES register's
    answer), a VAT number reverse-charges only if the register confirmed it."""
    now = utc_now()
    if request.payment:
        dates.plausible("payment[payment_date]", request.payment.payment_date, now.date())
    with ctx.unit_of_work() as uow:
        account = uow.account()
        customer = _customer_for(ctx, uow, request)
        sequence = _sequence(uow, request.sequence)
        modes = _payment_modes(uow, request.payable_by, "payable_by")
        paid_with = _paid_with(uow, request.payment) if request.payment else None
        if paid_with is not None:
            modes.setdefault(paid_with.id, paid_with)
        location = locate(customer.country, request.customer_ip_address,
                          request.payment.bank_country if request.payment else None)
        taxed_customer = issuing.tax_party(customer)
        if vat_check is not None and not (vat_check.confirmed and vat_check.number == engine.valid_vat_number(
                taxed_customer)):
            taxed_customer = replace(taxed_customer, vat_number=None)
        lines = [_taxed_line(line, account, taxed_customer, location, now) for line in request.lines]
        invoice = issuing.new_document(
            public_id=public_id("invoice", now), customer=customer, account=account, taxed_customer=taxed_customer,
            location=location, lines=lines, currency=request.currency, issue_date=now.date(), now=now,
            evidence={"customer_ip_address": request.customer_ip_address,
                      "vies": vat_check.status if vat_check else None},
            payable_by=_in_order(request.payable_by, modes))
        if request.state == "paid":
            invoice.amount_paid = invoice.gross
        # Numbered last: the sequence's counter stays locked until the transaction ends.
        issuing.issue(uow, invoice, sequence, now.date())
        issuing.store(uow, invoice, now)
        if paid_with is not None:
            invoice.payment = uow.payments.add(_payment(invoice, request.payment, paid_with, invoice.gross, now))
        uow.commit()
    return IssuedInvoice(invoice, customer, sequence.public_id, modes)


def pay(ctx: AccountContext, invoice_id: InvoiceReference, request: PaymentRequest) -> IssuedInvoice:
    """Record the payment of a confirmed invoice; paying it twice is refused."""
    now = utc_now()
    dates.plausible("payment_date", request.payment_date, now.date())
    with ctx.unit_of_work() as uow:
        invoice = document(uow, invoice_id, for_update=True)
        if invoice.paid:
            raise Conflict(f"Invoice {invoice.number} is already paid")
        if invoice.voided:
            raise Conflict(f"Invoice {invoice.number} is voided")
        payment = _payment(invoice, request, _paid_with(uow, request), invoice.balance, now)
        invoice.payment = uow.payments.add(payment)
        invoice.amount_paid, invoice.updated_at = invoice.amount_paid + payment.amount, now
        uow.invoices.save_state(invoice)
        shown = shown_invoices(uow, [invoice])[0]
        uow.commit()
    return shown


def _in_order(requested: list[str], modes: dict[int, PaymentMode]) -> list[int]:
    by_public_id = {mode.public_id: mode.id for mode in modes.values()}
    return [by_public_id[public] for public in dict.fromkeys(requested)]


def _customer_for(ctx: AccountContext, uow: UnitOfWork, request: InvoiceRequest) -> Customer:
    if request.customer_id is not None:
        # Kept from being deleted while its invoice is issued; other invoices of the customer are
        # issued meanwhile, and changes to its ledger (which lock it) wait.
        customer = uow.customers.get(request.customer_id, for_key_share=True)
        if customer is None:
            raise InvalidParam("customer_id", f"is not a customer of this account: {request.customer_id}")
    else:
        try:
            customer = add_customer(ctx, uow, request.new_customer)
        except InvalidParam as error:
            head, bracket, rest = error.param.partition("[")
            error.param = f"customer[{head}]{bracket}{rest}"
            raise
    if not customer.country:
        raise InvalidParam("customer_id", "has no billing country, which the VAT depends on")
    return customer


def _sequence(uow: UnitOfWork, reference: str | None) -> NumberingSequence:
    sequence = uow.numbering_sequences.get(reference) if reference else uow.numbering_sequences.default()
    if sequence is None:
        raise InvalidParam("sequence", f"is not a numbering sequence of this account: {reference}" if reference
                           else "is required: the account has no default numbering sequence")
    return sequence


def _payment_modes(uow: UnitOfWork, references: list[str], param: str) -> dict[int, PaymentMode]:
    found = uow.payment_modes.get_many(references)
    for index, reference in enumerate(references):
        if reference not in found:
            raise InvalidParam(f"{param}[{index}]", f"is not a payment mode of this account: {reference}")
    return {mode.id: mode for mode in found.values()}


def _paid_with(uow: UnitOfWork, request: PaymentRequest) -> PaymentMode:
    mode = uow.payment_modes.get(request.mode)
    if mode is None:
        raise InvalidParam("payment[mode]", f"is not a payment mode of this account: {request.mode}")
    return mode


# How an Octobat payment mode's payments are recorded among Invoiced's payment methods.
_METHOD_OF_MODE = {"transfer": "wire_transfer", "check": "check", "stripe": "credit_card"}


def _payment(invoice: Invoice, request: PaymentRequest, mode: PaymentMode, amount: int, now) -> Payment:
    """The payment settling an Octobat invoice: its whole balance, through one of its payment modes."""
    return Payment(public_id=public_id("payment", now), customer_id=invoice.customer_id, currency=invoice.currency,
                   amount=amount, date=request.payment_date, method=_METHOD_OF_MODE.get(mode.type, "other"),
                   payment_mode_id=mode.id, customer_bank_country=request.bank_country, created_at=now,
                   updated_at=now, applications=[Application(PAYS_INVOICE, amount, invoice.id)])


def _taxed_line(line: LineRequest, account: Account, customer: engine.Customer, location: Location,
                now) -> InvoiceLine:
    """An Octobat line: an amount with or without VAT, an e-service or not (the account's default),
    perhaps its own rate."""
    eservice = account.eservice_default if line.eservice is None else line.eservice
    taxed = issuing.tax(account, customer, location, line.amount, now.date(), eservice=eservice,
                        tax_included=line.tax_included, rate_override=line.vat_rate)
    return InvoiceLine(public_id=public_id("invoice_line", now), name=line.description,
                       amount=taxed.amounts.extratax, unit_cost=Decimal(taxed.amounts.extratax) / 100,
                       eservice=eservice, created_at=now, **issuing.taxed_fields(taxed))
