"""A customer's balance, computed from the ledger."""

from billbook.domain.balances import Balance, customer_balance
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
