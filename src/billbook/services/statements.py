"""A customer's account statement, computed from the ledger when asked for (never archived).

Everything is read in one read transaction, so the statement's lines and its figures are those
of one moment; the figures come from the very queries `GET /customers/:id/balance` uses. How each
ledger event moves the running balance is told in `domain.statements`.
"""

from datetime import date

from billbook.domain import statements as rules
from billbook.domain.balance_forward import balance_forward_statement
from billbook.domain.customers import Customer
from billbook.domain.errors import NotFound
from billbook.domain.invoice_drafts import clean_currency
from billbook.domain.invoices import supplier_snapshot
from billbook.domain.statements import Figures, Statement
from billbook.services.context import AccountContext, utc_now


def statement(ctx: AccountContext, customer_id: int | str, *, type: str = rules.OPEN_ITEM,
              start: date | None = None, end: date | None = None, items: str | None = None,
              currency: str | None = None) -> Statement:
    """The customer's `open_item` statement (as of `end`, today by default; `items="past_due"`
    for past-due invoices only) or `balance_forward` statement (from `start` to `end`, by default
    the first day of the current month to today), in `currency`, or the customer's own, or the
    account's."""
    today = utc_now().date()
    asked = rules.statement_request(type, start, end, items, today)
    chosen = clean_currency("currency", currency) if currency not in (None, "") else None
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("Customer", customer_id)
        account = uow.account()
        chosen = chosen or customer.currency or account.currency
        outstanding = uow.invoices.outstanding(customer.id, today)
        available = uow.credits.current(customer.id, chosen)
        figures = Figures(outstanding.owed.get(chosen, 0), outstanding.open_credit_notes.get(chosen, 0), available)
        printed = {"customer": customer_lines(customer), "supplier": supplier_snapshot(account), "currency": chosen,
                   "end": asked.end, "today": today, "figures": figures}
        if asked.type == rules.OPEN_ITEM:
            return rules.open_item_statement(
                documents=uow.invoices.statement_documents(customer.id, chosen, open_only=True),
                past_due_only=asked.past_due_only, **printed)
        return balance_forward_statement(
            start=asked.start, documents=uow.invoices.statement_documents(customer.id, chosen),
            payments=uow.payments.statement_payments(customer.id, chosen),
            adjustments=uow.credits.adjustments(customer.id, chosen), available_credit=available, **printed)


def customer_lines(customer: Customer) -> dict:
    """The customer as a statement prints it."""
    return {"name": customer.name, "number": customer.number, "attention_to": customer.attention_to,
            "address_line1": customer.address1, "address_line2": customer.address2, "city": customer.city,
            "zip": customer.postal_code, "state": customer.state, "country": customer.country,
            "vat_number": customer.tax_id, "email": customer.email}
