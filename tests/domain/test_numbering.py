"""Invoice numbering sequences: formats, counters, and when a counter may restart."""

from datetime import date, datetime, timezone

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.numbering import (
    DEFAULT_FORMAT,
    DEFAULT_PREFIX,
    NumberingSequence,
    check_reset,
    clean_changes,
    new_sequence,
    number_format,
)

NOW = datetime(2015, 2, 1, 9, 30, tzinfo=timezone.utc)
LATER = datetime(2015, 3, 1, 9, 30, tzinfo=timezone.utc)


def sequence(**changes) -> NumberingSequence:
    return new_sequence(clean_changes(changes), public_id="oc_ns_test", now=NOW)


# Formats and the numbers they make.

def test_the_seeds_octobat_format_makes_oc_2015_02_001():
    octobat = sequence(prefix="OC", format="{prefix}-{yyyy}-{mm}-{counter:3}")
    assert octobat.number(1, date(2015, 2, 14)) == "OC-2015-02-001"


def test_the_seeds_yearly_format_makes_sp2015_200():
    yearly = sequence(prefix="SP", format="{prefix}{yyyy}-{counter:3}", reset="yearly")
    assert yearly.number(200, date(2015, 6, 30)) == "SP2015-200"


def test_a_new_sequence_defaults_to_inv_year_month_and_a_three_digit_counter_that_never_resets():
    default = new_sequence({}, public_id="oc_ns_default", now=NOW)
    assert (default.prefix, default.format, default.reset) == (DEFAULT_PREFIX, DEFAULT_FORMAT, "never")
    assert default.number(7, date(2015, 2, 14)) == "INV-2015-02-007"
    assert default.is_default is False and default.id is None


@pytest.mark.parametrize("format_, counter, expected", [
    ("{counter}", 7, "7"),
    ("{counter:1}", 7, "7"),
    ("{counter:3}", 7, "007"),
    ("{counter:3}", 999, "999"),
    ("{counter:5}", 42, "00042"),
    ("{counter:12}", 1, "000000000001"),
])
def test_the_counter_is_zero_padded_to_its_width(format_, counter, expected):
    assert sequence(format=format_).number(counter, date(2015, 2, 14)) == expected


@pytest.mark.parametrize("format_, counter, expected", [
    ("{counter:3}", 1000, "1000"),
    ("{prefix}-{counter:3}", 123456, "INV-123456"),
    ("{counter:1}", 10, "10"),
])
def test_a_counter_past_its_padding_keeps_every_digit(format_, counter, expected):
    assert sequence(format=format_).number(counter, date(2015, 2, 14)) == expected


def test_every_date_placeholder_reads_the_issue_date():
    dated = sequence(prefix="F", format="{prefix}{yyyy}/{yy}{mm}{dd}/{counter:2}")
    assert dated.number(3, date(2009, 1, 5)) == "F2009/090105/03"


def test_a_format_is_trimmed():
    assert number_format("format", "  {prefix}-{counter}  ") == "{prefix}-{counter}"


@pytest.mark.parametrize("format_, message", [
    ("{prefix}-{yyyy}", "exactly one {counter}"),
    ("", "exactly one {counter}"),
    ("{counter}-{counter:3}", "exactly one {counter}"),
    ("{ counter }", "exactly one {counter}"),
    ("{counter:0}", "1 to 12 digits"),
    ("{counter:13}", "1 to 12 digits"),
    ("{counter:}", "1 to 12 digits"),
    ("{counter:x}", "1 to 12 digits"),
    ("{counter:-3}", "1 to 12 digits"),
    ("{invoice}-{counter}", "unknown placeholder {invoice}"),
    ("{PREFIX}-{counter}", "unknown placeholder {PREFIX}"),
    ("{yyyy:2}-{counter}", "unknown placeholder {yyyy:2}"),
    ("{prefix:3}-{counter}", "unknown placeholder {prefix:3}"),
    ("{}-{counter}", "unknown placeholder {}"),
    ("{prefix}}-{counter}", "unbalanced brace"),
    ("{-{counter}", "unbalanced brace"),
    ("{prefix}#{counter}", "only letters, digits"),
    ("{prefix}:{counter}", "only letters, digits"),
    ("N°{counter}", "only letters, digits"),
    ("A" * 32 + "-{counter}", "at most 40 characters"),
])
def test_an_invalid_format_is_refused_naming_the_format(format_, message):
    with pytest.raises(InvalidParam) as raised:
        number_format("format", format_)
    assert raised.value.param == "format"
    assert message in raised.value.message


def test_a_format_of_forty_characters_is_allowed():
    text = "A" * 31 + "{counter}"
    assert len(text) == 40 and number_format("format", text) == text


@pytest.mark.parametrize("prefix, message", [
    ("", "cannot be blank"),
    ("   ", "cannot be blank"),
    ("O C", "may hold only"),
    ("OC#", "may hold only"),
    ("A" * 21, "at most 20 characters"),
])
def test_an_invalid_prefix_is_refused(prefix, message):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"prefix": prefix})
    assert raised.value.param == "prefix" and message in raised.value.message


def test_a_prefix_is_trimmed_and_may_hold_dots_slashes_dashes_and_underscores():
    assert clean_changes({"prefix": " oc.2/x_-y "}) == {"prefix": "oc.2/x_-y"}


@pytest.mark.parametrize("field", ["prefix", "format", "reset"])
def test_prefix_format_and_reset_cannot_be_null(field):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: None})
    assert raised.value.param == field


@pytest.mark.parametrize("field", ["id", "public_id", "is_default", "next_number", "created_at"])
def test_fields_a_caller_cannot_set_are_refused(field):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: "x"})
    assert raised.value.param == field


def test_a_sequence_whose_numbers_could_pass_64_characters_is_refused():
    with pytest.raises(InvalidParam) as raised:
        sequence(prefix="A" * 20, format="{prefix}{prefix}{prefix}{counter:12}")
    assert raised.value.param == "format" and "longer than 64 characters" in raised.value.message


# When a counter may restart.

@pytest.mark.parametrize("reset", ["daily", "Yearly", "", "annually"])
def test_an_unknown_reset_is_refused(reset):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"reset": reset})
    assert raised.value.param == "reset"


@pytest.mark.parametrize("format_, reset", [
    ("{prefix}-{counter}", "never"),
    ("{prefix}-{yy}-{counter}", "never"),
    ("{prefix}-{yyyy}-{counter}", "yearly"),
    ("{prefix}-{yy}{yyyy}-{counter}", "yearly"),
    ("{prefix}-{yyyy}-{mm}-{counter}", "yearly"),
    ("{prefix}-{yyyy}{mm}-{counter}", "monthly"),
    ("{prefix}-{yyyy}{mm}{dd}-{counter}", "monthly"),
])
def test_a_reset_is_allowed_when_the_numbers_show_its_period(format_, reset):
    check_reset(format_, reset)
    assert sequence(format=format_, reset=reset).reset == reset


@pytest.mark.parametrize("format_, reset, message", [
    ("{prefix}-{counter}", "yearly", "yearly needs the year"),
    ("{prefix}-{mm}-{counter}", "yearly", "yearly needs the year"),
    ("{prefix}-{counter}", "monthly", "monthly needs the year and month"),
    ("{prefix}-{yyyy}-{counter}", "monthly", "monthly needs the year and month"),
    ("{prefix}-{mm}-{counter}", "monthly", "monthly needs the year and month"),
    ("{prefix}-{mm}{dd}-{counter}", "monthly", "monthly needs the year and month"),
    # Two-digit years come round again every century, so they cannot tell periods apart.
    ("{prefix}-{yy}-{counter}", "yearly", "four-digit year"),
    ("{prefix}-{yy}{mm}-{counter}", "monthly", "four-digit year"),
])
def test_a_reset_whose_period_the_numbers_do_not_show_is_refused(format_, reset, message):
    with pytest.raises(InvalidParam) as raised:
        sequence(format=format_, reset=reset)
    assert raised.value.param == "reset" and message in raised.value.message


@pytest.mark.parametrize("reset, on, period", [
    ("never", date(2015, 2, 14), ""),
    ("never", date(2016, 11, 3), ""),
    ("yearly", date(2015, 2, 14), "2015"),
    ("yearly", date(2015, 12, 31), "2015"),
    ("yearly", date(2016, 1, 1), "2016"),
    ("monthly", date(2015, 2, 14), "2015-02"),
    ("monthly", date(2015, 2, 28), "2015-02"),
    ("monthly", date(2015, 3, 1), "2015-03"),
])
def test_the_period_a_counter_runs_through(reset, on, period):
    assert sequence(format="{yyyy}{mm}-{counter}", reset=reset).period(on) == period


@pytest.mark.parametrize("reset, on, name", [
    ("never", date(2015, 2, 14), "sequence:42:"),
    ("yearly", date(2015, 2, 14), "sequence:42:2015"),
    ("monthly", date(2015, 2, 14), "sequence:42:2015-02"),
])
def test_each_sequence_and_period_counts_under_its_own_counter_name(reset, on, name):
    counted = sequence(format="{yyyy}{mm}-{counter}", reset=reset)
    counted.id = 42
    assert counted.counter_name(on) == name


def test_counter_names_differ_between_sequences():
    first, second = sequence(), sequence()
    first.id, second.id = 1, 2
    assert first.counter_name(date(2015, 2, 14)) != second.counter_name(date(2015, 2, 14))


# Changing a sequence.

def test_with_changes_applies_the_changes_and_stamps_the_time():
    yearly = sequence(prefix="SP", format="{prefix}{yyyy}-{counter:3}")
    changed = yearly.with_changes({"reset": "yearly", "prefix": "SQ"}, LATER)
    assert (changed.reset, changed.prefix, changed.updated_at, changed.created_at) == ("yearly", "SQ", LATER, NOW)
    assert yearly.reset == "never" and yearly.updated_at == NOW


def test_with_changes_refuses_a_reset_the_format_does_not_show():
    yearly_only = sequence(format="{prefix}{yyyy}-{counter:3}")
    with pytest.raises(InvalidParam) as raised:
        yearly_only.with_changes({"reset": "monthly"}, LATER)
    assert raised.value.param == "reset"


def test_with_changes_refuses_a_format_that_no_longer_shows_the_reset_period():
    monthly = sequence(format="{prefix}-{yyyy}-{mm}-{counter:3}", reset="monthly")
    with pytest.raises(InvalidParam) as raised:
        monthly.with_changes({"format": "{prefix}-{yyyy}-{counter:3}"}, LATER)
    assert raised.value.param == "reset"


def test_with_changes_refuses_numbers_that_could_pass_64_characters_as_creating_does():
    short = sequence(prefix="A" * 20)
    with pytest.raises(InvalidParam) as raised:
        short.with_changes({"format": "{prefix}{prefix}{prefix}{counter:12}"}, LATER)
    assert raised.value.param == "format"
