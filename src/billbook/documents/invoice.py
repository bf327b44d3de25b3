"""An issued invoice or credit note as a PDF carrying what EU law (Directive 2006/112/EC art. 226)
and French law ask of an invoice, all taken from what the invoice kept when it was issued."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from billbook.documents import formatting, typesetting
from billbook.documents.formatting import Formatter
from billbook.documents.labels import labels, mention
from billbook.documents.parties import customer_block, supplier_block
from billbook.domain.invoices import CREDIT_NOTE, Invoice, InvoiceLine, IssuedInvoice
from billbook.domain.tax.territories import EU_MEMBER_STATES

STANDARD = "S"
# The fixed indemnity for recovery costs owed by a business paying late, in euros whatever the
# invoice's currency (Directive 2011/7/EU art. 6; French Commercial Code art. D441-5).
RECOVERY_INDEMNITY = Decimal(40)


def invoice_pdf(issued: IssuedInvoice, *, credited_number: str | None = None, language: str = "en",
                paper: str = "a4") -> bytes:
    """The PDF of an issued invoice or credit note; `credited_number` is the number of the invoice
    a credit note credits. Rendered from the invoice's snapshots only (the customer as it is now
    gives its number alone), so the same invoice always gives the same bytes."""
    invoice = issued.invoice
    data = invoice_document(issued, credited_number=credited_number,
                            language=formatting.supported_language(language), paper=formatting.checked_paper(paper))
    return typesetting.render("invoice", data, dated=invoice.issue_date)


def invoice_document(issued: IssuedInvoice, *, credited_number: str | None, language: str,
                     paper: str) -> dict[str, Any]:
    """What the invoice template prints, every value already written out for the reader."""
    invoice = issued.invoice
    words = labels(language)
    supplier_country = (invoice.supplier.get("country") or "").upper() or None
    fmt = Formatter.for_document(language, supplier_country, invoice.currency)
    credit_note = invoice.kind == CREDIT_NOTE
    title = words["credit_note" if credit_note else "invoice"]
    b2b = invoice.business_type == "B2B"
    supplier = supplier_block(invoice.supplier, fmt, words)
    return {
        "paper": paper,
        "lang": language,
        "title": title,
        "heading": f"{title} {invoice.number or ''}".strip(),
        "voided": words["voided"] if invoice.voided else "",
        "voided_note": words["voided_note"] if invoice.voided else "",
        "reference": words["credits_invoice"].format(number=credited_number) if credit_note and credited_number
        else "",
        "supplier": supplier,
        "bill_to": words["bill_to"],
        "customer": customer_block(invoice.customer, fmt, words, show_vat_number=b2b),
        "meta": _meta(issued, fmt, words),
        "columns": [words[key] for key in ("description", "quantity", "unit_price", "vat_rate", "vat_amount",
                                           "line_total", "line_gross")],
        "lines": [_line(line, fmt, words) for line in sorted(invoice.lines, key=lambda line: line.position)],
        "totals": _totals(invoice, fmt, words, credit_note),
        "vat": {"title": words["vat_breakdown"],
                "columns": [words["vat_rate"], words["taxable_amount"], words["vat_amount"]],
                "rows": _vat_breakdown(invoice.lines, fmt, words)},
        "mentions": _mentions(invoice.lines, language),
        "late_payment": _late_payment(fmt, words, supplier_country) if b2b and not credit_note else "",
        "notes": {"title": words["notes"], "text": invoice.notes or ""},
        "payment": {"title": words["payment_details"], "modes": _payment_modes(issued, words)},
        "footer": " · ".join(part for part in [supplier["name"], *supplier["legal"]] if part),
        "page": words["page"],
    }


def _meta(issued: IssuedInvoice, fmt: Formatter, words: dict[str, str]) -> list[list[str]]:
    invoice = issued.invoice
    rows = [[words["number"], invoice.number or ""], [words["issue_date"], fmt.long_date(invoice.issue_date)],
            # Billbook invoices a supply on the day it is made: the date of supply is the issue date.
            [words["supply_date"], fmt.long_date(invoice.issue_date)]]
    if invoice.due_date:
        rows.append([words["due_date"], fmt.long_date(invoice.due_date)])
    if invoice.payment_terms:
        rows.append([words["payment_terms"], invoice.payment_terms])
    customer_number = getattr(issued.customer, "number", None)
    if customer_number:
        rows.append([words["customer_number"], customer_number])
    if invoice.purchase_order:
        rows.append([words["purchase_order"], invoice.purchase_order])
    return rows


def _line(line: InvoiceLine, fmt: Formatter, words: dict[str, str]) -> dict[str, str]:
    return {
        "name": line.name or "",
        "description": line.description or "",
        "note": _treatment(line.tax_category, words),
        "discount": words["discount"].format(amount=fmt.money(-line.discount)) if line.discount else "",
        "quantity": fmt.quantity(line.quantity),
        "unit_price": fmt.unit_price(line.unit_cost),
        "rate": fmt.rate(line.vat_rate),
        "tax": fmt.money(line.tax),
        "total": fmt.money(line.extratax),
        "gross": fmt.money(line.gross),
    }


def _treatment(category: str, words: dict[str, str]) -> str:
    """The name of a VAT treatment other than the standard one."""
    return "" if category == STANDARD else words.get(f"category_{category}", category)


def _totals(invoice: Invoice, fmt: Formatter, words: dict[str, str], credit_note: bool) -> list[dict[str, Any]]:
    rows = []
    if invoice.discounts:
        rows += [(words["subtotal"], invoice.subtotal, ""), (words["discounts"], -invoice.discounts, "")]
    rows += [(words["total_excl"], invoice.extratax, ""), (words["total_vat"], invoice.tax, ""),
             (words["total_incl"], invoice.gross, "strong")]
    if credit_note:
        used = invoice.amount_paid + invoice.amount_credited
        if used:
            rows.append((words["applied"], -used, ""))
        rows.append((words["credit_remaining"], invoice.balance, "due"))
    else:
        rows.append((words["paid"], -invoice.amount_paid, ""))
        if invoice.amount_credited:
            rows.append((words["credited"], -invoice.amount_credited, ""))
        rows.append((words["amount_due"], invoice.balance, "due"))
    return [{"label": label, "value": fmt.money(cents), "style": style} for label, cents, style in rows]


def _vat_breakdown(lines: Iterable[InvoiceLine], fmt: Formatter, words: dict[str, str]) -> list[list[str]]:
    """Taxable amount and VAT per rate and treatment (art. 226(8) and (10))."""
    groups: dict[tuple[str, Decimal], list[int]] = {}
    for line in lines:
        totals = groups.setdefault((line.tax_category, line.vat_rate), [0, 0])
        totals[0] += line.extratax
        totals[1] += line.tax
    ordered = sorted(groups.items(), key=lambda item: (item[0][0] != STANDARD, -item[0][1], item[0][0]))
    rows = []
    for (category, rate), (base, tax) in ordered:
        label = words["vat_standard"].format(rate=fmt.rate(rate)) if category == STANDARD \
            else f"{_treatment(category, words)} ({fmt.rate(rate)})"
        rows.append([label, fmt.money(base), fmt.money(tax)])
    return rows


def _mentions(lines: Iterable[InvoiceLine], language: str) -> list[str]:
    """Each line's legal mention, once, in the order the lines first give them."""
    seen: dict[str, None] = {}
    for line in sorted(lines, key=lambda line: line.position):
        if line.mention:
            seen.setdefault(mention(line.mention, language))
    return list(seen)


def _late_payment(fmt: Formatter, words: dict[str, str], supplier_country: str | None) -> str:
    """What a business customer owes when it pays late (French Commercial Code art. L441-10,
    Directive 2011/7/EU)."""
    if supplier_country and supplier_country not in EU_MEMBER_STATES:
        return ""
    law = words["late_payment_law_fr" if supplier_country in (None, "FR") else "late_payment_law_eu"]
    return words["late_payment"].format(amount=fmt.major(RECOVERY_INDEMNITY, "EUR"), law=law)


def _payment_modes(issued: IssuedInvoice, words: dict[str, str]) -> list[dict[str, Any]]:
    """The modes the invoice names, in its order; all the account's when it names none."""
    ids = issued.invoice.payable_by or list(issued.payment_modes)
    modes = []
    for mode in (issued.payment_modes.get(mode_id) for mode_id in ids):
        if mode is None:
            continue
        details = []
        if mode.iban:
            details.append(f"{words['iban']} {mode.iban}")
        if mode.bic:
            details.append(f"{words['bic']} {mode.bic}")
        details += [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in (mode.details or {}).items()]
        modes.append({"name": mode.name or "", "type": words.get(f"mode_{mode.type}", mode.type or ""),
                      "details": details})
    return modes
