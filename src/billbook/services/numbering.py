"""Managing invoice numbering sequences."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import numbering as rules
from billbook.domain.errors import NotFound
from billbook.domain.identifiers import public_id
from billbook.domain.listing import Cursor, Slice
from billbook.domain.numbering import NumberingSequence
from billbook.services.context import AccountContext, utc_now
from billbook.store.numbering import NumberingSequenceRepository
from billbook.store.unit_of_work import UnitOfWork

SequenceReference = int | str


def default_sequence(now, seller_country: str) -> NumberingSequence:
    """The sequence every new account starts with, in each mode."""
    sequence = rules.new_sequence({}, public_id=public_id("numbering_sequence", now), now=now,
                                  seller_country=seller_country)
    sequence.is_default = True
    return sequence


def create(ctx: AccountContext, changes: Mapping[str, Any], make_default: bool = False) -> NumberingSequence:
    cleaned = rules.clean_changes(changes)
    now = utc_now()
    sequence = rules.new_sequence(cleaned, public_id=public_id("numbering_sequence", now), now=now,
                                  seller_country=ctx.country)
    sequence.is_default = make_default
    with ctx.unit_of_work() as uow:
        uow.numbering_sequences.add(sequence)
        _show_next_number(uow.numbering_sequences, [sequence])
        uow.commit()
    return sequence


def retrieve(ctx: AccountContext, sequence_id: SequenceReference) -> NumberingSequence:
    with ctx.unit_of_work(write=False) as uow:
        return _show_next_number(uow.numbering_sequences, [_get(uow, sequence_id)])[0]


def all_sequences(ctx: AccountContext) -> list[NumberingSequence]:
    with ctx.unit_of_work(write=False) as uow:
        return _show_next_number(uow.numbering_sequences, uow.numbering_sequences.all())


def slice_sequences(ctx: AccountContext, cursor: Cursor) -> Slice:
    with ctx.unit_of_work(write=False) as uow:
        found = uow.numbering_sequences.slice(cursor)
        _show_next_number(uow.numbering_sequences, found.items)
        return found


def update(ctx: AccountContext, sequence_id: SequenceReference, changes: Mapping[str, Any]) -> NumberingSequence:
    cleaned = rules.clean_changes(changes)
    with ctx.unit_of_work() as uow:
        sequence = _get(uow, sequence_id).with_changes(cleaned, utc_now())
        uow.numbering_sequences.save(sequence)
        _show_next_number(uow.numbering_sequences, [sequence])
        uow.commit()
    return sequence


def set_default(ctx: AccountContext, sequence_id: SequenceReference) -> NumberingSequence:
    """The sequence becomes the one invoices are numbered from when they name none."""
    with ctx.unit_of_work() as uow:
        sequence = _get(uow, sequence_id)
        sequence.updated_at = utc_now()
        uow.numbering_sequences.make_default(sequence)
        _show_next_number(uow.numbering_sequences, [sequence])
        uow.commit()
    return sequence


def _get(uow: UnitOfWork, sequence_id: SequenceReference) -> NumberingSequence:
    sequence = uow.numbering_sequences.get(sequence_id)
    if sequence is None:
        raise NotFound("Numbering sequence", sequence_id)
    return sequence


def _show_next_number(repository: NumberingSequenceRepository,
                      sequences: list[NumberingSequence]) -> list[NumberingSequence]:
    today = utc_now().date()
    for sequence in sequences:
        sequence.next_number = sequence.number(repository.issued_count(sequence, today) + 1, today)
    return sequences
