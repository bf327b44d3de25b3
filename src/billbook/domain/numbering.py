"""Invoice numbering sequences: how legal invoice numbers are formed, one after another.

A format is text with placeholders: `{prefix}`, the issue date's `{yyyy}`, `{yy}`, `{mm}`, `{dd}`,
and exactly one counter, `{counter}` or zero-padded `{counter:3}`. The seed's `OC-2015-02-001` is
`{prefix}-{yyyy}-{mm}-{counter:3}`, `SP2015-200` is `{prefix}{yyyy}-{counter:3}`. A sequence may
restart its counter every year or month, provided its numbers show that year (and month), so no
number can ever come out twice.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from billbook.domain import values
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import FieldRules
from billbook.domain.tax.territories import EU_MEMBER_STATES

DEFAULT_PREFIX = "INV"
DEFAULT_FORMAT = "{prefix}-{yyyy}-{mm}-{counter:3}"
RESETS = ("never", "yearly", "monthly")
MAX_PADDING = 12
MAX_NUMBER_LENGTH = 40
MAX_ISSUED_LENGTH = 64  # what an invoice number column holds
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_DATE_PARTS = {"yyyy": "%Y", "yy": "%y", "mm": "%m", "dd": "%d"}


@dataclass(slots=True)
class NumberingSequence:
    id: int | None
    public_id: str
    prefix: str
    created_at: datetime
    updated_at: datetime
    format: str = DEFAULT_FORMAT
    reset: str = "never"
    is_default: bool = False
    name: str | None = None
    # Invoices dated in the order of their numbers (French CGI art. 242 nonies A, and most EU
    # states); sellers elsewhere may backdate, importing their history for instance.
    chronological: bool = True
    # The number the next invoice would get, as of when the sequence was read (not stored).
    next_number: str | None = None

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "NumberingSequence":
        changed = replace(self, **changes, updated_at=now)
        _check_complete(changed)
        return changed

    def number(self, counter: int, on: date) -> str:
        """The number the `counter`-th invoice of its period, issued `on` that day, carries."""
        def fill(match: re.Match) -> str:
            token = match.group(1)
            if token == "prefix":
                return self.prefix
            if token in _DATE_PARTS:
                return on.strftime(_DATE_PARTS[token])
            _, _, width = token.partition(":")
            return f"{counter:0{int(width or 1)}d}"
        return _PLACEHOLDER.sub(fill, self.format)

    def could_give(self, number: str) -> bool:
        """Whether the number has this sequence's form, whatever its date and counter: such a
        number is the sequence's alone to give, in order, or the series would skip or repeat it."""
        pattern, position = [], 0
        for match in _PLACEHOLDER.finditer(self.format):
            pattern.append(re.escape(self.format[position:match.start()]))
            token = match.group(1)
            name, _, width = token.partition(":")
            if token == "prefix":
                pattern.append(re.escape(self.prefix))
            elif token in _DATE_PARTS:
                pattern.append(r"\d{4}" if token == "yyyy" else r"\d{2}")
            else:
                pattern.append(rf"\d{{{int(width or 1)},}}")
            position = match.end()
        pattern.append(re.escape(self.format[position:]))
        return re.fullmatch("".join(pattern), number) is not None

    def period(self, on: date) -> str:
        """The stretch of time the counter runs through before restarting ("" when it never does)."""
        return {"never": "", "yearly": f"{on:%Y}", "monthly": f"{on:%Y-%m}"}[self.reset]

    def counter_name(self, on: date) -> str:
        return f"sequence:{self.id}:{self.period(on)}"


def _prefix(param: str, value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidParam(param, "cannot be blank")
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", text):
        raise InvalidParam(param, "may hold only letters, digits and . _ / -")
    return values.text(param, text, 20)


def number_format(param: str, value: str) -> str:
    text = value.strip()
    tokens = _PLACEHOLDER.findall(text)
    counters = [token for token in tokens if token.partition(":")[0] == "counter"]
    if len(counters) != 1:
        raise InvalidParam(param, "must contain exactly one {counter} or {counter:N}")
    for token in tokens:
        name, colon, width = token.partition(":")
        if name == "counter" and colon and not (width.isdigit() and 1 <= int(width) <= MAX_PADDING):
            raise InvalidParam(param, f"pads the counter to 1 to {MAX_PADDING} digits: {{counter:3}}")
        if name != "counter" and (colon or (name != "prefix" and name not in _DATE_PARTS)):
            raise InvalidParam(param, f"has an unknown placeholder {{{token}}} "
                               "(use {prefix}, {yyyy}, {yy}, {mm}, {dd}, {counter:N})")
    literal = _PLACEHOLDER.sub("", text)
    if "{" in literal or "}" in literal:
        raise InvalidParam(param, "has an unbalanced brace")
    if not re.fullmatch(r"[A-Za-z0-9_./ -]*", literal):
        raise InvalidParam(param, "may hold only letters, digits, spaces and . _ / - besides placeholders")
    return values.text(param, text, MAX_NUMBER_LENGTH)


def _reset(param: str, value: str) -> str:
    if value not in RESETS:
        raise InvalidParam(param, f"must be one of: {', '.join(RESETS)}")
    return value


def check_reset(number_format_: str, reset: str) -> None:
    """A counter that restarts must be told apart by the date in the number."""
    tokens = set(_PLACEHOLDER.findall(number_format_))
    has_year = bool(tokens & {"yyyy", "yy"})
    if reset == "yearly" and not has_year:
        raise InvalidParam("reset", "yearly needs the year ({yyyy}) in the format")
    if reset == "monthly" and not (has_year and "mm" in tokens):
        raise InvalidParam("reset", "monthly needs the year and month ({yyyy}, {mm}) in the format")
    if "yy" in tokens and "yyyy" not in tokens and reset != "never":
        raise InvalidParam("reset", "needs the four-digit year ({yyyy}): {yy} repeats every century")


def _flag(param: str, value: Any) -> bool:
    return values.flag(param, value)


EDITABLE_FIELDS = frozenset(f.name for f in fields(NumberingSequence)) - {
    "id", "public_id", "created_at", "updated_at", "is_default", "next_number"}
RULES = FieldRules(
    entity=NumberingSequence,
    label="numbering sequence",
    editable=EDITABLE_FIELDS,
    not_null=frozenset({"prefix", "format", "reset", "chronological"}),
    normalizers={"prefix": _prefix, "format": number_format, "reset": _reset, "chronological": _flag},
    text_limits={"name": 100},
)
clean_changes = RULES.clean


def chronological_by_default(seller_country: str | None) -> bool:
    """The order rule is EU law (France, Italy, Spain…), not a rule of every seller's."""
    return seller_country in EU_MEMBER_STATES


def new_sequence(changes: Mapping[str, Any], *, public_id: str, now: datetime,
                 seller_country: str | None = None) -> NumberingSequence:
    cleaned = {"prefix": DEFAULT_PREFIX, "chronological": chronological_by_default(seller_country), **changes}
    sequence = NumberingSequence(id=None, public_id=public_id, created_at=now, updated_at=now, **cleaned)
    _check_complete(sequence)
    return sequence


def _check_complete(sequence: NumberingSequence) -> None:
    check_reset(sequence.format, sequence.reset)
    if len(sequence.number(10**MAX_PADDING - 1, date(2000, 12, 31))) > MAX_ISSUED_LENGTH:
        raise InvalidParam("format", f"makes numbers longer than {MAX_ISSUED_LENGTH} characters")
