"""Payments of one tenant, with what each was applied to."""

from collections import defaultdict

from sqlalchemy import Connection, and_, bindparam, func, insert, select

from billbook.domain.listing import ListQuery
from billbook.domain.payments import Application, Payment
from billbook.domain.statements import LedgerApplication, LedgerPayment
from billbook.domain.tenancy import Tenant
from billbook.store import tables
from billbook.store.rows import RowMapping
from billbook.store.scoped import TenantTable

_PAYMENTS = RowMapping(Payment, loaded_apart=("applications",))
_APPLICATIONS = RowMapping(Application)
_APPLIED = tables.payment_applications.c
_APPLICATIONS_OF = select(tables.payment_applications).where(and_(
    _APPLIED.account_id == bindparam("_account"), _APPLIED.livemode == bindparam("_live"),
    _APPLIED.payment_id.in_(bindparam("_payments", expanding=True)))).order_by(_APPLIED.id)
# The payments applied to some invoices, voided ones left out (an Octobat invoice shows its payment).
_PAYING = (select(tables.payments, _APPLIED.invoice_id.label("paid_invoice"))
           .join(tables.payment_applications, _APPLIED.payment_id == tables.payments.c.id)
           .where(_APPLIED.account_id == bindparam("_account"), _APPLIED.livemode == bindparam("_live"),
                  _APPLIED.invoice_id.in_(bindparam("_invoices", expanding=True)),
                  tables.payments.c.voided.is_(False))
           .order_by(tables.payments.c.id))
# What payments not voided have spent of a credit note.
_SPENDING_NOTE = (select(func.coalesce(func.sum(_APPLIED.amount), 0))
                  .join(tables.payments, _APPLIED.payment_id == tables.payments.c.id)
                  .where(_APPLIED.account_id == bindparam("_account"), _APPLIED.livemode == bindparam("_live"),
                         _APPLIED.credit_note_id == bindparam("_note"), tables.payments.c.voided.is_(False)))

# An account statement's payments: those standing (not voided) in one currency, and what they applied.
_P = tables.payments.c
_STANDING = and_(_P.account_id == bindparam("_account"), _P.livemode == bindparam("_live"),
                 _P.customer_id == bindparam("_customer"), _P.currency == bindparam("_currency"),
                 _P.voided.is_(False))
_STATEMENT_PAYMENTS = select(_P.id, _P.date, _P.amount, _P.reference).where(_STANDING).order_by(_P.id)
_STATEMENT_APPLICATIONS = (select(_APPLIED.payment_id, _APPLIED.kind, _APPLIED.amount, _APPLIED.invoice_id,
                                  _APPLIED.credit_note_id)
                           .join(tables.payments, _APPLIED.payment_id == _P.id)
                           .where(_STANDING, _APPLIED.account_id == bindparam("_account"),
                                  _APPLIED.livemode == bindparam("_live"))
                           .order_by(_APPLIED.id))


class PaymentRepository:
    def __init__(self, connection: Connection, tenant: Tenant):
        self._rows = TenantTable(connection, tenant, tables.payments)
        self._scope = {"_account": tenant.account_id, "_live": tenant.livemode}
        self._tenant_columns = {"account_id": tenant.account_id, "livemode": tenant.livemode}

    def add(self, payment: Payment) -> Payment:
        payment.id = self._rows.insert(_PAYMENTS.columns(payment))
        if payment.applications:
            for application in payment.applications:
                application.payment_id = payment.id
            rows = [{**_APPLICATIONS.columns(a), **self._tenant_columns} for a in payment.applications]
            statement = insert(tables.payment_applications).returning(_APPLIED.id, sort_by_parameter_order=True)
            for application, application_id in zip(payment.applications,
                                                    self._rows.connection.execute(statement, rows).scalars()):
                application.id = application_id
        return payment

    def get(self, reference: int | str, for_update: bool = False) -> Payment | None:
        row = self._rows.by_reference(reference, for_update)
        return self._complete([_PAYMENTS.entity(row)])[0] if row else None

    def save_state(self, payment: Payment) -> None:
        self._rows.update(payment.id, {name: getattr(payment, name)
                                       for name in ("voided", "reference", "notes", "metadata", "updated_at")})

    def count_for_customer(self, customer_id: int) -> int:
        return self._rows.count(tables.payments.c.customer_id == customer_id)

    def page(self, query: ListQuery) -> tuple[list[Payment], int]:
        found, total = self._rows.page(query, [], _PAYMENTS.entity)
        return self._complete(found), total

    def paying(self, invoice_ids: list[int]) -> dict[int, Payment]:
        """The latest payment applied to each invoice, if any (voided payments left out)."""
        if not invoice_ids:
            return {}
        rows = self._rows.connection.execute(_PAYING, {**self._scope, "_invoices": invoice_ids}).mappings()
        return {row["paid_invoice"]: _PAYMENTS.entity(row) for row in rows}

    def spent_of_credit_note(self, note_id: int) -> int:
        """How much of the credit note payments still standing have spent on other invoices."""
        return self._rows.connection.execute(_SPENDING_NOTE, {**self._scope, "_note": note_id}).scalar_one()

    def statement_payments(self, customer_id: int, currency: str) -> list[LedgerPayment]:
        """The customer's payments in a currency not voided, oldest first, each with what it was
        applied to: two queries for any number of payments."""
        params = {**self._scope, "_customer": customer_id, "_currency": currency}
        execute = self._rows.connection.execute
        applied: dict[int, list[LedgerApplication]] = defaultdict(list)
        for payment_id, *application in execute(_STATEMENT_APPLICATIONS, params):
            applied[payment_id].append(LedgerApplication(*application))
        return [LedgerPayment(payment_id, day, amount, reference, tuple(applied.get(payment_id, ())))
                for payment_id, day, amount, reference in execute(_STATEMENT_PAYMENTS, params)]

    def _complete(self, payments: list[Payment]) -> list[Payment]:
        if not payments:
            return payments
        by_id = {payment.id: payment for payment in payments}
        owned: dict[int, list[Application]] = defaultdict(list)
        rows = self._rows.connection.execute(_APPLICATIONS_OF, {**self._scope, "_payments": list(by_id)}).mappings()
        for row in rows:
            owned[row["payment_id"]].append(_APPLICATIONS.entity(row))
        for payment_id, payment in by_id.items():
            payment.applications = owned.get(payment_id, [])
        return payments
