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
threads. Servers, databases and the cluster are helpers of bench/customers.py and bench/harness.py.

    .venv/bin/python bench/octobat.py --seconds 5
    .venv/bin/python bench/octobat.py --backends sqlite --sizes 1000 --seconds 3
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # tests.support.postgres, as bench/customers.py needs

from customers import (  # noqa: E402
    Row,
    basic_auth,
    check,
    create_account,
    postgresql_database,
    settled_count,
    sqlite_database,
    start_billbook,
)
from harness import Load, LoadGenerator, background_cpu_pct, ensure_wrk, request  # noqa: E402
from sqlalchemy import select  # noqa: E402

from billbook.domain.customers import new_customer  # noqa: E402
from billbook.domain.identifiers import portal_token, public_id  # noqa: E402
from billbook.domain.tenancy import Mode, Tenant  # noqa: E402
from billbook.store import tables  # noqa: E402
from billbook.store.database import Database  # noqa: E402
from billbook.store.unit_of_work import UnitOfWork  # noqa: E402

BASE = "/octobat/v2/customers"
FORM_BODY = ("email=billing%40acmecorp.com&name=Acme+SAS&phone_number=%2B33+1+23+45+67+89"
             "&billing_address_zip=75002&billing_address_city=Paris&billing_address_country=France"
             "&business_type=B2B&tax_number=FR60528551658")
LIMIT = 10
DEEP_OFFSET = 20  # the deep page starts after the 21st oldest customer: full, with older ones still beyond
SEED_BATCH = 5_000
FIRST, DEEP, CREATE = "list first page", "list deep page", "create"


# --- seeding -----------------------------------------------------------------------------------

def seed_customers(database: Database, account_id: int, start: int, count: int) -> float:
    """Insert `count` B2B customers like the API's, 5,000 a transaction; seconds taken.

    Public ids keep public_id()'s shape, with the row's index as the last 8 hex digits: unique by
    construction. Numbers (SEED-…) cannot meet those the server counts out (CUST-…)."""
    began = time.monotonic()
    now = datetime.now(timezone.utc)
    index, end = start, start + count
    while index < end:
        batch = []
        for i in range(index, min(end, index + SEED_BATCH)):
            stamp = now - timedelta(milliseconds=end - i)  # older rows, lower ids, earlier stamps
            batch.append(new_customer(
                {"name": f"Seeded Customer {i}", "email": f"billing{i}@example.com", "type": "company",
                 "phone": "+33 1 23 45 67 89", "postal_code": "75002", "city": "Paris", "country": "FR",
                 "business_type": "B2B", "tax_id": "FR60528551658", "sources": []},
                number=f"SEED-{i:07d}", public_id=public_id("customer", stamp)[:-8] + f"{i:08x}",
                portal_token=portal_token(), now=stamp))
        # Through the repository, so the tenant's customer count (the lists' total_count) stays right.
        with UnitOfWork(database, Tenant(account_id, Mode.LIVE)) as uow:
            uow.customers.add_many(batch)
            uow.commit()
        index += len(batch)
    return time.monotonic() - began


def old_public_id(database: Database, account_id: int, offset: int = DEEP_OFFSET) -> str:
    """The public id of the customer with `offset` older ones: near the end of the newest-first list."""
    c = tables.customers.c
    with database.engine.connect() as connection:
        return connection.execute(select(c.public_id).where(c.account_id == account_id, c.livemode.is_(True))
                                  .order_by(c.id.asc()).offset(offset).limit(1)).scalar_one()


# --- the runs ----------------------------------------------------------------------------------

def bench_backend(backend: str, url: str, args, loadgen: LoadGenerator, workdir: Path, rows: list[Row]) -> None:
    """Appends to `rows` as it goes, so a failure part-way keeps what was measured."""
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
            stored = settled_count(database, account_id)
            if stored < size:
                took = seed_customers(database, account_id, seeded, size - stored)
                seeded += size - stored
                print(f"  seeded {size - stored:,} customers in {took:.1f}s", flush=True)
                if database.backend == "postgresql":
                    # What autovacuum does soon after a bulk insert, done now so it cannot start mid-run.
                    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                        connection.exec_driver_sql("VACUUM (ANALYZE) customers")
                stored = size
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
                rows.append(Row(backend, tag, operation, loadgen.run(server, load, args.seconds, label)))
                report(rows[-1])
            loadgen.run(server, create, args.warmup, f"{backend}-{size}-create-warmup")
            before = settled_count(database, account_id)
            result = loadgen.run(server, create, args.seconds, f"{backend}-{size}-create")
            after = settled_count(database, account_id)
            check(after - before >= result.requests - result.errors,
                  f"{result.requests - result.errors} creates answered but {after - before} rows added")
            rows.append(Row(backend, f"{before:,}→{after:,}", CREATE, result))
            report(rows[-1])
    finally:
        server.stop()
        database.dispose()


def report(row: Row) -> None:
    r = row.result
    print(f"  {row.stored:>15} {row.operation:<15} {r.rate:>7,.0f} req/s  p50 {r.p50_ms:7.2f} ms  "
          f"p99 {r.p99_ms:7.2f} ms  errors {r.errors}  server {r.server_cpu_ms_per_request:.2f} ms CPU/req",
          flush=True)


# --- the summary -------------------------------------------------------------------------------

def print_table(rows: list[Row], args, tool: str, background: float) -> None:
    print()
    print(f"Octobat v2 customers: {args.seconds:g}s a run, {args.connections} connections, "
          f"{args.workers} server worker(s), load from {tool}; the machine has {os.cpu_count()} cores and was "
          f"{background:.0f}% busy (of one core) before the run.")
    header = (f"{'backend':<10} {'customers':>15} {'operation':<15} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'errors':>6} {'srv ms/req':>10} {'srv RSS MB':>10}")
    print(header)
    print("-" * len(header))
    for row in rows:
        r = row.result
        print(f"{row.backend:<10} {row.stored:>15} {row.operation:<15} {r.rate:>7,.0f} {r.p50_ms:>7.2f} "
              f"{r.p99_ms:>7.2f} {r.errors:>6} {r.server_cpu_ms_per_request:>10.2f} {r.rss_mb:>10.1f}")


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
    parser = argparse.ArgumentParser(description="Billbook Octobat v2 customer API benchmark.")
    parser.add_argument("--seconds", type=float, default=5, help="length of each measured run (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--sizes", default="1000,100000", help="customers stored for each round (default 1000,100000)")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                        help="auto: wrk, installing it if needed, else Python threads")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.sizes[0] <= DEEP_OFFSET + LIMIT:
        parser.error(f"sizes must exceed {DEEP_OFFSET + LIMIT}, for a full deep page")
    args.warmup = max(1.0, min(2.0, args.seconds / 4))
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")

    # A SIGTERM unwinds like Ctrl-C, so servers, the cluster and the temporary folder are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    wrk = ensure_wrk() if args.loadgen in ("auto", "wrk") else None
    if args.loadgen == "wrk" and not wrk:
        print("wrk is not available")
        return 2
    tool = "wrk" if wrk else "Python threads (http.client keep-alive)"
    workdir = Path(tempfile.mkdtemp(prefix="billbook-bench-octobat-"))
    loadgen = LoadGenerator(wrk, args.connections, workdir)
    rows: list[Row] = []
    background = background_cpu_pct()
    if background > 20:
        print(f"note: the machine is {background:.0f}% busy (of one core) before the benchmark starts; "
              "req/s and latencies will suffer, 'srv ms/req' less so", flush=True)
    try:
        for backend in backends:
            print(f"{backend}", flush=True)
            try:
                with ExitStack() as stack:
                    if backend == "sqlite":
                        url = stack.enter_context(sqlite_database(workdir))
                    else:
                        url = stack.enter_context(postgresql_database())
                    bench_backend(backend, url, args, loadgen, workdir, rows)
            except (RuntimeError, subprocess.CalledProcessError) as error:
                if isinstance(error, subprocess.CalledProcessError):
                    error = RuntimeError(f"{error}: {(error.stderr or b'')[-2000:]!r}")
                print(f"  {backend} skipped: {error}", flush=True)
        print_table(rows, args, tool, background)
        print_ratios(rows)
    except KeyboardInterrupt:
        print("interrupted; cleaning up", flush=True)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
