"""`billbook accounts connect twilio|lob`: the providers an account sends texts and letters with.

Secrets are taken, sealed and stored; they are never printed back.
"""

import json
from typing import Annotated

import typer
from rich.markup import escape

from billbook.cli.common import DatabaseOption, console, fail, open_database
from billbook.domain.errors import BillbookError
from billbook.services import providers

connect_app = typer.Typer(help="Connect the providers an account sends text messages and letters with.",
                          no_args_is_help=True)

AccountOption = Annotated[int, typer.Option("--account", help="Account id.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@connect_app.command("twilio")
def connect_twilio(
    account: AccountOption,
    account_sid: Annotated[str, typer.Option("--account-sid", help="Twilio account SID (AC…).")],
    from_number: Annotated[str, typer.Option("--from", help="The Twilio number texts are sent from, e.g. +1512….")],
    # Asked for without echo when left out, so it need not sit in the shell's history.
    auth_token: Annotated[str, typer.Option("--auth-token", prompt=True, hide_input=True,
                                            help="Twilio auth token (stored encrypted, never shown).")],
    as_json: JsonOption = False,
    database: DatabaseOption = None,
) -> None:
    """Send the account's text messages through Twilio."""
    try:
        connection = providers.connect_twilio(open_database(database), account, account_sid, auth_token, from_number)
    except BillbookError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps({"account": account, "provider": "twilio", "account_sid": connection.account_sid,
                               "from": connection.from_number}))
        return
    console.print(f"Twilio connected for account {account}: account {escape(connection.account_sid)}, texts sent "
                  f"from {escape(connection.from_number)}; the auth token is stored encrypted.")


@connect_app.command("lob")
def connect_lob(
    account: AccountOption,
    api_key: Annotated[str, typer.Option("--api-key", prompt=True, hide_input=True,
                                         help="Lob API key, test_… or live_… (stored encrypted, never shown).")],
    as_json: JsonOption = False,
    database: DatabaseOption = None,
) -> None:
    """Print and mail the account's letters through Lob."""
    try:
        connection = providers.connect_lob(open_database(database), account, api_key)
    except BillbookError as error:
        fail(error)
    mode = "live" if connection.livemode else "test"
    if as_json:
        typer.echo(json.dumps({"account": account, "provider": "lob", "mode": mode}))
        return
    console.print(f"Lob connected for account {account} with a {mode} key"
                  f"{'' if connection.livemode else ' (letters are accepted, none is mailed)'}; "
                  "the key is stored encrypted.")
