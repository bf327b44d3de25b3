"""Issuing invoices: VAT computed per line, a legal number drawn in the same transaction."""

from dataclasses import replace
from decimal import Decimal

from billbook.domain import customers as customer_rules
from billbook.domain import dates
from billbook.domain import invoices as rules
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam, NotFound
from billbook.domain.identifiers import public_id
from billbook.domain.invoice_requests import InvoiceRequest, LineRequest, PaymentRequest
from billbook.domain.invoices import INVOICE, Invoice, InvoiceLine, IssuedInvoice
from billbook.domain.listing import Cursor, ListQuery, Slice
from billbook.domain.numbering import NumberingSequence
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.payments import INVOICE as PAYS_INVOICE
from billbook.domain.payments import Application, Payment
from billbook.domain.tax import engine
from billbook.domain.tax.evidence import locate
from billbook.domain.tax.place_of_supply import Party, SupplyKind
from billbook.domain.tax.rates import UnknownRate, shipped_rates
from billbook.services import customers, issuing
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import add_customer
from billbook.services.vat_register import VatCheck
from billbook.store.unit_of_work import UnitOfWork

InvoiceReference = int | str


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
    return engine.valid_vat_number(tax_party(customer)) if customer and customer.country else None


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
        taxed_customer = tax_party(customer)
        if vat_check is not None and not (vat_check.confirmed and vat_check.number == engine.valid_vat_number(
                taxed_customer)):
            taxed_customer = replace(taxed_customer, vat_number=None)
        supplier = Party(account.country, account.zip, account.vat_number)
        lines = [_taxed_line(line, supplier, taxed_customer, location, account, now) for line in request.lines]
        vat_number = engine.valid_vat_number(taxed_customer)
        invoice = Invoice(
            public_id=public_id("invoice", now), customer_id=customer.id, sequence_id=None, number=None,
            currency=request.currency, issue_date=now.date(),
            business_type=engine.business_type(taxed_customer),
            customer=rules.customer_snapshot(customer), supplier=rules.supplier_snapshot(account),
            evidence={"customer_ip_address": request.customer_ip_address, "pieces": location.evidence,
                      "country": location.country, "conflict": location.conflict, "vat_number": vat_number,
                      "vies": vat_check.status if vat_check else None},
            payable_by=_in_order(request.payable_by, modes),
            subtotal=sum(line.amount for line in lines), discounts=0,
            extratax=sum(line.extratax for line in lines), tax=sum(line.tax for line in lines),
            gross=sum(line.gross for line in lines), created_at=now, updated_at=now, lines=lines)
        if request.state == "paid":
            invoice.amount_paid = invoice.gross
        # Numbered last: the sequence's counter stays locked until the transaction ends.
        issuing.issue(uow, invoice, sequence, now.date())
        if not uow.invoices.add(invoice):
            raise Conflict(f"An invoice numbered {invoice.number} was issued at the same moment; retry")
        if paid_with is not None:
            invoice.payment = uow.payments.add(_payment(invoice, request.payment, paid_with, invoice.gross, now))
        uow.commit()
    return IssuedInvoice(invoice, customer, sequence.public_id, modes)


def retrieve(ctx: AccountContext, invoice_id: InvoiceReference, drafts: bool = False,
             kind: str = INVOICE) -> IssuedInvoice:
    """An invoice (or credit note, by `kind`); drafts only when asked for (Octobat knows none)."""
    with ctx.unit_of_work(write=False) as uow:
        invoice = _get(uow, invoice_id)
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


def pay(ctx: AccountContext, invoice_id: InvoiceReference, request: PaymentRequest) -> IssuedInvoice:
    """Record the payment of a confirmed invoice; paying it twice is refused."""
    now = utc_now()
    dates.plausible("payment_date", request.payment_date, now.date())
    with ctx.unit_of_work() as uow:
        invoice = _get(uow, invoice_id, for_update=True)
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


def tax_party(customer: Customer, default_country: str | None = None) -> engine.Customer:
    """The customer as the tax engine sees them."""
    return engine.Customer(customer.country or default_country, customer.postal_code, customer.business_type,
                           customer.tax_id)


def _get(uow: UnitOfWork, invoice_id: InvoiceReference, for_update: bool = False) -> Invoice:
    invoice = locked_document(uow, invoice_id) if for_update else uow.invoices.get(invoice_id)
    if invoice is None:
        raise NotFound("Invoice", invoice_id)
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


def _customer_for(ctx: AccountContext, uow: UnitOfWork, request: InvoiceRequest) -> Customer:
    if request.customer_id is not None:
        customer = uow.customers.get(request.customer_id, for_update=True)
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


def _taxed_line(line: LineRequest, supplier: Party, customer: engine.Customer, location, account,
                now) -> InvoiceLine:
    eservice = account.eservice_default if line.eservice is None else line.eservice
    try:
        taxed = engine.tax_line(
            supplier=supplier, customer=customer, location=location,
            supply=SupplyKind.ESERVICE if eservice else SupplyKind.SERVICES, on=now.date(), rates=shipped_rates(),
            threshold_exceeded=account.oss_threshold_exceeded, amount=line.amount, tax_included=line.tax_included,
            rate_override=line.vat_rate)
    except UnknownRate as error:
        raise InvalidParam("items", f"cannot be taxed: {error}") from None
    decision = taxed.decision
    return InvoiceLine(
        public_id=public_id("invoice_line", now), name=line.description, amount=taxed.amounts.extratax,
        unit_cost=Decimal(taxed.amounts.extratax) / 100, extratax=taxed.amounts.extratax,
        tax=taxed.amounts.tax, gross=taxed.amounts.gross, vat_rate=decision.rate, eservice=eservice,
        tax_category=decision.category.value, declare_in=decision.declare_in, mention=decision.mention,
        rule=decision.rule, rate_overridden=taxed.rate_overridden, created_at=now)
