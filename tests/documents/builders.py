"""Issued invoices, credit notes and statements built straight from the domain's dataclasses."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from billbook.domain import statements
from billbook.domain.customers import Customer
from billbook.domain.invoices import CREDIT_NOTE, Invoice, InvoiceLine, IssuedInvoice
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.statements import Aging, Statement, StatementLine
from billbook.domain.tax import place_of_supply
from billbook.domain.tax.lines import from_tax_excluded, from_tax_included

WHEN = datetime(2026, 3, 2, 9, 30)
ISSUED = date(2026, 3, 2)
IBAN = "FR76 3000 6000 0112 3456 7890 189"

SUPPLIER = {
    "name": "Atelier Numérique", "legal_form": "SAS", "siret": "52855165800029", "address": "25 rue du Petit Musc",
    "zip_code": "75004", "city": "Paris", "country": "FR", "vat_number": "FR60528551658", "capital_stock": "10000",
}
BUSINESS_CUSTOMER = {
    "name": "Brauerei Lindner GmbH", "address_line1": "Schillerstraße 12", "address_line2": None, "city": "München",
    "state": None, "zip": "80336", "country": "DE", "vat_number": "DE136695976",
}
CONSUMER = {
    "name": "Camille Martin", "address_line1": "4 place des Vosges", "address_line2": "Bâtiment B", "city": "Paris",
    "state": None, "zip": "75004", "country": "FR", "vat_number": None, "email": "camille.martin@example.fr",
}

MENTIONS = {
    "S": None,
    "AE": place_of_supply.REVERSE_CHARGE_MENTION,
    "K": place_of_supply.INTRA_COMMUNITY_MENTION,
    "G": place_of_supply.EXPORT_MENTION,
    "O": place_of_supply.OUT_OF_SCOPE_MENTION,
    "E": place_of_supply.EXEMPT_MENTION,
}


def line(name: str, cents: int, rate: str = "20", *, category: str = "S", tax_included: bool = False,
         quantity: str = "1", description: str | None = None, position: int = 0) -> InvoiceLine:
    """A line of `quantity` × (cents / quantity), taxed at `rate` percent (0 outside category S)."""
    vat_rate = Decimal(rate) if category == "S" else Decimal(0)
    amounts = from_tax_included(cents, vat_rate) if tax_included else from_tax_excluded(cents, vat_rate)
    qty = Decimal(quantity)
    return InvoiceLine(
        public_id=f"oc_it_{position}", name=name, amount=amounts.extratax, extratax=amounts.extratax,
        tax=amounts.tax, gross=amounts.gross, vat_rate=vat_rate, eservice=False, tax_category=category,
        declare_in="FR" if category == "S" else None, mention=MENTIONS.get(category), rule="test",
        rate_overridden=False, created_at=WHEN, quantity=qty, unit_cost=Decimal(amounts.extratax) / 100 / qty,
        description=description, position=position,
    )


def issued(lines: list[InvoiceLine], *, number: str = "F-2026-03-0042", kind: str = "invoice",
           business_type: str = "B2B", customer: dict[str, Any] | None = None,
           supplier: dict[str, Any] | None = None, currency: str = "EUR", amount_paid: int = 0,
           amount_credited: int = 0, voided: bool = False, payable_by: list[int] | None = None,
           notes: str | None = None, payment_modes: dict[int, PaymentMode] | None = None,
           evidence: dict[str, Any] | None = None) -> IssuedInvoice:
    lines = [_at(item, position) for position, item in enumerate(lines)]
    extratax = sum(item.extratax for item in lines)
    tax = sum(item.tax for item in lines)
    invoice = Invoice(
        public_id="oc_in_test", customer_id=1, sequence_id=1, number=number, currency=currency, issue_date=ISSUED,
        business_type=business_type,
        customer=customer if customer is not None else (BUSINESS_CUSTOMER if business_type == "B2B" else CONSUMER),
        supplier=supplier if supplier is not None else SUPPLIER, evidence=evidence or {}, payable_by=payable_by or [],
        subtotal=extratax, discounts=0, extratax=extratax, tax=tax, gross=extratax + tax, created_at=WHEN,
        updated_at=WHEN, due_date=date(2026, 4, 1), payment_terms="NET 30", notes=notes,
        amount_paid=amount_paid, amount_credited=amount_credited, voided=voided, kind=kind, lines=lines,
        credited_invoice_id=7 if kind == CREDIT_NOTE else None,
    )
    modes = payment_modes if payment_modes is not None else {1: transfer()}
    return IssuedInvoice(invoice=invoice, customer=Customer(id=1, public_id="oc_cu_test", number="CUST-00042",
                                                            name="now renamed", created_at=WHEN, updated_at=WHEN),
                         sequence_public_id="oc_ns_test", payment_modes=modes)


def _at(item: InvoiceLine, position: int) -> InvoiceLine:
    item.position = position
    return item


def transfer(mode_id: int = 1, name: str = "Virement SEPA") -> PaymentMode:
    return PaymentMode(id=mode_id, public_id=f"oc_pm_{mode_id}", name=name, type="transfer", created_at=WHEN,
                       updated_at=WHEN, iban=IBAN, bic="BNPAFRPPXXX")


def check(mode_id: int = 2) -> PaymentMode:
    return PaymentMode(id=mode_id, public_id=f"oc_pm_{mode_id}", name="Cheque", type="check", created_at=WHEN,
                       updated_at=WHEN, details={"payable_to": "Atelier Numérique SAS"})


def seed_invoice() -> IssuedInvoice:
    """The Octobat seed invoice: 10.00 tax included at 20 %, 20.00 tax included at 10 %, and
    40.00 before tax at 20 %."""
    return issued([line("Monthly subscription", 1000, "20", tax_included=True),
                   line("2 hours extratime", 2000, "10", tax_included=True),
                   line("Monthly subscription", 4000, "20")],
                  supplier={**SUPPLIER, "name": "Octobat", "legal_form": "Inc", "capital_stock": "1000",
                            "vat_number": "FR60528551658"},
                  business_type="B2C")


CUSTOMER_ON_STATEMENT = {**BUSINESS_CUSTOMER, "number": "CUST-00042"}


def open_item_statement(count: int = 6, *, past_due_only: bool = False) -> Statement:
    lines = []
    for n in range(count):
        day = date(2025, 9, 1 + n % 28)
        due = date(2025 + (n % 7 > 3), 1 + (n * 5) % 12, 1 + n % 28)
        total = 12000 + 1735 * n
        lines.append(StatementLine(day=day, kind=statements.INVOICE, reference=f"F-2025-{n + 1:04d}", amount=total,
                                   due_date=due, total=total, open_amount=total - (n % 3) * 1000))
    if not past_due_only:
        lines.append(StatementLine(day=date(2026, 2, 10), kind=statements.CREDIT_NOTE, reference="CN-2026-02-001",
                                   amount=-5000, total=-5000, open_amount=-5000))
    outstanding = sum(item.open_amount for item in lines if item.kind == statements.INVOICE)
    credit_notes = 0 if past_due_only else 5000
    aging = Aging(current=outstanding // 5, days_1_30=outstanding // 5, days_31_60=outstanding // 5,
                  days_61_90=outstanding // 5, over_90=outstanding - 4 * (outstanding // 5))
    return Statement(type=statements.OPEN_ITEM, currency="EUR", start=None, end=date(2026, 3, 2),
                     customer=CUSTOMER_ON_STATEMENT, supplier=SUPPLIER, lines=lines, past_due_only=past_due_only,
                     total_outstanding=outstanding, open_credit_notes=credit_notes, available_credits=2500,
                     balance_due=outstanding - credit_notes - 2500, aging=aging)


def balance_forward_statement(count: int = 8) -> Statement:
    balance = previous = 25000
    lines, invoiced, paid, credited = [], 0, 0, 0
    kinds = (statements.INVOICE, statements.PAYMENT, statements.INVOICE, statements.APPLIED_CREDIT)
    for n in range(count):
        kind = kinds[n % len(kinds)]
        amount = 10000 + 250 * n if kind == statements.INVOICE else -(7000 + 100 * n)
        balance += amount
        invoiced += amount if kind == statements.INVOICE else 0
        paid += -amount if kind == statements.PAYMENT else 0
        credited += -amount if kind == statements.APPLIED_CREDIT else 0
        lines.append(StatementLine(day=date(2026, 2, 1 + n % 28), kind=kind, reference=f"REF-{n:05d}", amount=amount,
                                   due_date=date(2026, 3, 3) if kind == statements.INVOICE else None, balance=balance))
    return Statement(type=statements.BALANCE_FORWARD, currency="EUR", start=date(2026, 2, 1), end=date(2026, 2, 28),
                     customer=CUSTOMER_ON_STATEMENT, supplier=SUPPLIER, lines=lines, previous_balance=previous,
                     total_invoiced=invoiced, total_paid=paid, total_credited=credited, total_outstanding=balance,
                     balance_due=balance, aging=Aging(current=balance // 2, days_1_30=balance - balance // 2))
