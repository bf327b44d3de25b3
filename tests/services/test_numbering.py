"""Numbering sequence use cases on both databases: defaults per mode, and the next number shown."""

from datetime import date, datetime, timezone

import pytest

from billbook.domain.errors import InvalidParam, NotFound
from billbook.domain.numbering import DEFAULT_FORMAT, DEFAULT_PREFIX, NumberingSequence
from billbook.domain.tenancy import Mode
from billbook.services import numbering
from billbook.store.unit_of_work import UnitOfWork


def today() -> date:
    return datetime.now(timezone.utc).date()


def defaults(sequences: list[NumberingSequence]) -> list[str]:
    return [sequence.public_id for sequence in sequences if sequence.is_default]


def issue(ctx, sequence: NumberingSequence, count: int) -> None:
    """Draw `count` numbers from the sequence's counter, as issuing invoices would."""
    with UnitOfWork(ctx.database, ctx.tenant) as uow:
        for _ in range(count):
            uow.counters.next(sequence.counter_name(today()))
        uow.commit()


def test_a_new_account_has_one_default_sequence_in_each_mode_and_they_are_separate(account):
    live = numbering.all_sequences(account.context(Mode.LIVE))
    test = numbering.all_sequences(account.context(Mode.TEST))
    assert len(live) == 1 and len(test) == 1
    assert live[0].is_default and test[0].is_default
    assert live[0].public_id != test[0].public_id
    assert (live[0].prefix, live[0].format, live[0].reset) == (DEFAULT_PREFIX, DEFAULT_FORMAT, "never")
    assert live[0].next_number == f"INV-{today():%Y-%m}-001"
    with pytest.raises(NotFound):
        numbering.retrieve(account.context(Mode.LIVE), test[0].public_id)


def test_creating_a_sequence_leaves_the_default_where_it_was(account):
    ctx = account.context()
    [original] = numbering.all_sequences(ctx)
    created = numbering.create(ctx, {"prefix": "SP", "format": "{prefix}{yyyy}-{counter:3}", "reset": "yearly"})
    assert created.is_default is False and created.id is not None
    assert defaults(numbering.all_sequences(ctx)) == [original.public_id]
    assert created.next_number == f"SP{today():%Y}-001"


def test_creating_a_default_sequence_moves_the_default_to_it(account):
    ctx = account.context()
    created = numbering.create(ctx, {"prefix": "OC"}, make_default=True)
    assert created.is_default
    sequences = numbering.all_sequences(ctx)
    assert len(sequences) == 2 and defaults(sequences) == [created.public_id]
    assert defaults(numbering.all_sequences(account.context(Mode.TEST))) != [created.public_id]


def test_set_default_moves_the_default_and_leaves_exactly_one(account):
    ctx = account.context()
    [original] = numbering.all_sequences(ctx)
    first = numbering.create(ctx, {"prefix": "A"})
    second = numbering.create(ctx, {"prefix": "B"}, make_default=True)
    assert numbering.set_default(ctx, first.public_id).is_default
    assert defaults(numbering.all_sequences(ctx)) == [first.public_id]
    numbering.set_default(ctx, original.id)
    assert defaults(numbering.all_sequences(ctx)) == [original.public_id]
    numbering.set_default(ctx, original.public_id)
    assert defaults(numbering.all_sequences(ctx)) == [original.public_id]
    assert numbering.retrieve(ctx, second.public_id).is_default is False


def test_the_default_of_one_mode_stays_when_the_other_mode_changes_its_default(account):
    live, test = account.context(Mode.LIVE), account.context(Mode.TEST)
    [test_default] = numbering.all_sequences(test)
    numbering.create(live, {"prefix": "LIVE"}, make_default=True)
    assert defaults(numbering.all_sequences(test)) == [test_default.public_id]


def test_the_next_number_follows_the_numbers_issued_without_consuming_one(account):
    ctx = account.context()
    sequence = numbering.create(ctx, {"prefix": "OC", "format": "{prefix}-{yyyy}-{mm}-{counter:3}"})
    assert sequence.next_number == f"OC-{today():%Y-%m}-001"
    issue(ctx, sequence, 41)
    assert numbering.retrieve(ctx, sequence.public_id).next_number == f"OC-{today():%Y-%m}-042"
    assert numbering.retrieve(ctx, sequence.id).next_number == f"OC-{today():%Y-%m}-042"
    issue(ctx, sequence, 1)
    shown = {s.public_id: s.next_number for s in numbering.all_sequences(ctx)}
    assert shown[sequence.public_id] == f"OC-{today():%Y-%m}-043"


def test_the_next_number_counts_per_sequence_and_per_mode(account):
    live, test = account.context(Mode.LIVE), account.context(Mode.TEST)
    [live_default] = numbering.all_sequences(live)
    [test_default] = numbering.all_sequences(test)
    other = numbering.create(live, {"prefix": "OTHER", "format": "{prefix}-{counter:4}"})
    issue(live, live_default, 5)
    assert numbering.retrieve(live, live_default.id).next_number == f"INV-{today():%Y-%m}-006"
    assert numbering.retrieve(live, other.id).next_number == "OTHER-0001"
    assert numbering.retrieve(test, test_default.id).next_number == f"INV-{today():%Y-%m}-001"


def test_a_yearly_sequence_shows_the_count_of_this_years_counter(account):
    ctx = account.context()
    yearly = numbering.create(ctx, {"prefix": "SP", "format": "{prefix}{yyyy}-{counter:3}", "reset": "yearly"})
    with UnitOfWork(ctx.database, ctx.tenant) as uow:
        uow.counters.add(yearly.counter_name(date(today().year - 1, 6, 1)), 199)
        uow.commit()
    assert numbering.retrieve(ctx, yearly.id).next_number == f"SP{today():%Y}-001"
    issue(ctx, yearly, 199)
    assert numbering.retrieve(ctx, yearly.id).next_number == f"SP{today():%Y}-200"


def test_updating_a_sequence_shows_its_next_number_in_the_new_format(account):
    ctx = account.context()
    sequence = numbering.create(ctx, {"prefix": "OC"})
    issue(ctx, sequence, 2)
    updated = numbering.update(ctx, sequence.public_id, {"format": "{prefix}/{counter:5}"})
    assert updated.next_number == "OC/00003"
    assert numbering.retrieve(ctx, sequence.id).format == "{prefix}/{counter:5}"


def test_an_update_refusing_a_reset_changes_nothing(account):
    ctx = account.context()
    sequence = numbering.create(ctx, {"prefix": "OC", "format": "{prefix}-{counter}"})
    with pytest.raises(InvalidParam) as raised:
        numbering.update(ctx, sequence.id, {"reset": "yearly"})
    assert raised.value.param == "reset"
    assert numbering.retrieve(ctx, sequence.id).reset == "never"


@pytest.mark.parametrize("use", ["retrieve", "update", "set_default"])
def test_another_tenants_sequence_is_not_found(account, make_account, use):
    stranger = make_account().context()
    foreign = numbering.create(stranger, {"prefix": "THEIRS"})
    ctx = account.context()
    calls = {
        "retrieve": lambda reference: numbering.retrieve(ctx, reference),
        "update": lambda reference: numbering.update(ctx, reference, {"prefix": "MINE"}),
        "set_default": lambda reference: numbering.set_default(ctx, reference),
    }
    for reference in (foreign.public_id, foreign.id):
        with pytest.raises(NotFound):
            calls[use](reference)
    assert numbering.retrieve(stranger, foreign.id).prefix == "THEIRS"
    assert numbering.retrieve(stranger, foreign.id).is_default is False


def test_a_sequence_of_the_other_mode_is_not_found(account):
    test_sequence = numbering.create(account.context(Mode.TEST), {"prefix": "T"})
    with pytest.raises(NotFound):
        numbering.retrieve(account.context(Mode.LIVE), test_sequence.id)
