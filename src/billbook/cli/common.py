"""What every command shares: the console, the database option, how errors are shown."""

from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

from billbook import config
from billbook.domain.errors import BillbookError
from billbook.services.ledger import Ledger
from billbook.services.ledger import migrate as migrate_ledger

console = Console(soft_wrap=True)

DatabaseOption = Annotated[Optional[str], typer.Option("--database", help="Database URL (default: SQLite under var/).")]


def open_database(url: str | None) -> Ledger:
    return migrate_ledger(config.load().with_overrides(database_url=url).database_url)


def fail(error: BillbookError) -> NoReturn:
    # Messages quote what the user typed, which may hold rich markup's square brackets.
    where = f" ({escape(error.param)})" if error.param else ""
    console.print(f"[red]error{where}:[/red] {escape(error.message)}")
    raise typer.Exit(code=2)
