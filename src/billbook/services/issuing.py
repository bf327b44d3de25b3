"""Issuing: the one way an invoice or credit note becomes a legal document, whichever dialect
asked. Its number and date are decided here, in the issuing transaction, under one set of rules."""

from datetime import date

from billbook.domain.errors import Conflict, InvalidParam
from billbook.domain.invoices import CREDIT_NOTE, CREDIT_NOTE_COUNTER, Invoice, credit_note_number
from billbook.domain.numbering import NumberingSequence
from billbook.store.unit_of_work import UnitOfWork

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
    if invoice.kind == CREDIT_NOTE:
        check_hand_number(uow, invoice)
        invoice.number = invoice.number or credit_note_number(uow.counters.next(CREDIT_NOTE_COUNTER),
                                                              invoice.issue_date)
        return
    if sequence is None:
        raise InvalidParam("number", "is required: the account has no default numbering sequence")
    if sequence.chronological:
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
    return None


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
