"""Every row belongs to one account and one mode; an API key opens exactly one such ledger."""

from dataclasses import dataclass
from enum import Enum


class Mode(str, Enum):
    LIVE = "live"
    TEST = "test"

    @property
    def livemode(self) -> bool:
        return self is Mode.LIVE


@dataclass(frozen=True, slots=True)
class Tenant:
    account_id: int
    mode: Mode

    @property
    def livemode(self) -> bool:
        return self.mode.livemode
