"""Invoices of one tenant, with their lines and payment.

A draft may be rewritten or removed. An issued invoice's content cannot change here, only its
ledger state (paid, credited, voided, sent…); the database's triggers refuse the rest too, should
any code try.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, and_, bindparam, delete, exists, func, insert, select
from sqlalchemy.exc import IntegrityError

from billbook.domain.balances import Outstanding
from billbook.domain.invoices import CREDIT_NOTE, INVOICE, Invoice, InvoiceLine
from billbook.domain.listing import Cursor, ListQuery, Slice
from billbook.domain.statements import LedgerDocument
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.payments import PaymentRepository
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_INVOICES = RowMapping(Invoice, loaded_apart=("lines", "payment"))
_LINES = RowMapping(InvoiceLine)
# What may change on an issued invoice.
_LEDGER_STATE = ("amount_paid", "amount_credited", "voided", "closed", "sent", "viewed", "metadata", "updated_at")


def _owned_by_invoices(table):
    columns = table.c
    return select(table).where(and_(
        columns.account_id == bindparam("_account"), columns.livemode == bindparam("_live"),
        columns.invoice_id.in_(bindparam("_invoices", expanding=True))))


_I = tables.invoices.c
_OWED = _I.gross - _I.amount_paid - _I.amount_credited
_OPEN = and_(_I.account_id == bindparam("_account"), _I.livemode == bindparam("_live"),
             _I.customer_id == bindparam("_customer"), _I.draft.is_(False), _I.voided.is_(False), _OWED > 0)
_OWED_BY_CURRENCY = (select(_I.currency, func.sum(_OWED))
                     .where(_OPEN, _I.kind == INVOICE, _I.issue_date <= bindparam("_today")).group_by(_I.currency))
_PAST_DUE = select(exists().where(_OPEN, _I.kind == INVOICE, _I.due_date < bindparam("_today")))
_OPEN_CREDIT_NOTES = select(_I.currency, func.sum(_OWED)).where(_OPEN, _I.kind == CREDIT_NOTE).group_by(_I.currency)
# What `_OWED_BY_CURRENCY` sums, for a page of customers at once.
_OWED_BY_CUSTOMER = (select(_I.customer_id, _I.currency, func.sum(_OWED))
                     .where(_I.account_id == bindparam("_account"), _I.livemode == bindparam("_live"),
                            _I.customer_id.in_(bindparam("_customers", expanding=True)), _I.draft.is_(False),
                            _I.voided.is_(False), _OWED > 0, _I.kind == INVOICE, _I.issue_date <= bindparam("_today"))
                     .group_by(_I.customer_id, _I.currency))


_TENANT = and_(_I.account_id == bindparam("_account"), _I.livemode == bindparam("_live"))
# Asked each time an invoice is issued, so built once (and served by an index).
_LAST_ISSUE_DATE = select(func.max(_I.issue_date)).where(_TENANT, _I.sequence_id == bindparam("_sequence"),
                                                         _I.draft.is_(False))
_NUMBER_TAKEN = select(exists().where(_TENANT, _I.number == bindparam("_number"), _I.id != bindparam("_other")))


def open_balance_condition():
    """Customers owing something on an issued, unvoided invoice (the `open_balance` list filter)."""
    return select(_I.customer_id).where(_I.kind == INVOICE, _I.draft.is_(False), _I.voided.is_(False), _OWED > 0)


# An account statement's documents: the ledger columns only, in one currency.
_STATEMENT_DOCUMENTS = (select(_I.id, _I.kind, _I.number, _I.issue_date, _I.gross, _I.amount_paid,
                               _I.amount_credited, _I.voided, _I.due_date, _I.credited_invoice_id)
                        .where(_TENANT, _I.customer_id == bindparam("_customer"), _I.currency == bindparam("_currency"),
                               _I.draft.is_(False))
                        .order_by(_I.id))
_OPEN_STATEMENT_DOCUMENTS = _STATEMENT_DOCUMENTS.where(_I.voided.is_(False), _OWED > 0)

_LINES_OF = _owned_by_invoices(tables.invoice_lines).order_by(tables.invoice_lines.c.invoice_id,
                                                              tables.invoice_lines.c.position)


class InvoiceRepository:
    def __init__(self, connection: Connection, tenant: Tenant, payments: PaymentRepository):
        self._rows = TenantTable(connection, tenant, tables.invoices)
        self._payments = payments
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}
        self._tenant_columns = {"account_id": tenant.account_id, "livemode": tenant.livemode}

    def add(self, invoice: Invoice) -> bool:
        """Store a new invoice; False (nothing stored) when its number is taken. An issued one is
        written as a draft with its lines, then issued: the database accepts no line for an
        invoice already issued."""
        invoice.id = self._rows.insert_unless_taken({**_INVOICES.columns(invoice), "draft": True},
                                                    "uq_invoices_tenant_number")
        if invoice.id is None:
            return False
        self._add_lines(invoice)
        if not invoice.draft:
            self._rows.update(invoice.id, {"draft": False})
        return True

    def replace_draft(self, invoice: Invoice) -> bool:
        """Rewrite a draft whole, its lines included, and issue it when it is no longer a draft;
        False when its new number is taken (the caller must then give up the transaction)."""
        try:
            self._rows.update(invoice.id, {**_INVOICES.columns(invoice), "draft": True})
        except IntegrityError:
            return False
        self._rows.connection.execute(delete(tables.invoice_lines).where(
            tables.invoice_lines.c.invoice_id == invoice.id))
        self._add_lines(invoice)
        if not invoice.draft:
            self._rows.update(invoice.id, {"draft": False})
        return True

    def last_issue_date(self, sequence_id: int) -> date | None:
        """The latest issue date among the sequence's invoices (numbers and dates run in order)."""
        return self._rows.connection.execute(_LAST_ISSUE_DATE, {**self._scope, "_sequence": sequence_id}).scalar()

    def number_taken(self, number: str, other_than: int | None = None) -> bool:
        params = {**self._scope, "_number": number, "_other": other_than or 0}
        return bool(self._rows.connection.execute(_NUMBER_TAKEN, params).scalar())

    def remove_draft(self, invoice: Invoice) -> None:
        self._rows.connection.execute(delete(tables.invoice_lines).where(
            tables.invoice_lines.c.invoice_id == invoice.id))
        self._rows.delete(invoice.id)

    def save_state(self, invoice: Invoice) -> None:
        """Keep what happened to an invoice since it was issued (paid, credited, voided, sent…)."""
        self._rows.update(invoice.id, {name: getattr(invoice, name) for name in _LEDGER_STATE})

    def get(self, reference: int | str, for_update: bool = False) -> Invoice | None:
        row = self._rows.by_reference(reference, for_update)
        return self._complete([_INVOICES.entity(row)])[0] if row else None

    def outstanding(self, customer_id: int, today: date) -> Outstanding:
        """What the customer owes per currency, whether anything is past due, and what is left of
        their open credit notes: summed by the database (a customer may have thousands of invoices)."""
        params = {**self._scope, "_customer": customer_id, "_today": today}
        execute = self._rows.connection.execute
        return Outstanding(owed={currency: int(owed) for currency, owed in execute(_OWED_BY_CURRENCY, params)},
                           past_due=bool(execute(_PAST_DUE, params).scalar()),
                           open_credit_notes={currency: int(left) for currency, left in execute(_OPEN_CREDIT_NOTES,
                                                                                                params)})

    def owed_by_customers(self, customer_ids: list[int], today: date) -> dict[int, dict[str, int]]:
        """What each customer owes per currency, as `outstanding` counts it: one query for a page."""
        owed: dict[int, dict[str, int]] = defaultdict(dict)
        if customer_ids:
            params = {**self._scope, "_customers": customer_ids, "_today": today}
            for customer_id, currency, amount in self._rows.connection.execute(_OWED_BY_CUSTOMER, params):
                owed[customer_id][currency] = int(amount)
        return owed

    def statement_documents(self, customer_id: int, currency: str, open_only: bool = False) -> list[LedgerDocument]:
        """The customer's issued invoices and credit notes in a currency, in the order they were
        made, with what the ledger needs of them: one query, no lines, no snapshots. `open_only`:
        those with something left to pay or apply."""
        statement = _OPEN_STATEMENT_DOCUMENTS if open_only else _STATEMENT_DOCUMENTS
        rows = self._rows.connection.execute(statement, {**self._scope, "_customer": customer_id,
                                                         "_currency": currency})
        return [LedgerDocument(*row) for row in rows]

    def latest_issued_ids(self, limit: int) -> list[int]:
        """The ids of the last `limit` invoices and credit notes issued, latest first."""
        columns = tables.invoices.c
        statement = (select(columns.id).where(self._rows.owned, columns.draft.is_(False))
                     .order_by(columns.issue_date.desc(), columns.id.desc()).limit(limit))
        return list(self._rows.connection.execute(statement).scalars())

    def count_for_customer(self, customer_id: int) -> int:
        return self._rows.count(tables.invoices.c.customer_id == customer_id)

    def slice(self, cursor: Cursor, customer_id: int | None = None, issued_only: bool = False) -> Slice:
        columns = tables.invoices.c
        conditions = [columns.kind == INVOICE]
        if customer_id is not None:
            conditions.append(columns.customer_id == customer_id)
        if issued_only:
            conditions.append(columns.draft.is_(False))
        found = self._rows.slice(cursor, conditions, _INVOICES.entity)
        self._complete(found.items)
        return found

    def page(self, query: ListQuery, kind: str = INVOICE) -> tuple[list[Invoice], int]:
        columns = tables.invoices.c
        conditions = [columns.kind == kind]
        if query.dated_from is not None:
            conditions.append(columns.issue_date >= query.dated_from)
        if query.dated_until is not None:
            conditions.append(columns.issue_date <= query.dated_until)
        found, total = self._rows.page(query, conditions, _INVOICES.entity)
        return self._complete(found), total

    def for_customers(self, customer_ids: list[int]) -> dict[int, list[Invoice]]:
        """Each customer's invoices, newest first (for `include[]=invoices`)."""
        if not customer_ids:
            return {}
        columns = tables.invoices.c
        statement = (self._rows.select(columns.customer_id.in_(customer_ids), columns.kind == INVOICE)
                     .order_by(columns.id.desc()))
        found = self._complete([_INVOICES.entity(row) for row in self._rows.connection.execute(statement).mappings()])
        owned: dict[int, list[Invoice]] = defaultdict(list)
        for invoice in found:
            owned[invoice.customer_id].append(invoice)
        return owned

    def _add_lines(self, invoice: Invoice) -> None:
        for position, line in enumerate(invoice.lines):
            line.invoice_id, line.position = invoice.id, position
        if invoice.lines:
            rows = [{**_LINES.columns(line), **self._tenant_columns} for line in invoice.lines]
            statement = insert(tables.invoice_lines).returning(tables.invoice_lines.c.id, sort_by_parameter_order=True)
            ids = self._rows.connection.execute(statement, rows).scalars().all()
            for line, line_id in zip(invoice.lines, ids):
                line.id = line_id

    def _complete(self, invoices: list[Invoice]) -> list[Invoice]:
        """Read the invoices' lines and payments, two queries for any number of invoices."""
        if not invoices:
            return invoices
        by_id = {invoice.id: invoice for invoice in invoices}
        params = {**self._scope, "_invoices": list(by_id)}
        for row in self._rows.connection.execute(_LINES_OF, params).mappings():
            by_id[row["invoice_id"]].lines.append(_LINES.entity(row))
        for invoice_id, payment in self._payments.paying(list(by_id)).items():
            by_id[invoice_id].payment = payment
        return invoices
