"""A customer's account statement as a PDF: open items as of a day, or the activity of a period
with a running balance; both with the aging of what is owed."""

from typing import Any

from billbook.documents import formatting, typesetting
from billbook.documents.formatting import Formatter
from billbook.documents.labels import labels
from billbook.documents.parties import customer_block, supplier_block
from billbook.domain.statements import BALANCE_FORWARD, Statement, StatementLine


def statement_pdf(statement: Statement, *, language: str = "en", paper: str = "a4") -> bytes:
    """The PDF of a statement, dated its last day: the same statement gives the same bytes."""
    data = statement_document(statement, language=formatting.supported_language(language),
                              paper=formatting.checked_paper(paper))
    return typesetting.render("statement", data, dated=statement.end)


def statement_document(statement: Statement, *, language: str, paper: str) -> dict[str, Any]:
    """What the statement template prints, every value already written out for the reader."""
    words = labels(language)
    supplier_country = (statement.supplier.get("country") or "").upper() or None
    fmt = Formatter.for_document(language, supplier_country, statement.currency)
    supplier = supplier_block(statement.supplier, fmt, words)
    customer = customer_block(statement.customer, fmt, words, show_vat_number=True)
    forward = statement.type == BALANCE_FORWARD
    if forward:
        period = words["period_range"].format(start=fmt.long_date(statement.start), end=fmt.long_date(statement.end))
        meta = [[words["period"], period]]
        section = words["balance_forward"]
        table = _activity(statement, fmt, words)
        summary = _forward_summary(statement, fmt, words)
    else:
        meta = [[words["as_of"], fmt.long_date(statement.end)]]
        section = words["past_due_items" if statement.past_due_only else "open_item"]
        table = _open_items(statement, fmt, words)
        summary = _open_summary(statement, fmt, words)
    if statement.customer.get("number"):
        meta.append([words["customer_number"], statement.customer["number"]])
    aging = statement.aging
    return {
        "paper": paper,
        "lang": language,
        "title": words["statement"],
        "heading": f"{words['statement']} {customer['name']} {fmt.long_date(statement.end)}".strip(),
        "supplier": supplier,
        "customer": customer,
        "bill_to": words["bill_to"],
        "meta": meta,
        "summary": {"title": words["summary"], "rows": summary},
        "aging": {"title": words["aging"],
                  "buckets": [[words["aging_current"], fmt.money(aging.current)],
                              [words["aging_1_30"], fmt.money(aging.days_1_30)],
                              [words["aging_31_60"], fmt.money(aging.days_31_60)],
                              [words["aging_61_90"], fmt.money(aging.days_61_90)],
                              [words["aging_over_90"], fmt.money(aging.over_90)]]},
        "section": section,
        "table": table,
        "empty": "" if statement.lines else words["no_activity" if forward else "nothing_open"],
        "footer": " · ".join(part for part in [supplier["name"], *supplier["legal"]] if part),
        "page": words["page"],
    }


def _kind(line: StatementLine, words: dict[str, str]) -> str:
    return words.get(f"kind_{line.kind}", line.kind)


def _open_items(statement: Statement, fmt: Formatter, words: dict[str, str]) -> dict[str, Any]:
    rows = [[fmt.short_date(line.day), _kind(line, words), line.reference or "", fmt.short_date(line.due_date),
             fmt.money(line.total if line.total is not None else line.amount),
             fmt.money(line.open_amount if line.open_amount is not None else line.amount)]
            for line in statement.lines]
    return {"columns": [words[key] for key in ("date", "document", "number", "due_date", "total", "open_amount")],
            "align": ["left", "left", "left", "left", "right", "right"], "rows": rows, "first": [], "last": []}


def _activity(statement: Statement, fmt: Formatter, words: dict[str, str]) -> dict[str, Any]:
    rows, balance = [], statement.previous_balance
    for line in statement.lines:
        balance = line.balance if line.balance is not None else balance + line.amount
        kind = _kind(line, words)
        if line.amount > 0:
            charge, credit = fmt.money(line.amount), ""
        elif line.amount < 0:
            charge, credit = "", fmt.money(-line.amount)
        else:
            # Money received but not applied, or credit moved from one figure to another: it leaves the
            # balance as it was, and the line says how much it was.
            charge = credit = ""
            if line.total:
                kind = f"{kind} ({fmt.money(line.total)})"
        rows.append([fmt.short_date(line.day), kind, line.reference or "", charge, credit, fmt.money(balance)])
    return {"columns": [words[key] for key in ("date", "document", "reference", "charges", "credits", "balance")],
            "align": ["left", "left", "left", "right", "right", "right"], "rows": rows,
            "first": [fmt.short_date(statement.start), words["previous_balance"], "", "", "",
                      fmt.money(statement.previous_balance)],
            "last": [fmt.short_date(statement.end), words["closing_balance"], "", "", "", fmt.money(balance)]}


def _closing_balance(statement: Statement) -> int:
    if statement.lines and statement.lines[-1].balance is not None:
        return statement.lines[-1].balance
    return statement.previous_balance + sum(line.amount for line in statement.lines)


def _open_summary(statement: Statement, fmt: Formatter, words: dict[str, str]) -> list[dict[str, str]]:
    if statement.past_due_only:
        past_due = sum(line.open_amount if line.open_amount is not None else line.amount for line in statement.lines)
        return [{"label": words["past_due_balance"], "value": fmt.money(past_due), "style": "due"}]
    rows = [(words["total_outstanding"], statement.total_outstanding, "")]
    if statement.open_credit_notes:
        rows.append((words["open_credit_notes"], -statement.open_credit_notes, ""))
    if statement.available_credits:
        rows.append((words["available_credits"], -statement.available_credits, ""))
    rows.append((words["total_balance"], statement.balance_due, "due"))
    return [{"label": label, "value": fmt.money(cents), "style": style} for label, cents, style in rows]


def _forward_summary(statement: Statement, fmt: Formatter, words: dict[str, str]) -> list[dict[str, str]]:
    rows = [(words["previous_balance"], statement.previous_balance, ""),
            (words["total_invoiced"], statement.total_invoiced, ""),
            (words["total_paid"], -statement.total_paid, ""),
            (words["total_credited"], -statement.total_credited, ""),
            (words["closing_balance"], _closing_balance(statement), "due")]
    return [{"label": label, "value": fmt.money(cents), "style": style} for label, cents, style in rows]
