"""`billbook customers …`: what the seller does to a customer outside the APIs."""

from typing import Annotated

import typer
from rich.markup import escape

from billbook import config
from billbook.api.http.links import BILLING_PAGE_PATH
from billbook.cli.common import DatabaseOption, console, fail, open_database
from billbook.domain.errors import BillbookError
from billbook.domain.tenancy import Mode
from billbook.services import accounts, customers

customers_app = typer.Typer(help="Customers.", no_args_is_help=True)


@customers_app.command("rotate-link")
def rotate_link(
    account: Annotated[int, typer.Option("--account", help="Account id.")],
    customer: Annotated[str, typer.Option("--customer", help="Customer id (integer, or the oc_cu_… id).")],
    mode: Annotated[Mode, typer.Option("--mode", help="live or test.")] = Mode.LIVE,
    database: DatabaseOption = None,
) -> None:
    """Give the customer a new billing-page link; the old link stops working at once."""
    try:
        ctx = accounts.context_for(open_database(database), account, mode)
        rotated = customers.rotate_portal_link(ctx, int(customer) if customer.isdigit() else customer)
    except BillbookError as error:
        fail(error)
    base_url = config.load().with_overrides(database_url=database).base_url
    console.print(escape(f"{base_url}{BILLING_PAGE_PATH.format(token=rotated.portal_token)}"), highlight=False)
