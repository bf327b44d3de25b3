"""`billbook accounts check`: what an account's e-invoices lack, field by field, and what to set."""

import json
from typing import Annotated

import typer
from rich.markup import escape

from billbook.cli.common import DatabaseOption, console, fail, open_database
from billbook.documents.completeness import Gap, GapGroup
from billbook.documents.validation import Finding
from billbook.domain.errors import BillbookError
from billbook.domain.tenancy import Mode
from billbook.services import accounts, e_invoicing
from billbook.services.e_invoicing import AccountCheck, DocumentCheck

# Whose detail a gap is; where each is set: the account's by the command line, the others through the APIs
# (an issued document's by none: it cannot change).
ACCOUNT, PAYMENT_MODE, CUSTOMER, DOCUMENT = "account", "payment mode", "customer", "document"
_VAT_NUMBER = "tax_id (Invoiced), vat_number (Octobat v1), tax_number (Octobat v2)"
CUSTOMER_FIELDS = {
    "name": "name",
    "country": "country (Invoiced), billing_address_country (Octobat)",
    "vat_number": _VAT_NUMBER,
    "email": f"email, or else a VAT number: {_VAT_NUMBER}",
}
PAYMENT_MODE_FIELDS = {"iban": "details[iban] (Octobat v2 payment recipient)"}


def set_with(gap: Gap, whose: str) -> str | None:
    """What to set to fill the gap; None when nothing can (it is said as a warning)."""
    if gap.field is None:
        return None
    if whose == ACCOUNT:
        return f"billbook accounts update --account ID --{gap.field.replace('_', '-')} …"
    return (PAYMENT_MODE_FIELDS if whose == PAYMENT_MODE else CUSTOMER_FIELDS).get(gap.field, gap.field)


def check(
    account: Annotated[int, typer.Option("--account", help="Account id.")],
    mode: Annotated[Mode, typer.Option("--mode", help="live or test: whose customers and documents.")] = Mode.LIVE,
    documents: Annotated[int, typer.Option(
        "--documents", min=0, help="Validate the latest N issued invoices and credit notes (0: none).")] = 10,
    examples: Annotated[int, typer.Option(
        "--examples", min=1, help="Customers named for each missing detail.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Say what the account's e-invoices (EN 16931, French CTC) lack of the account, its payment
    modes and its customers, and what to set; exit 1 when something required is missing."""
    try:
        ctx = accounts.context_for(open_database(database), account, mode)
        found = e_invoicing.check_account(ctx, documents=documents, examples=examples)
    except BillbookError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps(_as_json(found, mode), ensure_ascii=False))
    else:
        _print(found, mode)
    raise typer.Exit(code=0 if found.complete else 1)


def _print(found: AccountCheck, mode: Mode) -> None:
    account = found.account
    console.print(f"[bold]Account {account.id}[/bold] {escape(account.name)} ({account.country}), {mode.value} mode")
    if found.complete:
        console.print("[green]E-invoices get every required detail.[/green]")
    else:
        console.print("[red]E-invoices lack required details.[/red]")
    _print_gaps("Seller (the account)", found.seller, ACCOUNT)
    _print_gaps("Payment modes", found.payment_modes, PAYMENT_MODE)
    console.print(f"\n[bold]Customers[/bold] ({found.customers_checked} checked)")
    if not found.buyers:
        console.print("  nothing missing")
    for group in found.buyers:
        _print_group(group)
    if found.documents:
        console.print(f"\n[bold]Latest issued documents[/bold] (validated against {', '.join(found.schematrons)})")
    for document in found.documents:
        _print_document(document)


def _print_gaps(title: str, gaps: tuple[Gap, ...], whose: str) -> None:
    console.print(f"\n[bold]{title}[/bold]")
    if not gaps:
        console.print("  nothing missing")
    for gap in gaps:
        _print_gap(gap, whose)


def _print_gap(gap: Gap, whose: str, count: str = "", indent: str = "  ") -> None:
    severity = "[red]error[/red]  " if gap.required else "[yellow]warning[/yellow]"
    about = f" of {escape(gap.subject)}" if gap.subject else ""
    rules = f" [{', '.join(gap.rules)}]" if gap.rules else " [recommended]"
    console.print(f"{indent}{severity} {gap.term} {gap.label}{about}{escape(rules)}{count}")
    console.print(f"{indent}         {escape(gap.needed_for)}", highlight=False)
    if (how := set_with(gap, whose)) is not None:
        console.print(f"{indent}         set: {escape(how)}", highlight=False)


def _print_group(group: GapGroup) -> None:
    customers = "customer" if group.count == 1 else "customers"
    _print_gap(group.gap, CUSTOMER, f": {group.count} {customers}")
    named = ", ".join(f"#{item.id} {item.name or item.number}" for item in group.examples)
    more = group.count - len(group.examples)
    console.print(f"           {escape(named)}{f' and {more} more' if more else ''}", highlight=False)


def _print_document(document: DocumentCheck) -> None:
    errors, warnings = document.errors, document.warnings
    head = f"  {escape(document.number)} ({document.kind.replace('_', ' ')}, {document.issue_date})"
    if not document.findings and not document.gaps:
        console.print(f"{head}: passes")
        return
    required = sum(gap.required for gap in document.gaps)
    console.print(f"{head}: {len(errors) + required} error(s), {len(warnings) + len(document.gaps) - required} "
                  "warning(s)")
    for gap in document.gaps:
        _print_gap(gap, DOCUMENT, indent="    ")
    for finding in errors:
        console.print(f"    [red]error[/red]   {escape(finding.rule)}: {escape(finding.text)}", highlight=False)
    for finding in warnings:
        console.print(f"    [yellow]warning[/yellow] {escape(finding.rule)}: {escape(finding.text)}", highlight=False)


def _as_json(found: AccountCheck, mode: Mode) -> dict:
    return {
        "account": found.account.id, "mode": mode.value, "complete": found.complete,
        "schematrons": list(found.schematrons),
        "seller": [_gap_json(gap, ACCOUNT) for gap in found.seller],
        "payment_modes": [_gap_json(gap, PAYMENT_MODE) for gap in found.payment_modes],
        "customers": {"checked": found.customers_checked, "missing": [
            {**_gap_json(group.gap, CUSTOMER), "count": group.count,
             "examples": [{"id": item.id, "number": item.number, "name": item.name} for item in group.examples]}
            for group in found.buyers]},
        "documents": [{"number": document.number, "kind": document.kind,
                       "issue_date": document.issue_date.isoformat(),
                       "gaps": [_gap_json(gap, DOCUMENT) for gap in document.gaps],
                       "errors": [_finding_json(finding) for finding in document.errors],
                       "warnings": [_finding_json(finding) for finding in document.warnings]}
                      for document in found.documents],
    }


def _gap_json(gap: Gap, whose: str) -> dict:
    return {"term": gap.term, "label": gap.label, "rules": list(gap.rules), "required": gap.required,
            "field": gap.field, "set_with": set_with(gap, whose), "needed_for": gap.needed_for,
            "subject": gap.subject}


def _finding_json(finding: Finding) -> dict:
    return {"rule": finding.rule, "text": finding.text, "location": finding.location}
