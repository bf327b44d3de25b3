"""Issuing: the one way an invoice or credit note becomes a legal document, whichever dialect
asked. Each dialect reads its request its own way, then goes through the same steps: each line
taxed (`tax`), the document built with the snapshots and evidence the law asks it to keep
(`new_document`), numbered and dated (`issue`), and stored, frozen once issued (`store`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from billbook.domain import invoices as rules
from billbook.domain.accounts import Account
from billbook.domain.customers import Customer
from billbook.domain.errors import Conflict, InvalidParam
from billbook.domain.identifiers import link_token
from billbook.domain.invoices import (
    CREDIT_NOTE,
    CREDIT_NOTE_COUNTER,
    CREDIT_NOTE_SERIES,
    Invoice,
    InvoiceLine,
    credit_note_number,
)
from billbook.domain.numbering import NumberingSequence
from billbook.domain.tax import engine
from billbook.domain.tax.euro_rates import EURO, shipped_euro_rates
from billbook.domain.tax.evidence import Location
from billbook.domain.tax.place_of_supply import Party, SupplyKind
from billbook.domain.tax.rates import UnknownRate, shipped_rates
from billbook.store.unit_of_work import UnitOfWork


def tax_party(customer: Customer, default_country: str | None = None) -> engine.Customer:
    """The customer as the tax engine sees them."""
    return engine.Customer(customer.country or default_country, customer.postal_code, customer.business_type,
                           customer.tax_id)


def tax(account: Account, customer: engine.Customer, location: Location, amount: int, on: date, *,
        eservice: bool, tax_included: bool = False, rate_override: Decimal | None = None) -> engine.TaxedLine:
    """One line's VAT, at the rate in force on the invoice's date."""
    try:
        return engine.tax_line(
            supplier=Party(account.country, account.zip, account.vat_number), customer=customer, location=location,
            supply=SupplyKind.ESERVICE if eservice else SupplyKind.SERVICES, on=on, rates=shipped_rates(),
            threshold_exceeded=account.oss_threshold_exceeded, amount=amount, tax_included=tax_included,
            rate_override=rate_override)
    except UnknownRate as error:
        raise InvalidParam("items", f"cannot be taxed: {error}") from None


def taxed_fields(taxed: engine.TaxedLine) -> dict[str, Any]:
    """What a line keeps of its VAT decision: figures, rate, category, where it is declared, the
    mention the invoice must print and the rule that decided."""
    decision = taxed.decision
    return {"extratax": taxed.amounts.extratax, "tax": taxed.amounts.tax, "gross": taxed.amounts.gross,
            "vat_rate": decision.rate, "tax_category": decision.category.value, "declare_in": decision.declare_in,
            "mention": decision.mention, "rule": decision.rule, "rate_overridden": taxed.rate_overridden}


def new_document(*, public_id: str, customer: Customer, account: Account, taxed_customer: engine.Customer,
                 location: Location, lines: list[InvoiceLine], currency: str, issue_date: date, now: datetime,
                 evidence: dict[str, Any] | None = None, pdf_token: str | None = None, **fields: Any) -> Invoice:
    """An invoice (unnumbered) of these lines, with the snapshots of its customer and supplier
    taken now, the evidence its VAT rests on, its totals, and the token of its PDF's link."""
    return Invoice(pdf_token=pdf_token or link_token(),
        public_id=public_id, customer_id=customer.id, sequence_id=None, number=None, currency=currency,
        issue_date=issue_date, business_type=engine.business_type(taxed_customer),
        customer=rules.customer_snapshot(customer), supplier=rules.supplier_snapshot(account),
        evidence={"pieces": location.evidence, "country": location.country, "conflict": location.conflict,
                  "vat_number": engine.valid_vat_number(taxed_customer), **(evidence or {})},
        subtotal=sum(line.amount for line in lines), discounts=sum(line.discount for line in lines),
        extratax=sum(line.extratax for line in lines), tax=sum(line.tax for line in lines),
        gross=sum(line.gross for line in lines), lines=lines, created_at=now, updated_at=now, **fields)

# A sequence holding an invoice dated later than this would refuse every invoice until then.
LATEST_ISSUE_AHEAD_DAYS = 1  # the seller's day may already be tomorrow in UTC


def issue(uow: UnitOfWork, invoice: Invoice, sequence: NumberingSequence | None, today: date) -> None:
    """Number and date the invoice being issued. It has at least one line. A sequence keeping
    chronological order takes no invoice dated before its latest one, nor after today. The number
    is drawn from the sequence, whose counter stays locked until the transaction ends, or is one
    given by hand that no sequence of the account could give. Credit notes are numbered in their
    own series."""
    if not invoice.lines:
        raise InvalidParam("items", "is required: an issued invoice has at least one line")
    keep_euro_rate(invoice)
    if invoice.kind == CREDIT_NOTE:
        check_hand_number(uow, invoice)
        invoice.number = invoice.number or next_credit_note_number(uow, invoice.issue_date, invoice.id)
        return
    if sequence is None:
        raise InvalidParam("number", "is required: the account has no default numbering sequence")
    if sequence.chronological:
        # Locked first, so that two invoices issued at once are dated in the order they are numbered.
        uow.numbering_sequences.get(sequence.id, for_update=True)
        _check_order(uow, invoice, sequence, today)
    if invoice.number is not None:
        given = invoice.number
        if check_hand_number(uow, invoice, sequence) is None:
            return  # a number of no series: the invoice stays outside the sequence
        # The very number the sequence gives next, typed by hand: drawn, so the series runs on.
        invoice.number = next_number(uow, sequence, invoice.issue_date, invoice.id)
        if invoice.number != given:
            raise InvalidParam("number", f"belongs to the series of numbering sequence {sequence.public_id}, "
                                         f"whose next number is {invoice.number}: leave it out to be numbered")
    else:
        invoice.number = next_number(uow, sequence, invoice.issue_date, invoice.id)
    invoice.sequence_id = sequence.id


def keep_euro_rate(invoice: Invoice) -> None:
    """An invoice in another currency keeps the euro rate of its date with its evidence, so that
    its VAT in euros reads the same ever after."""
    if invoice.currency == EURO:
        return
    found = shipped_euro_rates().rate(invoice.currency, invoice.issue_date)
    if found is not None:
        invoice.evidence = {**invoice.evidence, "euro_rate": found.as_evidence()}


def store(uow: UnitOfWork, invoice: Invoice, now: datetime, replacing_draft: bool = False,
          credit_invoice: bool = True) -> None:
    """Write the document (a draft rewritten whole); once issued the database keeps it as it is.
    An issued credit note naming an invoice credits it first, up to what it owes; the rest of the
    note stays open (unless `credit_invoice` is off: the caller credits it)."""
    stored = uow.invoices.replace_draft(invoice) if replacing_draft else uow.invoices.add(invoice)
    if not stored:
        raise Conflict(f"An invoice numbered {invoice.number} already exists", param="number")
    if not credit_invoice or invoice.draft or invoice.kind != CREDIT_NOTE or invoice.credited_invoice_id is None:
        return
    credited = uow.invoices.get(invoice.credited_invoice_id, for_update=True)
    applied = min(invoice.gross, max(credited.balance, 0))
    if applied:
        credited.amount_credited += applied
        credited.updated_at = now
        uow.invoices.save_state(credited)
        invoice.amount_credited = applied
        uow.invoices.save_state(invoice)


def check_hand_number(uow: UnitOfWork, invoice: Invoice,
                      issuing_from: NumberingSequence | None = None) -> NumberingSequence | None:
    """A number given by hand must be free, and must not have the form of a sequence's numbers:
    those are given in order, by the sequence, when invoices are issued (a draft holding one would
    take it out of the series). Only the sequence being issued from is allowed, returned for its
    caller to check the number is the very next one."""
    if invoice.number is None:
        return None
    if uow.invoices.number_taken(invoice.number, invoice.id):
        raise Conflict(f"An invoice numbered {invoice.number} already exists", param="number")
    for sequence in uow.numbering_sequences.all():
        if sequence.could_give(invoice.number):
            if issuing_from is not None and sequence.id == issuing_from.id:
                return sequence
            raise InvalidParam("number", f"has the form of numbering sequence {sequence.public_id}'s numbers, "
                                         "which it gives in order when invoices are issued: leave it out")
    if CREDIT_NOTE_SERIES.could_give(invoice.number):
        raise InvalidParam("number", "has the form of the credit notes' numbers, which are given in order when "
                                     "credit notes are issued: leave it out")
    return None


def next_credit_note_number(uow: UnitOfWork, on: date, note_id: int | None = None) -> str:
    """The credit notes' next number; one taken by hand before such numbers were refused is skipped."""
    while True:
        number = credit_note_number(uow.counters.next(CREDIT_NOTE_COUNTER), on)
        if not uow.invoices.number_taken(number, note_id):
            return number


def next_number(uow: UnitOfWork, sequence: NumberingSequence, on: date, invoice_id: int | None = None) -> str:
    """The sequence's next number, its counter locked until the transaction ends. A number taken
    by hand before hand numbers were kept out of the series is skipped: the series stays unique."""
    while True:
        number = sequence.number(uow.counters.next(sequence.counter_name(on)), on)
        if not uow.invoices.number_taken(number, invoice_id):
            return number


def _check_order(uow: UnitOfWork, invoice: Invoice, sequence: NumberingSequence, today: date) -> None:
    if (invoice.issue_date - today).days > LATEST_ISSUE_AHEAD_DAYS:
        raise InvalidParam("date", f"cannot be after today ({today.isoformat()}): numbering sequence "
                                   f"{sequence.public_id} keeps invoices in date order, and a later date "
                                   "would hold up every invoice until then")
    last = uow.invoices.last_issue_date(sequence.id)
    if last is not None and invoice.issue_date < last:
        raise InvalidParam("date", f"cannot be before {last.isoformat()}, the date of the sequence's last invoice: "
                                   "numbers and dates of invoices run in the same order")
