"""Payment modes: how customers can pay the account (a bank transfer to an IBAN, a check, a card
gateway). Octobat v1 calls them payment modes, v2 payment recipients; they are printed on invoices."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from billbook.domain import metadata
from billbook.domain.errors import InvalidParam
from billbook.domain.fields import FieldRules, required_text

PAYMENT_MODE_TYPES = ("transfer", "check", "stripe")


@dataclass(slots=True)
class PaymentMode:
    id: int | None
    public_id: str
    name: str
    type: str
    created_at: datetime
    updated_at: datetime
    iban: str | None = None
    bic: str | None = None
    # Anything else the customer needs to pay this way (who checks are made out to, an address…).
    details: dict[str, str] = field(default_factory=dict)

    def with_changes(self, changes: Mapping[str, Any], now: datetime) -> "PaymentMode":
        changed = replace(self, **changes, updated_at=now)
        _check_complete(changed)
        return changed


def _type(param: str, value: str) -> str:
    if value not in PAYMENT_MODE_TYPES:
        raise InvalidParam(param, f"must be one of: {', '.join(PAYMENT_MODE_TYPES)}")
    return value


def iban(param: str, value: str) -> str:
    """Kept as the account wrote it (it is printed for customers to copy), once it is valid."""
    written = " ".join(value.split())
    try:
        stdnum_iban.validate(written)
    except ValidationError:
        raise InvalidParam(param, f"is not a valid IBAN: {value!r}") from None
    return written


def bic(param: str, value: str) -> str:
    try:
        return stdnum_bic.validate(value)
    except ValidationError:
        raise InvalidParam(param, f"is not a valid BIC: {value!r}") from None


def _details(param: str, value: Mapping[str, Any]) -> dict[str, str]:
    for reserved in ("iban", "bic"):
        if reserved in value:
            raise InvalidParam(f"{param}[{reserved}]", f"is set with the {reserved} parameter")
    return metadata.validate(param, value)


def _check_complete(mode: PaymentMode) -> None:
    if mode.type == "transfer" and not mode.iban:
        raise InvalidParam("iban", "is required for a transfer")


EDITABLE_FIELDS = frozenset(f.name for f in fields(PaymentMode)) - {"id", "public_id", "created_at", "updated_at"}
RULES = FieldRules(
    entity=PaymentMode,
    label="payment mode",
    editable=EDITABLE_FIELDS,
    not_null=frozenset({"name", "type"}),
    cleared={"details": dict},
    normalizers={"name": required_text, "type": _type, "iban": iban, "bic": bic, "details": _details},
)
clean_changes = RULES.clean


def new_payment_mode(changes: Mapping[str, Any], *, public_id: str, now: datetime) -> PaymentMode:
    """Without a stated type, a mode with an IBAN is a transfer, any other one a check."""
    if not changes.get("name"):
        raise InvalidParam("name", "is required")
    changes = {**changes}
    changes.setdefault("type", "transfer" if changes.get("iban") else "check")
    mode = PaymentMode(id=None, public_id=public_id, created_at=now, updated_at=now, **changes)
    _check_complete(mode)
    return mode
