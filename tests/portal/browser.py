"""A live `billbook serve` with a seeded customer, and Debian's Chromium to open its billing page."""

from contextlib import contextmanager
from pathlib import Path

import httpx

from billbook.services import customers
from billbook.store.database import Database
from tests.conftest import Account
from tests.support.databases import fresh_database_url
from tests.support.live_server import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium_launch_args() -> dict:
    # Never a browser Playwright downloads: Debian's, installed by scripts/ensure-chromium.sh (make test).
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `bash scripts/ensure-chromium.sh` (make test does)")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@contextmanager
def served_ledger(**account_details):
    """(base URL, an API client for the account's live key, the account) on a fresh SQLite ledger."""
    with fresh_database_url("sqlite") as url:
        database = Database(url)
        account = Account(database, **account_details)
        with live_server(url, rate_limit=0) as base_url, httpx.Client(
                base_url=base_url, auth=(account.live_key, ""), timeout=30) as api:
            yield base_url, api, account
        database.dispose()


def billing_link(account: Account, customer_id: int, base_url: str) -> str:
    return f"{base_url}/billing/{customers.retrieve(account.context(), customer_id).portal_token}"
