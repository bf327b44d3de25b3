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
Python threads.

    .venv/bin/python bench/customers.py --seconds 8
    .venv/bin/python bench/customers.py --backends sqlite --sizes 1000 --seconds 3
"""

import argparse
import base64
import json
import math
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))  # tests.support.postgres

from harness import HOST, Load, LoadGenerator, Result, Server, background_cpu_pct, ensure_wrk, request  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from billbook.domain.customers import new_customer  # noqa: E402
from billbook.domain.identifiers import portal_token, public_id  # noqa: E402
from billbook.domain.tenancy import Mode, Tenant  # noqa: E402
from billbook.store import tables  # noqa: E402
from billbook.store.database import Database  # noqa: E402
from billbook.store.unit_of_work import UnitOfWork  # noqa: E402

FORM_BODY = "name=Acme&email=billing%40acmecorp.com&payment_terms=NET+30&type=company"
PER_PAGE = 100
SEED_BATCH = 5_000
RETRIEVE_IDS = 1_000
CREATE_TARGET = 0.30   # creates/s on SQLite, as a fraction of the bare ceiling
LIST_P99_GROWTH = 1.5  # p99 at the largest size over p99 at the smallest


@dataclass
class Row:
    backend: str
    stored: str
    operation: str
    result: Result


def free_port() -> int:
    from tests.support.postgres import free_port as pick
    return pick()


# --- databases ---------------------------------------------------------------------------------

@contextmanager
def sqlite_database(workdir: Path):
    yield f"sqlite:///{workdir / 'bench.db'}"


@contextmanager
def postgresql_database():
    """A fresh database in a throwaway cluster (or in BILLBOOK_TEST_POSTGRES_URL's), dropped afterwards."""
    from tests.support.postgres import throwaway_cluster
    with throwaway_cluster() as cluster_url:
        name = f"billbook_bench_{secrets.token_hex(4)}"
        admin = create_engine(Database(cluster_url).url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = admin.url.set(database=name).render_as_string(hide_password=False)
            try:
                yield url
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


# --- seeding -----------------------------------------------------------------------------------

def customer_count(database: Database, account_id: int) -> int:
    c = tables.customers.c
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(tables.customers)
                                  .where(c.account_id == account_id, c.livemode.is_(True))).scalar_one()


def settled_count(database: Database, account_id: int, timeout: float = 30) -> int:
    """The count once the server has finished the requests still queued when the load stopped."""
    count, deadline = customer_count(database, account_id), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        again = customer_count(database, account_id)
        if again == count:
            break
        count = again
    return count


def seed_customers(database: Database, account_id: int, start: int, count: int) -> float:
    """Insert `count` valid customers numbered CUST-1xxxxx from `start`, 5,000 a transaction; seconds taken."""
    began = time.monotonic()
    now = datetime.now(timezone.utc)
    index, end = start, start + count
    while index < end:
        batch = []
        for i in range(index, min(end, index + SEED_BATCH)):
            stamp = now - timedelta(seconds=end - i)
            # The random public id's last 8 hex digits become the row's index: unique by construction.
            batch.append(new_customer(
                {"name": f"Seeded Customer {i}", "email": f"billing{i}@example.com", "type": "company",
                 "payment_terms": "NET 30", "country": "FR"},
                number=f"CUST-{100_000 + i}", public_id=public_id("customer", stamp)[:-8] + f"{i:08x}",
                portal_token=portal_token(), now=stamp))
        # Through the repository, so the tenant's customer count (used for list totals) stays right.
        with UnitOfWork(database, Tenant(account_id, Mode.LIVE)) as uow:
            uow.customers.add_many(batch)
            uow.commit()
        index += len(batch)
    return time.monotonic() - began


def sample_ids(database: Database, account_id: int, how_many: int) -> list[int]:
    c = tables.customers.c
    with database.engine.connect() as connection:
        ids = list(connection.execute(select(c.id).where(c.account_id == account_id, c.livemode.is_(True)))
                   .scalars())
    return random.Random(42).sample(ids, min(how_many, len(ids)))


# --- servers -----------------------------------------------------------------------------------

def billbook(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("billbook")), *args]


def start_billbook(url: str, workers: int, workdir: Path, label: str) -> Server:
    port = free_port()
    argv = billbook("serve", "--host", HOST, "--port", str(port), "--database", url, "--workers", str(workers),
                    "--no-access-log", "--rate-limit", "0")
    return Server(f"billbook ({label})", argv, port, workdir / f"server-{label}.log", cwd=str(workdir)).start()


def start_bare(workers: int, workdir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, str(BENCH / "bare_app.py"), "--host", HOST, "--port", str(port),
            "--workers", str(workers), "--no-access-log"]
    return Server("bare FastAPI", argv, port, workdir / "server-bare.log", cwd=str(workdir)).start()


def create_account(url: str, workdir: Path) -> tuple[int, str]:
    argv = billbook("accounts", "create", "--name", "Bench SAS", "--country", "FR", "--json", "--database", url)
    done = subprocess.run(argv, capture_output=True, text=True, cwd=str(workdir), timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"billbook accounts create failed:\n{done.stdout}{done.stderr}")
    created = json.loads(done.stdout.strip().splitlines()[-1])
    return created["account"], created["live_key"]


def basic_auth(key: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode()


def check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"sanity check failed: {what}")


# --- the runs ----------------------------------------------------------------------------------

def bench_bare(args, loadgen: LoadGenerator, workdir: Path) -> Row:
    server = start_bare(args.workers, workdir)
    try:
        load = Load("POST", ["/invoiced/customers"], FORM_BODY,
                    {"Content-Type": "application/x-www-form-urlencoded", "Authorization": basic_auth("sk_bench")})
        status, _, body = request("POST", server.port, load.paths[0], FORM_BODY.encode(), load.headers)
        check(status == 201 and json.loads(body)["email"] == "billing@acmecorp.com", f"bare echo: {status} {body!r}")
        loadgen.run(server, load, args.warmup, "bare-warmup")
        result = loadgen.run(server, load, args.seconds, "bare-create")
        row = Row("bare FastAPI", "-", "POST form echo", result)
        report(row)
        return row
    finally:
        server.stop()


def bench_backend(backend: str, url: str, args, loadgen: LoadGenerator, workdir: Path, rows: list[Row]) -> None:
    """Appends to `rows` as it goes, so a failure part-way keeps what was measured."""
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
                rows.append(Row(backend, tag, operation, result))
                report(rows[-1])
            result = loadgen.run(server, create, args.seconds, f"{backend}-{size}-create")
            after = settled_count(database, account_id)
            rows.append(Row(backend, f"{tag}→{after:,}", "create", result))
            report(rows[-1])
    finally:
        server.stop()
        database.dispose()


def report(row: Row) -> None:
    r = row.result
    print(f"  {row.stored:>16} {row.operation:<21} {r.rate:>7,.0f} req/s  p50 {r.p50_ms:7.2f} ms  "
          f"p99 {r.p99_ms:7.2f} ms  errors {r.errors}  server {r.server_cpu_pct:.0f}% CPU, "
          f"{r.server_cpu_ms_per_request:.2f} ms/req", flush=True)


# --- the summary -------------------------------------------------------------------------------

def print_table(rows: list[Row], args, tool: str, background: float) -> None:
    print()
    print(f"Results: {args.seconds:g}s a run, {args.connections} connections, {args.workers} server worker(s), "
          f"load from {tool}.")
    print(f"CPU% is of one core; the machine has {os.cpu_count()}, and was {background:.0f}% busy before the run "
          "(other processes). 'srv ms/req' is server CPU time per request.")
    header = (f"{'backend':<12} {'customers stored':>16} {'operation':<21} {'req/s':>7} {'p50 ms':>7} "
              f"{'p99 ms':>7} {'requests':>8} {'errors':>6} {'srv CPU%':>8} {'srv ms/req':>10} {'load CPU%':>9} "
              f"{'host CPU%':>9} {'srv RSS MB':>10}")
    print(header)
    print("-" * len(header))
    for row in rows:
        r = row.result
        print(f"{row.backend:<12} {row.stored:>16} {row.operation:<21} {r.rate:>7,.0f} {r.p50_ms:>7.2f} "
              f"{r.p99_ms:>7.2f} {r.requests:>8,} {r.errors:>6} {r.server_cpu_pct:>8.0f} "
              f"{r.server_cpu_ms_per_request:>10.2f} {r.loadgen_cpu_pct:>9.0f} {r.host_cpu_pct:>9.0f} "
              f"{r.rss_mb:>10.1f}")


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
    parser = argparse.ArgumentParser(description="Billbook customer API benchmark.")
    parser.add_argument("--seconds", type=float, default=10, help="length of each measured run (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--sizes", default="1000,100000", help="customers stored for each round (default 1000,100000)")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                        help="auto: wrk, installing it if needed, else Python threads")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
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
    workdir = Path(tempfile.mkdtemp(prefix="billbook-bench-"))
    loadgen = LoadGenerator(wrk, args.connections, workdir)
    rows: list[Row] = []
    bare: Row | None = None
    background = background_cpu_pct()
    if background > 20:
        print(f"note: the machine is {background:.0f}% busy (of one core) before the benchmark starts; "
              "req/s and latencies will suffer, 'srv ms/req' less so", flush=True)
    try:
        print(f"bare FastAPI ceiling ({args.workers} worker(s))", flush=True)
        bare = bench_bare(args, loadgen, workdir)
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
        print_table([bare, *rows] if bare else rows, args, tool, background)
        print_targets(rows, bare, args.sizes)
    except KeyboardInterrupt:
        print("interrupted; cleaning up", flush=True)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
