"""`billbook worker` and `billbook outbox …`: delivering the outbox, and watching it."""

import asyncio
import json
import signal
from datetime import datetime, timedelta, timezone
from typing import Annotated, Optional

import typer
from rich.markup import escape

from billbook import config
from billbook.cli.common import DatabaseOption, console, fail, open_database
from billbook.delivery.worker import BATCH_SIZE, LEASE, run_worker
from billbook.domain.errors import Conflict
from billbook.domain.outbox import STATES, OutboxMessage, invoiced_state
from billbook.services import outbox

outbox_app = typer.Typer(help="The outbox: emails, text messages and letters waiting or sent.", no_args_is_help=True)


def worker(
    database: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option(help="Messages claimed at once.")] = BATCH_SIZE,
    lease_seconds: Annotated[float, typer.Option(
        help="How long a claimed message stays this worker's before another may take it.")]
    = LEASE.total_seconds(),
) -> None:
    """Deliver the outbox's messages until stopped (SIGINT or SIGTERM); run several to share the work."""
    settings = config.load().with_overrides(database_url=database)
    open_database(settings.database_url).dispose()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_worker(settings, stop, batch_size=batch_size, lease=timedelta(seconds=lease_seconds))

    where = "SMTP" if settings.smtp_url else f"mail written under {settings.mail_directory}"
    console.print(f"delivering the outbox of {escape(settings.database_url.split('@')[-1])} ({escape(where)})")
    asyncio.run(main())


def _row(message: OutboxMessage) -> dict:
    return {"id": message.public_id, "account": message.account_id, "livemode": message.livemode,
            "channel": message.channel, "template": message.template,
            "to": message.recipient.get("email") or message.recipient.get("phone") or message.recipient.get("name"),
            "state": message.state, "invoiced_state": invoiced_state(message), "attempts": message.attempts,
            "reject_reason": message.reject_reason, "next_attempt_at": _time(message.next_attempt_at),
            "delivered_at": _time(message.delivered_at), "provider_reference": message.provider_reference,
            "created_at": _time(message.created_at)}


def _time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")


@outbox_app.command("list")
def list_messages(
    account: Annotated[Optional[int], typer.Option("--account", help="Only this account's messages.")] = None,
    state: Annotated[Optional[str], typer.Option(help=f"Only messages in this state: {', '.join(STATES)}.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    database: DatabaseOption = None,
) -> None:
    """The newest messages, with their state and why they failed."""
    if state is not None and state not in STATES:
        console.print(f"[red]error (state):[/red] must be one of {', '.join(STATES)}")
        raise typer.Exit(code=2)
    rows = [_row(message) for message in outbox.list_messages(open_database(database), account, state, limit)]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for row in rows:
        console.print("  ".join(f"{key}={escape(str(value))}" for key, value in row.items()
                                if value not in (None, "")))


@outbox_app.command("retry")
def retry_message(
    message_id: Annotated[str, typer.Argument(help="The message's id (32 hex characters).")],
    database: DatabaseOption = None,
) -> None:
    """Queue a message again, due now, with a fresh count of attempts (resending it if it was sent)."""
    ledger = open_database(database)
    try:
        message = outbox.retry(ledger, message_id, datetime.now(timezone.utc))
    except Conflict as error:  # a worker holds it: delivering it now
        fail(error)
    if message is None:
        console.print(f"[red]error:[/red] no message {escape(message_id)}")
        raise typer.Exit(code=2)
    console.print(f"{escape(message.public_id)} queued again")
