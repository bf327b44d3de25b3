"""Customer API throughput and list latency, against a bare FastAPI ceiling.

For each backend (SQLite, PostgreSQL in a throwaway cluster) this starts `billbook serve` on
127.0.0.1 with a fresh database, creates an account with `billbook accounts create`, and with a
few concurrent keep-alive connections measures, with 1,000 and then 100,000 customers stored:

  - list page 1      GET /invoiced/customers?per_page=100            (p50/p99)
  - list last page   GET /invoiced/customers?per_page=100&page=LAST  (p50/p99, OFFSET grows with rows)
  - retrieves        GET /invoiced/customers/:id, rotating over 1,000 stored ids
  - creates          POST /invoiced/customers with a form body (run last: it adds rows)

Rows beyond those the server made are seeded in bulk through SQLAlchemy Core (then, on
PostgreSQL, VACUUM ANALYZE, as autovacuum would soon do); every measured request goes through
the server. bench/bare_app.py, served the same way, gives the ceiling that
creates are compared with. Load comes from wrk (installed with apt-get when missing), else from
Python threads. Options, servers, databases, seeding and printing are shared through bench/common.py.

    .venv/bin/python bench/customers.py --seconds 8
    .venv/bin/python bench/customers.py --backends sqlite --sizes 1000 --seconds 3
"""

import json
import math
import os
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from common import (
    BENCH,
    Bench,
    Row,
    Table,
    basic_auth,
    check,
    create_account,
    free_port,
    parse_args,
    run_benchmark,
    run_setting,
    settled_count,
    start_billbook,
    top_up_customers,
)
from harness import HOST, Load, Server, request
from sqlalchemy import select

from billbook.domain.customers import new_customer
from billbook.domain.identifiers import portal_token, public_id
from billbook.store import tables
from billbook.store.database import Database

FORM_BODY = "name=Acme&email=billing%40acmecorp.com&payment_terms=NET+30&type=company"
PER_PAGE = 100
RETRIEVE_IDS = 1_000
CREATE_TARGET = 0.30   # creates/s on SQLite, as a fraction of the bare ceiling
LIST_P99_GROWTH = 1.5  # p99 at the largest size over p99 at the smallest
TABLE = Table("customers stored", stored_width=16, operation_width=21, backend_width=12,
              metrics=("req/s", "p50 ms", "p99 ms", "requests", "errors", "srv CPU%", "srv ms/req", "load CPU%",
                       "host CPU%", "srv RSS MB"),
              report_stored_width=16, report_cpu_share=True)


# --- seeding -----------------------------------------------------------------------------------

def seeded_customer(i: int, end: int, now: datetime):
    """A valid customer numbered CUST-1xxxxx; the random public id's last 8 hex digits become the
    row's index: unique by construction."""
    stamp = now - timedelta(seconds=end - i)
    return new_customer(
        {"name": f"Seeded Customer {i}", "email": f"billing{i}@example.com", "type": "company",
         "payment_terms": "NET 30", "country": "FR"},
        number=f"CUST-{100_000 + i}", public_id=public_id("customer", stamp)[:-8] + f"{i:08x}",
        portal_token=portal_token(), now=stamp)


def sample_ids(database: Database, account_id: int, how_many: int) -> list[int]:
    c = tables.customers.c
    with database.engine.connect() as connection:
        ids = list(connection.execute(select(c.id).where(c.account_id == account_id, c.livemode.is_(True)))
                   .scalars())
    return random.Random(42).sample(ids, min(how_many, len(ids)))


def start_bare(workers: int, workdir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, str(BENCH / "bare_app.py"), "--host", HOST, "--port", str(port),
            "--workers", str(workers), "--no-access-log"]
    return Server("bare FastAPI", argv, port, workdir / "server-bare.log", cwd=str(workdir)).start()


# --- the runs ----------------------------------------------------------------------------------

def bench_bare(bench: Bench) -> Row:
    args, loadgen = bench.args, bench.loadgen
    server = start_bare(args.workers, bench.workdir)
    try:
        load = Load("POST", ["/invoiced/customers"], FORM_BODY,
                    {"Content-Type": "application/x-www-form-urlencoded", "Authorization": basic_auth("sk_bench")})
        status, _, body = request("POST", server.port, load.paths[0], FORM_BODY.encode(), load.headers)
        check(status == 201 and json.loads(body)["email"] == "billing@acmecorp.com", f"bare echo: {status} {body!r}")
        loadgen.run(server, load, args.warmup, "bare-warmup")
        result = loadgen.run(server, load, args.seconds, "bare-create")
        row = Row("bare FastAPI", "-", "POST form echo", result)
        TABLE.report(row)
        return row
    finally:
        server.stop()


def bench_backend(bench: Bench, backend: str, url: str) -> None:
    """Appends to `bench.rows` as it goes, so a failure part-way keeps what was measured."""
    args, loadgen, workdir, rows = bench.args, bench.loadgen, bench.workdir, bench.rows
    database = Database(url)
    server = start_billbook(url, args.workers, workdir, backend)
    try:
        account_id, key = create_account(url, workdir)
        headers = {"Authorization": basic_auth(key)}
        create = Load("POST", ["/invoiced/customers"], FORM_BODY,
                      {**headers, "Content-Type": "application/x-www-form-urlencoded"})

        status, _, body = request("POST", server.port, create.paths[0], FORM_BODY.encode(), create.headers)
        check(status == 201, f"create: {status} {body[:300]!r}")
        created = json.loads(body)
        check(created["email"] == "billing@acmecorp.com" and created["payment_terms"] == "NET 30",
              f"create echoed {created!r}")

        # Warm up every route once (before seeding, so these rows count towards the first size).
        first_page = Load("GET", [f"/invoiced/customers?per_page={PER_PAGE}"], headers=headers)
        for label, load in (("create", create), ("list", first_page),
                            ("retrieve", Load("GET", [f"/invoiced/customers/{created['id']}"], headers=headers))):
            loadgen.run(server, load, args.warmup, f"{backend}-warmup-{label}")

        seeded = 0
        for size in args.sizes:
            stored, seeded = top_up_customers(database, account_id, size, seeded, seeded_customer)
            tag = f"{stored:,}"

            sample = sample_ids(database, account_id, RETRIEVE_IDS)
            status, _, body = request("GET", server.port, f"/invoiced/customers/{sample[0]}", headers=headers)
            check(status == 200 and json.loads(body)["id"] == sample[0], f"retrieve {sample[0]}: {status}")
            status, answer_headers, body = request("GET", server.port, first_page.paths[0], headers=headers)
            check(status == 200 and len(json.loads(body)) == min(PER_PAGE, stored), f"list: {status}")
            check(int(answer_headers["x-total-count"]) == stored,
                  f"X-Total-Count {answer_headers['x-total-count']} != {stored}")

            last = max(1, math.ceil(stored / PER_PAGE))
            deep_page = Load("GET", [f"/invoiced/customers?per_page={PER_PAGE}&page={last}"], headers=headers)
            retrieves = Load("GET", [f"/invoiced/customers/{i}" for i in sample], headers=headers)
            for operation, load in ((f"list p1 ({PER_PAGE}/page)", first_page),
                                    (f"list p{last} (last)", deep_page),
                                    ("retrieve", retrieves)):
                result = loadgen.run(server, load, args.seconds, f"{backend}-{size}-{operation.split()[0]}")
                TABLE.record(rows, Row(backend, tag, operation, result))
            result = loadgen.run(server, create, args.seconds, f"{backend}-{size}-create")
            after = settled_count(database, account_id)
            TABLE.record(rows, Row(backend, f"{tag}→{after:,}", "create", result))
    finally:
        server.stop()
        database.dispose()


# --- the summary -------------------------------------------------------------------------------

def print_targets(rows: list[Row], bare: Row | None, sizes: list[int]) -> None:
    print()
    print("Targets")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    by_backend: dict[str, list[Row]] = {}
    for row in rows:
        by_backend.setdefault(row.backend, []).append(row)
    for backend, found in by_backend.items():
        creates = [row for row in found if row.operation == "create"]
        if bare and creates:
            for row in creates:
                share = row.result.rate / bare.result.rate if bare.result.rate else 0
                goal = f"(target ≥ {CREATE_TARGET:.0%})" if backend == "sqlite" else "(info)"
                mark = verdict(share >= CREATE_TARGET) if backend == "sqlite" else "    "
                print(f"  {mark} {backend:<10} creates with {row.stored:>17} stored: {row.result.rate:,.0f}/s = "
                      f"{share:.1%} of the bare ceiling {bare.result.rate:,.0f}/s {goal}")
        for kind, info in (("list p1", False), ("last page", True)):
            lists = [row for row in found if row.operation.startswith("list") and
                     (("(last)" in row.operation) == (kind == "last page"))]
            if len(lists) >= 2 and len(sizes) >= 2:
                small, large = lists[0], lists[-1]
                growth = large.result.p99_ms / small.result.p99_ms if small.result.p99_ms else float("inf")
                mark = "    " if info else verdict(growth <= LIST_P99_GROWTH)
                goal = "(info)" if info else f"(target ≤ {LIST_P99_GROWTH}×)"
                print(f"  {mark} {backend:<10} {kind} p99 at {large.stored} vs {small.stored}: "
                      f"{large.result.p99_ms:.2f} / {small.result.p99_ms:.2f} ms = {growth:.2f}× {goal}")


def main() -> int:
    _, args = parse_args("Billbook customer API benchmark.", seconds=10, sizes=True)
    bare: list[Row] = []

    def before(bench: Bench) -> None:
        print(f"bare FastAPI ceiling ({args.workers} worker(s))", flush=True)
        bare.append(bench_bare(bench))

    def summarize(bench: Bench) -> None:
        TABLE.print([*bare, *bench.rows],
                    f"Results: {run_setting(args, bench.tool)}.\n"
                    f"CPU% is of one core; the machine has {os.cpu_count()}, and was {bench.background:.0f}% busy "
                    "before the run (other processes). 'srv ms/req' is server CPU time per request.")
        print_targets(bench.rows, bare[0] if bare else None, args.sizes)

    return run_benchmark(args, "billbook-bench-", bench_backend, summarize, before=before)


if __name__ == "__main__":
    sys.exit(main())
