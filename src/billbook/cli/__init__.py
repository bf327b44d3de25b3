"""The `billbook` command: serve, migrate, accounts and keys; sequences and payment modes."""

import json
import os
from decimal import Decimal
from typing import Annotated, Optional

import typer
from rich.markup import escape

from billbook import config
from billbook.cli import customers, delivery, e_invoicing, ledger, providers
from billbook.cli.common import DatabaseOption, console
from billbook.cli.common import fail as _fail
from billbook.cli.common import open_database as _database
from billbook.domain.errors import BillbookError
from billbook.domain.tenancy import Mode
from billbook.services import accounts as account_service
from billbook.services.ledger import migrate as migrate_ledger

app = typer.Typer(help="Billbook: a self-hosted billing server.", no_args_is_help=True)
accounts_app = typer.Typer(help="Accounts: the companies that bill.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")
accounts_app.add_typer(providers.connect_app, name="connect")
accounts_app.command("check")(e_invoicing.check)
app.add_typer(keys_app, name="keys")
app.add_typer(ledger.sequences_app, name="sequences")
app.add_typer(ledger.payment_modes_app, name="payment-modes")
app.add_typer(customers.customers_app, name="customers")
app.add_typer(delivery.outbox_app, name="outbox")
app.command()(delivery.worker)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on.")] = None,
    database: DatabaseOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes.")] = None,
    public_base_url: Annotated[Optional[str], typer.Option(help="Absolute URL clients reach the server at.")] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
    worker: Annotated[bool, typer.Option(
        help="Deliver the outbox (emails, texts, letters) from each server process; --no-worker leaves it to "
             "`billbook worker`.")] = True,
    rate_limit: Annotated[Optional[float], typer.Option(
        help="Requests per second per API key, per worker (bursts to twice that); 0 turns it off.")] = None,
) -> None:
    """Apply migrations, then serve the APIs."""
    import uvicorn

    settings = config.load().with_overrides(host=host, port=port, database_url=database, workers=workers,
                                            public_base_url=public_base_url, rate_limit=rate_limit,
                                            delivery_worker=worker)
    migrate_ledger(settings.database_url).dispose()
    # Worker processes build the app from the environment, so hand the settings on that way.
    os.environ.update(settings.to_environment())
    uvicorn.run("billbook.api.app:create_app", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, access_log=access_log, log_level="info")


@app.command()
def migrate(database: DatabaseOption = None) -> None:
    """Bring the database schema up to date."""
    _database(database)
    console.print("database is up to date")


# What create and update say of an account's details.
NAME_HELP = "Company name, as printed on invoices."
COUNTRY_HELP = "Country: ISO code or English name."
CURRENCY_HELP = "Default currency."
Detail = Annotated[Optional[str], typer.Option()]
CapitalStock = Annotated[Optional[str], typer.Option(help="Share capital, e.g. 1000.")]


@accounts_app.command("create")
def create_account(
    name: Annotated[str, typer.Option(help=NAME_HELP)],
    country: Annotated[str, typer.Option(help=COUNTRY_HELP)],
    vat_number: Detail = None,
    legal_form: Detail = None,
    siret: Detail = None,
    capital_stock: CapitalStock = None,
    address_line1: Detail = None,
    address_line2: Detail = None,
    city: Detail = None,
    zip: Detail = None,
    currency: Annotated[str, typer.Option(help=CURRENCY_HELP)] = "EUR",
    eservice_default: Annotated[bool, typer.Option(
        help="Invoice lines are electronically supplied services unless they say otherwise.")] = False,
    over_oss_threshold: Annotated[bool, typer.Option(
        help="Over the EU €10,000 B2C distance-sales threshold: charge consumers in other member states "
             "their own rate.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Create an account and print its live and test API keys (shown this once only)."""
    details = dict(name=name, country=country, vat_number=vat_number, legal_form=legal_form, siret=siret,
                   capital_stock=capital_stock, address_line1=address_line1, address_line2=address_line2,
                   city=city, zip=zip, currency=currency, eservice_default=eservice_default,
                   oss_threshold_exceeded=over_oss_threshold)
    try:
        account, keys = account_service.create_account(_database(database), details)
    except BillbookError as error:
        _fail(error)
    result = {"account": account.id, "live_key": keys[Mode.LIVE], "test_key": keys[Mode.TEST]}
    if as_json:
        typer.echo(json.dumps(result))
        return
    console.print(f"account {account.id} created: {escape(account.name)} ({escape(account.country)})")
    console.print(f"live key: {escape(keys[Mode.LIVE])}\ntest key: {escape(keys[Mode.TEST])}")
    console.print("[yellow]These keys are shown once; store them now.[/yellow]")


@accounts_app.command("update")
def update_account(
    account: Annotated[int, typer.Option(help="Account id.")],
    name: Annotated[Optional[str], typer.Option(help=NAME_HELP)] = None,
    country: Annotated[Optional[str], typer.Option(help=COUNTRY_HELP)] = None,
    vat_number: Detail = None,
    legal_form: Detail = None,
    siret: Detail = None,
    capital_stock: CapitalStock = None,
    address_line1: Detail = None,
    address_line2: Detail = None,
    city: Detail = None,
    zip: Detail = None,
    currency: Annotated[Optional[str], typer.Option(help=CURRENCY_HELP)] = None,
    database: DatabaseOption = None,
) -> None:
    """Change an account's details (an empty value, e.g. --address-line2 "", clears an optional one;
    name, country and currency can be changed, not cleared). Invoices already issued keep the
    details they were issued with."""
    changes = {key: value for key, value in dict(
        name=name, country=country, vat_number=vat_number, legal_form=legal_form, siret=siret,
        capital_stock=capital_stock, address_line1=address_line1, address_line2=address_line2, city=city, zip=zip,
        currency=currency).items() if value is not None}
    try:
        updated = account_service.update_account(_database(database), account, changes)
    except BillbookError as error:
        _fail(error)
    console.print(f"account {updated.id} updated: {escape(updated.name)} ({escape(updated.country)})")


@accounts_app.command("ensure-demo")
def ensure_demo(database: DatabaseOption = None) -> None:
    """Create a demo account if the database has no account yet, and print how to use it."""
    db = _database(database)
    settings = config.load().with_overrides(database_url=database)
    if account_service.account_count(db) > 0:
        console.print("An account exists already; its keys were shown when it was created "
                      "(new ones: billbook keys rotate --account ID --mode test).")
        return
    account, keys = account_service.create_account(db, {
        "name": "Demo Company SAS", "country": "FR", "vat_number": "FR60528551658", "siret": "52855165800016",
        "legal_form": "SAS",
        "capital_stock": Decimal("1000"), "address_line1": "1 rue de la Paix", "city": "Paris", "zip": "75002",
        "currency": "EUR",
    })
    base = escape(settings.base_url)
    console.print(f"Demo account {account.id} created.\n"
                  f"  live key: {escape(keys[Mode.LIVE])}\n  test key: {escape(keys[Mode.TEST])}\n"
                  f"  Invoiced API:        {base}/invoiced  (legacy: {base}/invoiced/legacy)\n"
                  f"  Octobat API:         {base}/octobat/v2  (v1: {base}/octobat/v1)\n"
                  f"  API documentation:   {base}/invoiced/docs, {base}/octobat/v2/docs\n"
                  "These keys are shown once; store them now.")


@keys_app.command("rotate")
def rotate_key(
    account: Annotated[int, typer.Option(help="Account id.")],
    mode: Annotated[Mode, typer.Option(help="live or test.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Revoke the account's keys of that mode and print a new one."""
    try:
        key = account_service.rotate_key(_database(database), account, mode)
    except BillbookError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps({"account": account, "mode": mode.value, "key": key}))
    else:
        console.print(f"new {mode.value} key for account {account}: {escape(key)}\nThe previous {mode.value} keys "
                      "are revoked; running servers stop accepting them within 5 seconds.")
