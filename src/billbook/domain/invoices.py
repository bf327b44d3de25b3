"""Invoices and credit notes: drafts until issued; once issued, numbered, taxed per line, and
never changed after, only paid, credited or voided.

An invoice keeps what was true when it was issued: the customer's and the supplier's details, each
line's VAT decision and the evidence it rested on. Corrections are credit notes, not edits.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from billbook.domain.numbering import NumberingSequence
from billbook.domain.payments import Payment

INVOICE, CREDIT_NOTE = "invoice", "credit_note"
# Credit notes are numbered in a series of their own, which never restarts.
CREDIT_NOTE_COUNTER = "credit_notes"
CREDIT_NOTE_FORMAT = "CN-{yyyy}-{mm}-{counter:3}"


# Credit notes are numbered in a series of their own, of this form.
CREDIT_NOTE_SERIES = NumberingSequence(id=None, public_id="", prefix="CN", format=CREDIT_NOTE_FORMAT,
                                       created_at=datetime.min, updated_at=datetime.min)


def credit_note_number(counter: int, on: date) -> str:
    """The number of the `counter`-th credit note, issued `on` that day."""
    return CREDIT_NOTE_SERIES.number(counter, on)


@dataclass(slots=True)
class InvoiceLine:
    public_id: str
    name: str
    amount: int  # cents: quantity × unit cost, before any discount
    extratax: int  # cents before tax: amount less discount
    tax: int
    gross: int  # cents tax included
    vat_rate: Decimal
    eservice: bool
    tax_category: str  # EN 16931: S, AE, K, G, O, E
    declare_in: str | None
    mention: str | None
    rule: str
    rate_overridden: bool
    created_at: datetime
    quantity: Decimal = Decimal(1)
    unit_cost: Decimal = Decimal(0)  # major units, may hold fractions of a cent
    discount: int = 0  # cents
    description: str | None = None
    discountable: bool = True
    taxable: bool = True
    metadata: dict[str, str] = field(default_factory=dict)
    position: int = 0
    id: int | None = None
    invoice_id: int | None = None


@dataclass(slots=True)
class Invoice:
    public_id: str
    customer_id: int
    sequence_id: int | None
    number: str | None  # drawn when the invoice is issued; drafts have none
    currency: str
    issue_date: date
    business_type: str
    customer: dict[str, Any]  # the customer's details when issued
    supplier: dict[str, Any]  # the account's details when issued
    evidence: dict[str, Any]  # where the customer was found to be, and on what grounds
    payable_by: list[int]  # payment mode ids
    subtotal: int  # Σ line amounts
    discounts: int
    extratax: int  # subtotal less discounts
    tax: int
    gross: int  # the total
    created_at: datetime
    updated_at: datetime
    draft: bool = False
    name: str | None = None
    due_date: date | None = None
    payment_terms: str | None = None
    purchase_order: str | None = None
    notes: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # What happened to it since it was issued: the ledger's state, never its content.
    amount_paid: int = 0
    amount_credited: int = 0
    voided: bool = False
    closed: bool = False
    sent: bool = False
    viewed: bool = False
    kind: str = "invoice"  # or "credit_note"
    credited_invoice_id: int | None = None  # the invoice a credit note credits
    pdf_token: str | None = None  # the token of the link to its PDF
    id: int | None = None
    lines: list[InvoiceLine] = field(default_factory=list)
    # The latest payment applied to it (read with it; Octobat v1 shows it).
    payment: Payment | None = None

    @property
    def balance(self) -> int:
        """What is still owed: the total less what was paid and credited; nothing once voided."""
        return 0 if self.voided else self.gross - self.amount_paid - self.amount_credited

    @property
    def paid(self) -> bool:
        return not self.draft and not self.voided and self.balance <= 0

    def status(self, today: date) -> str:
        """The first that applies: voided, draft, paid, past_due, viewed, sent, not_sent; a credit
        note is open while some of it is left to apply, then closed."""
        if self.voided:
            return "voided"
        if self.draft:
            return "draft"
        if self.kind == CREDIT_NOTE:
            return "open" if self.balance > 0 else "closed"
        if self.paid:
            return "paid"
        if self.due_date is not None and self.due_date < today:
            return "past_due"
        return "viewed" if self.viewed else "sent" if self.sent else "not_sent"


def customer_snapshot(customer: Any) -> dict[str, Any]:
    """The customer's details as the invoice must print them (Dir. 2006/112/EC art. 226), and the
    email address its e-invoice names as the buyer's electronic address (EN 16931 BT-49)."""
    return {"name": customer.name, "address_line1": customer.address1, "address_line2": customer.address2,
            "city": customer.city, "state": customer.state, "zip": customer.postal_code,
            "country": customer.country, "vat_number": customer.tax_id, "email": customer.email}


def supplier_snapshot(account: Any) -> dict[str, Any]:
    """The account's details as the invoice must print them (with France's legal form, SIRET and
    share capital)."""
    address = ", ".join(part for part in (account.address_line1, account.address_line2) if part)
    return {"name": account.name, "legal_form": account.legal_form, "siret": account.siret,
            "address": address or None, "zip_code": account.zip, "city": account.city, "country": account.country,
            "vat_number": account.vat_number,
            "capital_stock": _plain(account.capital_stock) if account.capital_stock is not None else None}


def _plain(amount: Decimal) -> str:
    """1000 rather than 1000.00 or 1E+3."""
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral_value() else str(amount)


@dataclass(frozen=True, slots=True)
class IssuedInvoice:
    """An invoice with what showing it needs: its customer now, its sequence, its payment modes."""
    invoice: Invoice
    customer: Any  # Customer
    sequence_public_id: str | None  # None for a draft
    payment_modes: dict[int, Any]  # id → PaymentMode
