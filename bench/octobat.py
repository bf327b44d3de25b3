"""Octobat v2 customer API: create throughput, and first versus deep cursor pages as the list grows.

For each backend (SQLite, PostgreSQL in a throwaway cluster) this starts `billbook serve` on
127.0.0.1 with a fresh database (`--rate-limit 0`), creates an account with `billbook accounts
create`, and with a few concurrent keep-alive connections measures, with 1,000 and then 100,000
customers stored:

  - first page   GET /octobat/v2/customers?limit=10                        (p50/p99)
  - deep page    GET /octobat/v2/customers?limit=10&starting_after=OLD_ID  (p50/p99; OLD_ID is the
                 21st oldest customer, so the page is full and lies at the far end of the list)
  - creates      POST /octobat/v2/customers with a form body (run last: it adds rows)

then prints the figures and, per backend and size, deep-page p99 / first-page p99: a cursor page
found through the id index should cost what the first one does, however deep it lies.

Rows beyond those the server made are seeded in bulk through CustomerRepository.add_many, as
bench/customers.py does (then, on PostgreSQL, VACUUM ANALYZE); every measured request goes
through the server. Load comes from wrk (installed with apt-get when missing), else from Python
threads. Servers, databases and the cluster are helpers of bench/common.py and bench/harness.py.

    .venv/bin/python bench/octobat.py --seconds 5
    .venv/bin/python bench/octobat.py --backends sqlite --sizes 1000 --seconds 3
"""

import json
import sys
from datetime import datetime, timedelta

from common import (
    Bench,
    Row,
    Table,
    basic_auth,
    check,
    create_account,
    measure_creates,
    parse_args,
    run_benchmark,
    settled_count,
    standard_heading,
    start_billbook,
    top_up_customers,
)
from harness import Load, request
from sqlalchemy import select

from billbook.domain.customers import new_customer
from billbook.domain.identifiers import portal_token, public_id
from billbook.store import tables
from billbook.store.database import Database

BASE = "/octobat/v2/customers"
FORM_BODY = ("email=billing%40acmecorp.com&name=Acme+SAS&phone_number=%2B33+1+23+45+67+89"
             "&billing_address_zip=75002&billing_address_city=Paris&billing_address_country=France"
             "&business_type=B2B&tax_number=FR60528551658")
LIMIT = 10
DEEP_OFFSET = 20  # the deep page starts after the 21st oldest customer: full, with older ones still beyond
FIRST, DEEP, CREATE = "list first page", "list deep page", "create"
TABLE = Table("customers", stored_width=15, metrics=("req/s", "p50 ms", "p99 ms", "errors", "srv ms/req", "srv RSS MB"))


# --- seeding -----------------------------------------------------------------------------------

def seeded_customer(i: int, end: int, now: datetime):
    """A B2B customer like the API's. Its public id keeps public_id()'s shape, with the row's index
    as the last 8 hex digits: unique by construction. Numbers (SEED-…) cannot meet those the server
    counts out (CUST-…)."""
    stamp = now - timedelta(milliseconds=end - i)  # older rows, lower ids, earlier stamps
    return new_customer(
        {"name": f"Seeded Customer {i}", "email": f"billing{i}@example.com", "type": "company",
         "phone": "+33 1 23 45 67 89", "postal_code": "75002", "city": "Paris", "country": "FR",
         "business_type": "B2B", "tax_id": "FR60528551658", "sources": []},
        number=f"SEED-{i:07d}", public_id=public_id("customer", stamp)[:-8] + f"{i:08x}",
        portal_token=portal_token(), now=stamp)


def old_public_id(database: Database, account_id: int, offset: int = DEEP_OFFSET) -> str:
    """The public id of the customer with `offset` older ones: near the end of the newest-first list."""
    c = tables.customers.c
    with database.engine.connect() as connection:
        return connection.execute(select(c.public_id).where(c.account_id == account_id, c.livemode.is_(True))
                                  .order_by(c.id.asc()).offset(offset).limit(1)).scalar_one()


# --- the runs ----------------------------------------------------------------------------------

def bench_backend(bench: Bench, backend: str, url: str) -> None:
    """Appends to `bench.rows` as it goes, so a failure part-way keeps what was measured."""
    args, loadgen, workdir, rows = bench.args, bench.loadgen, bench.workdir, bench.rows
    database = Database(url)
    server = start_billbook(url, args.workers, workdir, f"octobat-{backend}")
    try:
        account_id, key = create_account(url, workdir)
        headers = {"Authorization": basic_auth(key)}
        create = Load("POST", [BASE], FORM_BODY, {**headers, "Content-Type": "application/x-www-form-urlencoded"})

        status, _, body = request("POST", server.port, BASE, FORM_BODY.encode(), create.headers)
        check(status in (200, 201), f"create: {status} {body[:300]!r}")
        created = json.loads(body)
        check(created["object"] == "customer" and created["id"].startswith("oc_cu_")
              and created["email"] == "billing@acmecorp.com" and created["business_type"] == "B2B"
              and created["tax_number"] == "FR60528551658", f"create echoed {created!r}")

        first_page = Load("GET", [f"{BASE}?limit={LIMIT}"], headers=headers)
        seeded = 0
        for size in args.sizes:
            stored, seeded = top_up_customers(database, account_id, size, seeded, seeded_customer)
            tag = f"{stored:,}"

            anchor = old_public_id(database, account_id)
            deep_page = Load("GET", [f"{BASE}?limit={LIMIT}&starting_after={anchor}"], headers=headers)
            status, _, body = request("GET", server.port, first_page.paths[0], headers=headers)
            listed = json.loads(body)
            check(status == 200 and len(listed["data"]) == LIMIT and listed["has_more"]
                  and listed["total_count"] == stored, f"first page: {status} {body[:300]!r}")
            status, _, body = request("GET", server.port, deep_page.paths[0], headers=headers)
            listed = json.loads(body)
            check(status == 200 and len(listed["data"]) == LIMIT and listed["has_more"] and listed["has_before"],
                  f"deep page: {status} {body[:300]!r}")

            for operation, load in ((FIRST, first_page), (DEEP, deep_page)):
                label = f"{backend}-{size}-{operation.split()[1]}"
                loadgen.run(server, load, args.warmup, f"{label}-warmup")
                TABLE.record(rows, Row(backend, tag, operation, loadgen.run(server, load, args.seconds, label)))
            TABLE.record(rows, measure_creates(loadgen, server, create, args, backend, CREATE,
                                               f"{backend}-{size}-create",
                                               lambda: settled_count(database, account_id)))
    finally:
        server.stop()
        database.dispose()


# --- the summary -------------------------------------------------------------------------------

def print_ratios(rows: list[Row]) -> None:
    print()
    print("Deep cursor page p99 / first page p99 (about 1 means a deep page costs what the first one does)")
    pages: dict[tuple[str, str], dict[str, float]] = {}
    for row in rows:
        if row.operation in (FIRST, DEEP):
            pages.setdefault((row.backend, row.stored), {})[row.operation] = row.result.p99_ms
    for (backend, stored), p99 in pages.items():
        if FIRST in p99 and DEEP in p99 and p99[FIRST]:
            print(f"  {backend:<10} {stored:>9} customers: {p99[DEEP]:.2f} / {p99[FIRST]:.2f} ms = "
                  f"{p99[DEEP] / p99[FIRST]:.2f}×")


def main() -> int:
    parser, args = parse_args("Billbook Octobat v2 customer API benchmark.", sizes=True)
    if args.sizes[0] <= DEEP_OFFSET + LIMIT:
        parser.error(f"sizes must exceed {DEEP_OFFSET + LIMIT}, for a full deep page")

    def summarize(bench: Bench) -> None:
        TABLE.print(bench.rows, standard_heading("Octobat v2 customers", args, bench.tool, bench.background))
        print_ratios(bench.rows)

    return run_benchmark(args, "billbook-bench-octobat-", bench_backend, summarize)


if __name__ == "__main__":
    sys.exit(main())
