"""A customer's balance, computed from the ledger."""

from collections.abc import Iterable

from billbook.domain.balances import Balance, customer_balance
from billbook.domain.customers import Customer
from billbook.domain.errors import NotFound
from billbook.domain.invoice_drafts import clean_currency
from billbook.services.context import AccountContext, utc_now
from billbook.services.customers import CustomerReference


def balance(ctx: AccountContext, customer_id: CustomerReference, currency: str | None = None) -> Balance:
    """In `currency`, or the customer's own, or the account's."""
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("Customer", customer_id)
        chosen = clean_currency("currency", currency) if currency else customer.currency or uow.account().currency
        outstanding = uow.invoices.outstanding(customer.id, utc_now().date())
        return customer_balance(chosen, outstanding, uow.credits.history(customer.id, chosen))


def amounts_owed(ctx: AccountContext, customers: Iterable[Customer]) -> dict[int, int]:
    """What each customer owes today in its own currency (or the account's), in cents: the
    `total_outstanding` of its balance, for a whole page of customers in one query."""
    customers = list(customers)
    if not customers:
        return {}
    with ctx.unit_of_work(write=False) as uow:
        account_currency = uow.account().currency
        owed = uow.invoices.owed_by_customers([customer.id for customer in customers], utc_now().date())
    return {customer.id: owed.get(customer.id, {}).get(customer.currency or account_currency, 0)
            for customer in customers}
