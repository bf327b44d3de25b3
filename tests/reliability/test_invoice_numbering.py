"""Invoice numbers have no gaps and no duplicates: with two server processes on one database and
many clients at once, and when a transaction fails after its number was drawn."""

import re
import threading
import time
from collections import Counter
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from sqlalchemy import text

from billbook.services import payment_modes
from billbook.store.database import Database
from tests.conftest import Account, basic_auth
from tests.support.concurrency import run_together
from tests.support.live_server import live_server

V1, V2 = "/octobat/v1", "/octobat/v2"
CLIENTS = 16
# Invoices issued in all, per backend: SQLite serializes every write through one file lock.
INVOICES = {"postgresql": 600, "sqlite": 200}
TIME_BUDGET_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 30.0
NUMBER = re.compile(r"INV-\d{4}-\d{2}-(\d{3,})")
NEW_CUSTOMER = {"name": "Exploding SARL", "email": "billing@exploding.example", "billing_address_city": "Lyon",
                "billing_address_zip": "69001", "billing_address_country": "FR", "business_type": "B2C"}


def _session(account: Account) -> requests.Session:
    session = requests.Session()
    session.headers.update(basic_auth(account.live_key))
    return session


def _invoice_body(customer_id: str, mode_id: str, description: str = "Subscription") -> dict[str, Any]:
    return {"livemode": True, "state": "confirmed", "currency": "eur", "customer_id": customer_id,
            "invoice_items": [{"description": description, "payment_cents": 1000}], "payable_by": [mode_id]}


def _customer_and_mode(base: str, account: Account) -> tuple[str, str]:
    with _session(account) as session:
        created = session.post(f"{base}{V2}/customers", json={"billing_address_country": "FR"},
                               timeout=REQUEST_TIMEOUT_SECONDS)
    assert created.status_code == 200, created.text
    mode = payment_modes.create(account.context(), {"name": "Bank", "type": "transfer",
                                                     "iban": "FR76 3000 6000 0112 3456 7890 189"})
    return created.json()["id"], mode.public_id


def _all_invoices(base: str, account: Account) -> list[dict[str, Any]]:
    """Every invoice of the account, newest first, read page after page as a client would."""
    found: list[dict[str, Any]] = []
    with _session(account) as session:
        while True:
            params = {"limit": 100, **({"starting_after": found[-1]["id"]} if found else {})}
            page = session.get(f"{base}{V1}/invoices", params=params, timeout=REQUEST_TIMEOUT_SECONDS)
            assert page.status_code == 200, page.text
            body = page.json()
            found += body["data"]
            if not body["has_more"]:
                assert body["total_count"] in (None, len(found))
                return found


def _counter(number: str) -> int:
    match = NUMBER.fullmatch(number)
    assert match, f"{number!r} is not in the default format INV-yyyy-mm-NNN"
    return int(match.group(1))


def test_two_servers_and_many_clients_number_invoices_without_gaps_or_duplicates(database, account):
    total = INVOICES[database.backend]
    with live_server(database.url, rate_limit=0) as first, live_server(database.url, rate_limit=0) as second:
        customer_id, mode_id = _customer_and_mode(first, account)
        body = _invoice_body(customer_id, mode_id)
        answers: list[tuple[int, str | None]] = []
        unsent = []
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + TIME_BUDGET_SECONDS

        def client(index: int) -> None:
            with _session(account) as session:
                for request in range(index, total, CLIENTS):
                    if time.monotonic() > deadline:
                        with lock:
                            unsent.append(request)
                        continue
                    # Each client alternates between the servers, so both issue numbers all along.
                    base = (first, second)[request % 2]
                    response = session.post(f"{base}{V1}/invoices", json=body, timeout=REQUEST_TIMEOUT_SECONDS)
                    number = response.json().get("invoice_number") if response.status_code == 200 else None
                    with lock:
                        answers.append((response.status_code, number or response.text[:300]))

        run_together(CLIENTS, client)
        elapsed = time.monotonic() - started
        listed = _all_invoices(first, account)

    assert not unsent, f"{len(unsent)} of {total} invoices were not sent within {TIME_BUDGET_SECONDS:.0f} s"
    issued = [number for status, number in answers if status == 200]
    numbers = [invoice["invoice_number"] for invoice in listed]
    duplicates = [number for number, times in Counter(numbers).items() if times > 1]
    assert not duplicates, f"numbers given twice: {duplicates[:10]}"
    assert sorted(_counter(number) for number in numbers) == list(range(1, len(issued) + 1)), \
        "the numbers are not one gap-free run from 001 to the count of successful answers"
    assert sorted(numbers) == sorted(issued), "the invoices listed are not those the clients were answered"
    failures = Counter(f"{status}: {detail}" for status, detail in answers if status != 200)
    assert not failures, f"{sum(failures.values())} of {total} requests failed: {failures.most_common(3)}"
    print(f"{database.backend}: {total} invoices from {CLIENTS} clients through 2 servers in {elapsed:.1f} s "
          f"({total / elapsed:.0f} invoices/s)")
    assert elapsed < TIME_BUDGET_SECONDS


_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER test_explode_lines BEFORE INSERT ON invoice_lines WHEN NEW.name = 'explode' "
        "BEGIN SELECT RAISE(ABORT, 'injected'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION test_explode_lines() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'injected'; END $$",
        "CREATE TRIGGER test_explode_lines BEFORE INSERT ON invoice_lines FOR EACH ROW "
        "WHEN (NEW.name = 'explode') EXECUTE FUNCTION test_explode_lines()",
    ],
}
_DROPS = {
    "sqlite": ["DROP TRIGGER IF EXISTS test_explode_lines"],
    "postgresql": ["DROP TRIGGER IF EXISTS test_explode_lines ON invoice_lines",
                   "DROP FUNCTION IF EXISTS test_explode_lines()"],
}


def _execute(database: Database, statements: list[str]) -> None:
    with database.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


@contextmanager
def exploding_lines(database: Database):
    """A real trigger makes inserting a line described 'explode' fail, after the number was drawn.
    The database is shared by the session: the trigger is dropped whatever happens."""
    _execute(database, _DROPS[database.backend])
    try:
        _execute(database, _TRIGGERS[database.backend])
        yield
    finally:
        _execute(database, _DROPS[database.backend])


@pytest.mark.parametrize("customer", ["existing", "new"])
def test_a_transaction_failing_after_its_number_was_drawn_leaves_no_gap(database, account, customer):
    with exploding_lines(database), live_server(database.url, rate_limit=0) as base, _session(account) as session:
        customer_id, mode_id = _customer_and_mode(base, account)

        def issue(description: str) -> requests.Response:
            body = _invoice_body(customer_id, mode_id, description)
            if customer == "new" and description == "explode":
                del body["customer_id"]
                body["customer"] = NEW_CUSTOMER
            return session.post(f"{base}{V1}/invoices", json=body, timeout=REQUEST_TIMEOUT_SECONDS)

        before = issue("Subscription")
        exploded = issue("explode")
        after = issue("Subscription")
        listed = _all_invoices(base, account)
        customers = session.get(f"{base}{V2}/customers", timeout=REQUEST_TIMEOUT_SECONDS).json()

    assert before.status_code == 200, before.text
    assert 500 <= exploded.status_code < 600, exploded.text
    error = exploded.json()["error"]
    assert error["type"] == "api_error" and "correlation id" in error["message"]
    for leak in ("Traceback", "injected", "invoice_lines", "sqlalchemy", "psycopg", "sqlite3"):
        assert leak not in exploded.text
    assert after.status_code == 200, after.text
    first, second = _counter(before.json()["invoice_number"]), _counter(after.json()["invoice_number"])
    assert second == first + 1, "the failed attempt's number was lost"
    assert [invoice["id"] for invoice in listed] == [after.json()["id"], before.json()["id"]]
    assert all(item["description"] != "explode" for invoice in listed for item in invoice["invoice_items"]["data"])
    assert [found["id"] for found in customers["data"]] == [customer_id], "the failed attempt's customer was kept"
    assert customers["total_count"] in (None, 1)
