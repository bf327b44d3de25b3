"""Who is asking, and the ledger they may touch."""

from dataclasses import dataclass
from datetime import datetime, timezone

from billbook.domain.tenancy import Tenant
from billbook.store.database import Database
from billbook.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AccountContext:
    tenant: Tenant
    database: Database
    country: str  # the account's own country: the default for the customers it bills

    def unit_of_work(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.database, self.tenant, write=write)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
