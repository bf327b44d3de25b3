"""A transaction and the repositories that work inside it."""

from abc import ABC, abstractmethod

from sqlalchemy import Connection

from billbook.domain.accounts import Account
from billbook.domain.tenancy import Tenant
from billbook.store.accounts import AccountRepository
from billbook.store.contacts import ContactRepository
from billbook.store.counters import CounterRepository
from billbook.store.credits import CreditRepository
from billbook.store.customers import CustomerRepository
from billbook.store.database import Database
from billbook.store.documents import DocumentFileRepository, LinkRepository
from billbook.store.idempotency import IdempotencyRepository
from billbook.store.invoices import InvoiceRepository
from billbook.store.numbering import NumberingSequenceRepository
from billbook.store.outbox import OutboxQueue, OutboxRepository
from billbook.store.payment_modes import PaymentModeRepository
from billbook.store.payment_sources import PaymentSourceRepository
from billbook.store.payments import PaymentRepository
from billbook.store.providers import ProviderConnectionRepository


class RequestTransaction:
    """One database transaction spanning a whole request, for what must commit with its effect
    (an idempotency key's stored answer). Units of work opened inside it are savepoints: a use
    case's `commit()` keeps its changes for the request's commit, and a failing use case undoes
    only its own."""

    def __init__(self, database: Database):
        self.database = database
        self.connection = database.transaction(write=True)

    def commit(self) -> None:
        try:
            self.connection.commit()
        finally:
            self.connection.close()

    def abandon(self) -> None:
        try:
            if self.connection.in_transaction():
                self.connection.rollback()
        finally:
            self.connection.close()


class _Transaction(ABC):
    """Opened by a service; nothing is kept unless the service calls `commit()`."""

    def __init__(self, database: Database, write: bool, within: RequestTransaction | None = None,
                 savepoint: bool = True):
        self._database = database
        self._write = write
        self._within = within
        self._use_savepoint = savepoint
        self._connection: Connection | None = None
        self._savepoint = None

    def __enter__(self):
        if self._within is not None:
            connection = self._within.connection
            # A failing use case's writes are undone by its savepoint; reads have none to undo.
            if self._write and self._use_savepoint:
                self._savepoint = connection.begin_nested()
        else:
            connection = self._database.transaction(self._write)
        self._connection = connection
        self._open(connection)
        return self

    @abstractmethod
    def _open(self, connection: Connection) -> None:
        """Build the repositories that share this transaction's connection."""

    def commit(self) -> None:
        if self._savepoint is not None:
            self._savepoint.commit()
        elif self._within is None:
            self._connection.commit()

    def __exit__(self, *exc_info: object) -> None:
        if self._within is not None:
            if self._savepoint is not None and self._savepoint.is_active:
                self._savepoint.rollback()
            return
        if self._connection.in_transaction():
            self._connection.rollback()
        self._connection.close()


class UnitOfWork(_Transaction):
    """One tenant's ledger inside one transaction."""

    customers: CustomerRepository
    contacts: ContactRepository
    counters: CounterRepository
    idempotency_keys: IdempotencyRepository
    payment_sources: PaymentSourceRepository
    numbering_sequences: NumberingSequenceRepository
    payment_modes: PaymentModeRepository
    invoices: InvoiceRepository
    payments: PaymentRepository
    credits: CreditRepository
    document_files: DocumentFileRepository
    outbox: OutboxRepository

    def __init__(self, database: Database, tenant: Tenant, write: bool = True,
                 within: RequestTransaction | None = None, savepoint: bool = True):
        super().__init__(database, write, within, savepoint)
        self._tenant = tenant

    def _open(self, connection: Connection) -> None:
        self.counters = CounterRepository(connection, self._tenant)
        self.payment_sources = PaymentSourceRepository(connection, self._tenant)
        self.customers = CustomerRepository(connection, self._tenant, self.counters, self.payment_sources)
        self.contacts = ContactRepository(connection, self._tenant)
        self.idempotency_keys = IdempotencyRepository(connection, self._tenant)
        self.numbering_sequences = NumberingSequenceRepository(connection, self._tenant, self.counters)
        self.payment_modes = PaymentModeRepository(connection, self._tenant)
        self.payments = PaymentRepository(connection, self._tenant)
        self.credits = CreditRepository(connection, self._tenant)
        self.invoices = InvoiceRepository(connection, self._tenant, self.payments)
        self.document_files = DocumentFileRepository(connection, self._tenant)
        self.outbox = OutboxRepository(connection, self._tenant)
        self._accounts = AccountRepository(connection)

    def account(self) -> Account:
        """The tenant's own account: the supplier its invoices name."""
        return self._accounts.get(self._tenant.account_id)


class AdminUnitOfWork(_Transaction):
    """Account administration and key look-ups, which sit above any one tenant."""

    accounts: AccountRepository
    links: LinkRepository
    provider_connections: ProviderConnectionRepository
    outbox_queue: OutboxQueue

    def __init__(self, database: Database, write: bool = True):
        super().__init__(database, write)

    def _open(self, connection: Connection) -> None:
        self.accounts = AccountRepository(connection)
        self.links = LinkRepository(connection)
        self.provider_connections = ProviderConnectionRepository(connection)
        self.outbox_queue = OutboxQueue(connection)

    def numbering_sequences(self, tenant: Tenant) -> NumberingSequenceRepository:
        """A new account's sequences, set up in the transaction that creates it."""
        return NumberingSequenceRepository(self._connection, tenant, CounterRepository(self._connection, tenant))
