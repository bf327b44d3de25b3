"""Which dates a ledger accepts: a date far outside the present is a typing mistake, and one far
ahead would hold up a numbering sequence whose invoices run in date order."""

from datetime import date, timedelta

from billbook.domain.errors import InvalidParam

EARLIEST = date(1970, 1, 1)
# Documents and payments may be dated up to a year ahead (a scheduled payment, say); due dates,
# which follow from payment terms, up to ten.
AHEAD = timedelta(days=366)
DUE_AHEAD = timedelta(days=3660)


def plausible(param: str, value: date | None, today: date, ahead: timedelta = AHEAD) -> date | None:
    if value is None:
        return None
    latest = today + ahead
    if not EARLIEST <= value <= latest:
        raise InvalidParam(param, f"must be between {EARLIEST.isoformat()} and {latest.isoformat()}: "
                                  f"{value.isoformat()}")
    return value
