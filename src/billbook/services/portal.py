"""A customer's billing page, reached by the customer's link without an API key: what the customer
owes, their invoices, credit notes, payments and statement, and their billing details, which
they may correct. The link's token is all its holder has; it names one customer of one tenant,
and any other token is not found."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from billbook import documents
from billbook.domain import customers as rules
from billbook.domain.accounts import Account
from billbook.domain.balances import Balance
from billbook.domain.customers import Customer
from billbook.domain.errors import NotFound
from billbook.domain.identifiers import could_be_link_token
from billbook.domain.invoices import CREDIT_NOTE, INVOICE, Invoice
from billbook.domain.listing import ListQuery, Page
from billbook.domain.payments import Payment
from billbook.domain.statements import Statement
from billbook.services import balances, customers, statements
from billbook.services.context import AccountContext, utc_now
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork

# What the customer may change of their billing details, as the form names them. `vat_number` is
# the API's own parameter: the same format and checksum rules apply (domain.tax_numbers).
EDITABLE_DETAILS = ("name", "email", "phone", "address1", "address2", "city", "state", "postal_code", "country",
                    "vat_number")
# The newest documents and payments shown; the statement covers the rest.
SHOWN = 100


@dataclass(frozen=True, slots=True)
class BillingPage:
    customer: Customer
    seller: Account
    language: str
    today: date
    balances: list[Balance]  # one per currency the customer is billed in
    statement: Statement
    invoices: list[Invoice]  # issued, newest first
    credit_notes: list[Invoice]
    payments: list[Payment]  # not voided, newest first


def page_context(database: Database, token: str) -> tuple[AccountContext, int]:
    """The tenant and customer the billing page's token names; NotFound for any other token."""
    if not could_be_link_token(token):
        raise NotFound("Customer", "")
    with AdminUnitOfWork(database, write=False) as admin:
        found = admin.links.customer_for_page(token)
    if found is None:
        raise NotFound("Customer", "")
    tenant, country, customer_id = found
    return AccountContext(tenant, database, country), customer_id


def billing_page(database: Database, token: str, *, type: str = "open_item", start: date | None = None,
                 end: date | None = None, items: str | None = None, currency: str | None = None) -> BillingPage:
    """Everything the page shows, with the statement asked for (InvalidParam for a bad period)."""
    ctx, customer_id = page_context(database, token)
    with ctx.unit_of_work(write=False) as uow:
        customer = uow.customers.get(customer_id)
        seller = uow.account()
        newest = Page(1, SHOWN)
        documents_query = ListQuery(filters={"customer_id": customer_id, "draft": False},
                                    sort=("issue_date", True), page=newest)
        invoices, _ = uow.invoices.page(documents_query, INVOICE)
        credit_notes, _ = uow.invoices.page(documents_query, CREDIT_NOTE)
        payments, _ = uow.payments.page(ListQuery(filters={"customer_id": customer_id, "voided": False},
                                                  sort=("date", True), page=newest))
    statement = statements.statement(ctx, customer_id, type=type, start=start, end=end, items=items,
                                     currency=currency)
    billed_in = {customer.currency or seller.currency} | {document.currency for document in invoices + credit_notes}
    return BillingPage(
        customer=customer, seller=seller, language=documents.document_language(customer.language, seller.country),
        today=utc_now().date(), balances=[balances.balance(ctx, customer_id, code) for code in sorted(billed_in)],
        statement=statement, invoices=invoices, credit_notes=credit_notes, payments=payments)


def update_details(database: Database, token: str, form: Mapping[str, str]) -> Customer:
    """The customer's billing details as corrected on the page, checked as the API checks them.
    An issued invoice keeps the details it was issued with (its snapshot)."""
    ctx, customer_id = page_context(database, token)
    changes = {}
    for name in EDITABLE_DETAILS:
        if name in form:
            value = form[name].strip()
            # A blank field clears the detail; the name is required (the rules say so).
            changes[name] = value if value or name == "name" else None
    return customers.update(ctx, customer_id, changes)


def new_vat_number(database: Database, token: str, form: Mapping[str, str]) -> str | None:
    """The VAT number the form would store, when it differs from the customer's (to be confirmed
    with VIES first); InvalidParam when it is no valid number at all."""
    ctx, customer_id = page_context(database, token)
    customer = customers.retrieve(ctx, customer_id)
    number = (form.get("vat_number") or "").strip()
    if not number:
        return None
    country = (form.get("country") or "").strip() or None
    cleaned = rules.clean_changes({"vat_number": number, **({"country": country} if country else {})},
                                  current_country=customer.country)["tax_id"]
    return cleaned if cleaned != customer.tax_id else None


def page_token(ctx: AccountContext, customer_id: int) -> str:
    """The token of the customer's billing-page link (for a message that carries the link)."""
    return customers.retrieve(ctx, customer_id).portal_token
