"""Who is asking, and the ledger they may touch."""

from dataclasses import dataclass, replace
from datetime import datetime, timezone

from billbook.domain.tenancy import Tenant
from billbook.store.database import Database
from billbook.store.unit_of_work import RequestTransaction, UnitOfWork


@dataclass(frozen=True, slots=True)
class AccountContext:
    tenant: Tenant
    database: Database
    country: str  # the account's own country: the default for the customers it bills
    # Set while a request runs inside one transaction (a keyed request): use cases join it.
    request_transaction: RequestTransaction | None = None

    def unit_of_work(self, write: bool = True, savepoint: bool = True) -> UnitOfWork:
        """Inside a request's transaction, a writing unit of work is a savepoint, unless its
        caller gives up the whole transaction when it fails (`savepoint=False`)."""
        return UnitOfWork(self.database, self.tenant, write=write, within=self.request_transaction,
                          savepoint=savepoint)

    def within(self, transaction: RequestTransaction | None) -> "AccountContext":
        return self if transaction is self.request_transaction else replace(self, request_transaction=transaction)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
