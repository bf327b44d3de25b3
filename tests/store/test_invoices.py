"""Issued invoices cannot be changed or deleted, by any code: the database itself refuses."""

import pytest
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import DBAPIError

from billbook.domain.invoice_requests import clean_request
from billbook.domain.tenancy import Mode
from billbook.services import customers, invoice_requests, payment_modes
from billbook.store import tables
from tests.support.octobat_invoices import IBAN


@pytest.fixture
def issued(account):
    ctx = account.context(Mode.LIVE)
    bank = payment_modes.create(ctx, {"name": "Bank", "type": "transfer", "iban": IBAN}).public_id
    customer = customers.create(ctx, {"name": "Payer", "country": "FR"}).public_id
    request = clean_request({"livemode": True, "state": "confirmed", "currency": "EUR", "customer_id": customer,
                             "items": [{"description": "Service", "gross": 1200}], "payable_by": [bank]}, True)
    return invoice_requests.issue(ctx, request).invoice


@pytest.mark.parametrize("statement", [
    lambda invoice: update(tables.invoices).where(tables.invoices.c.id == invoice.id).values(number="INV-HACKED"),
    lambda invoice: update(tables.invoices).where(tables.invoices.c.id == invoice.id).values(gross=1),
    lambda invoice: update(tables.invoices).where(tables.invoices.c.id == invoice.id).values(customer={}),
    lambda invoice: delete(tables.invoices).where(tables.invoices.c.id == invoice.id),
    lambda invoice: update(tables.invoice_lines).where(tables.invoice_lines.c.invoice_id == invoice.id)
    .values(extratax=1),
    lambda invoice: delete(tables.invoice_lines).where(tables.invoice_lines.c.invoice_id == invoice.id),
])
def test_the_database_refuses_to_change_or_delete_an_issued_invoice(database, issued, statement):
    with pytest.raises(DBAPIError) as refused:
        with database.engine.begin() as connection:
            connection.execute(statement(issued))
    assert "issued invoices cannot be changed" in str(refused.value)


def test_only_what_happened_since_may_change_and_a_void_cannot_be_undone(database, issued):
    invoice_id = tables.invoices.c.id == issued.id
    with database.engine.begin() as connection:
        connection.execute(update(tables.invoices).where(invoice_id).values(
            amount_paid=issued.gross, sent=True, viewed=True, metadata={"crm": "42"}))
        connection.execute(update(tables.invoices).where(invoice_id).values(voided=True))
    with pytest.raises(DBAPIError):
        with database.engine.begin() as connection:
            connection.execute(update(tables.invoices).where(invoice_id).values(voided=False))


def test_an_issued_invoice_gains_no_line(database, account, issued):
    [line] = issued.lines
    with pytest.raises(DBAPIError) as refused:
        with database.engine.begin() as connection:
            connection.execute(insert(tables.invoice_lines).values(
                **{column: getattr(line, column) for column in ("name", "quantity", "unit_cost", "amount",
                                                                "discount", "extratax", "tax", "gross", "vat_rate",
                                                                "eservice", "discountable", "taxable",
                                                                "tax_category", "rule", "rate_overridden",
                                                                "metadata", "created_at")},
                public_id=line.public_id + "x", account_id=account.id,
                livemode=True, invoice_id=issued.id, position=1))
    assert "issued invoices cannot be changed" in str(refused.value)
