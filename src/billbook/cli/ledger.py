"""`billbook sequences …` and `billbook payment-modes …`: an account's invoicing set-up."""

import json
from typing import Annotated, Optional

import typer
from rich.markup import escape

from billbook.cli.common import DatabaseOption, console, fail, open_database
from billbook.domain.errors import BillbookError
from billbook.domain.numbering import DEFAULT_FORMAT, NumberingSequence
from billbook.domain.payment_modes import PaymentMode
from billbook.domain.tenancy import Mode
from billbook.services import accounts, numbering, payment_modes
from billbook.services.context import AccountContext

sequences_app = typer.Typer(help="Invoice numbering sequences.", no_args_is_help=True)
payment_modes_app = typer.Typer(help="Payment modes: how customers can pay.", no_args_is_help=True)

AccountOption = Annotated[int, typer.Option("--account", help="Account id.")]
ModeOption = Annotated[Mode, typer.Option("--mode", help="live or test.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
ChronologicalOption = Annotated[Optional[bool], typer.Option(
    "--chronological/--no-chronological",
    help="Invoices dated in number order (the default for sellers in the EU, whose law asks it).")]


def _ledger(database: str | None, account: int, mode: Mode) -> AccountContext:
    return accounts.context_for(open_database(database), account, mode)


def _sequence_row(sequence: NumberingSequence) -> dict:
    return {"id": sequence.public_id, "prefix": sequence.prefix, "format": sequence.format, "reset": sequence.reset,
            "is_default": sequence.is_default, "chronological": sequence.chronological,
            "next_number": sequence.next_number, "name": sequence.name}


def _mode_row(mode: PaymentMode) -> dict:
    return {"id": mode.public_id, "name": mode.name, "type": mode.type, "iban": mode.iban, "bic": mode.bic,
            "details": mode.details}


def _show(rows: list[dict], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for row in rows:
        console.print("  ".join(f"{key}={escape(str(value))}" for key, value in row.items()
                                if value not in (None, {}, "")))


@sequences_app.command("create")
def create_sequence(
    account: AccountOption, mode: ModeOption,
    prefix: Annotated[str, typer.Option(help="Printed where the format says {prefix}.")],
    format: Annotated[str, typer.Option(help="Placeholders: {prefix} {yyyy} {yy} {mm} {dd} {counter:N}.")]
    = DEFAULT_FORMAT,
    reset: Annotated[str, typer.Option(help="Restart the counter: never, yearly or monthly.")] = "never",
    name: Annotated[Optional[str], typer.Option(help="A label for people.")] = None,
    default: Annotated[bool, typer.Option("--default", help="Number invoices from it when they name none.")] = False,
    chronological: ChronologicalOption = None,
    as_json: JsonOption = False, database: DatabaseOption = None,
) -> None:
    """Create a numbering sequence and show the number its next invoice would get."""
    changes = {"prefix": prefix, "format": format, "reset": reset, "name": name}
    if chronological is not None:
        changes["chronological"] = chronological
    try:
        sequence = numbering.create(_ledger(database, account, mode), changes, default)
    except BillbookError as error:
        fail(error)
    _show([_sequence_row(sequence)], as_json)


@sequences_app.command("list")
def list_sequences(account: AccountOption, mode: ModeOption, as_json: JsonOption = False,
                   database: DatabaseOption = None) -> None:
    """Every sequence of the account in that mode, with its next number."""
    try:
        found = numbering.all_sequences(_ledger(database, account, mode))
    except BillbookError as error:
        fail(error)
    _show([_sequence_row(sequence) for sequence in found], as_json)


@sequences_app.command("update")
def update_sequence(
    account: AccountOption, mode: ModeOption,
    sequence: Annotated[str, typer.Argument(help="The sequence's id (oc_ns_…).")],
    chronological: ChronologicalOption = None,
    name: Annotated[Optional[str], typer.Option(help="A label for people.")] = None,
    as_json: JsonOption = False, database: DatabaseOption = None,
) -> None:
    """Change a sequence's settings, such as whether its invoices must be dated in number order."""
    changes = {key: value for key, value in (("chronological", chronological), ("name", name)) if value is not None}
    try:
        changed = numbering.update(_ledger(database, account, mode), sequence, changes)
    except BillbookError as error:
        fail(error)
    _show([_sequence_row(changed)], as_json)


@sequences_app.command("set-default")
def set_default_sequence(
    account: AccountOption, mode: ModeOption,
    sequence: Annotated[str, typer.Argument(help="The sequence's id (oc_ns_…).")],
    as_json: JsonOption = False, database: DatabaseOption = None,
) -> None:
    """Make a sequence the one invoices are numbered from when they name none."""
    try:
        chosen = numbering.set_default(_ledger(database, account, mode), sequence)
    except BillbookError as error:
        fail(error)
    _show([_sequence_row(chosen)], as_json)


@payment_modes_app.command("create")
def create_payment_mode(
    account: AccountOption, mode: ModeOption,
    name: Annotated[str, typer.Option(help="Shown to customers, e.g. the bank's name.")],
    type: Annotated[str, typer.Option("--type", help="transfer, check or stripe.")],
    iban: Annotated[Optional[str], typer.Option(help="For transfers.")] = None,
    bic: Annotated[Optional[str], typer.Option()] = None,
    as_json: JsonOption = False, database: DatabaseOption = None,
) -> None:
    """Create a payment mode (a payment recipient in Octobat v2)."""
    try:
        created = payment_modes.create(_ledger(database, account, mode),
                                       {"name": name, "type": type, "iban": iban, "bic": bic})
    except BillbookError as error:
        fail(error)
    _show([_mode_row(created)], as_json)


@payment_modes_app.command("list")
def list_payment_modes(account: AccountOption, mode: ModeOption, as_json: JsonOption = False,
                       database: DatabaseOption = None) -> None:
    """Every payment mode of the account in that mode."""
    try:
        found = payment_modes.all_payment_modes(_ledger(database, account, mode))
    except BillbookError as error:
        fail(error)
    _show([_mode_row(item) for item in found], as_json)
