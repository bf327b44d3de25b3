"""What the Billbook benchmarks share: options, databases, `billbook serve`, accounts, seeding, the
per-run line and the summary table, and the loop over backends (bench/harness.py drives the load).

Importing this puts the repository root on sys.path, for tests.support.postgres.
"""

import argparse
import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # tests.support.postgres

from harness import HOST, LoadGenerator, Result, Server, background_cpu_pct, ensure_wrk  # noqa: E402
from sqlalchemy import Table, create_engine, func, select, text  # noqa: E402

from billbook.domain.tenancy import Mode, Tenant  # noqa: E402
from billbook.store import tables  # noqa: E402
from billbook.store.database import Database  # noqa: E402
from billbook.store.unit_of_work import UnitOfWork  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
CUSTOMER_SEED_BATCH = 5_000


@dataclass
class Row:
    backend: str
    stored: str
    operation: str
    result: Result


def check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"sanity check failed: {what}")


def succeeded_rate(result: Result) -> float:
    return (result.requests - result.errors) / result.seconds if result.seconds else 0.0


# --- options -----------------------------------------------------------------------------------

def parse_args(description: str, *, seconds: float = 5, sizes: bool = False,
               extra: Callable[[argparse.ArgumentParser], None] | None = None
               ) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """The options every benchmark takes (--seconds, --connections, --backends, --workers, --loadgen),
    with --sizes when asked and the script's own from `extra`. Sets `args.warmup`, makes `args.backends`
    a checked list and `args.sizes` a sorted list of ints; the parser comes back for the script's checks."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=seconds,
                        help=f"length of each measured run (default {seconds:g})")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    if sizes:
        parser.add_argument("--sizes", default="1000,100000",
                            help="customers stored for each round (default 1000,100000)")
    if extra:
        extra(parser)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                        help="auto: wrk, installing it if needed, else Python threads")
    args = parser.parse_args()
    if sizes:
        args.sizes = sorted(int(size) for size in args.sizes.split(","))
    args.warmup = max(1.0, min(2.0, args.seconds / 4))
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(args.backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    return parser, args


# --- databases ---------------------------------------------------------------------------------

@contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    yield f"sqlite:///{workdir / 'bench.db'}"


@contextmanager
def postgresql_database() -> Iterator[str]:
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


@contextmanager
def backend_database(backend: str, workdir: Path) -> Iterator[str]:
    """The URL of a fresh database on `backend` (sqlite or postgresql)."""
    with (sqlite_database(workdir) if backend == "sqlite" else postgresql_database()) as url:
        yield url


def vacuum_analyze(database: Database, *table_names: str) -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk insert, done now so it cannot start mid-run."""
    if database.backend != "postgresql":
        return
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in table_names:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def live_rows(database: Database, table: Table, account_id: int) -> int:
    """The account's live rows in `table` (customers, invoices, ...)."""
    c = table.c
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)
                                  .where(c.account_id == account_id, c.livemode.is_(True))).scalar_one()


def settled_rows(database: Database, table: Table, account_id: int, timeout: float = 30) -> int:
    """The count once the server has finished the requests still queued when the load stopped."""
    count, deadline = live_rows(database, table, account_id), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        again = live_rows(database, table, account_id)
        if again == count:
            break
        count = again
    return count


def settled_count(database: Database, account_id: int) -> int:
    """Live customers, once the server has settled."""
    return settled_rows(database, tables.customers, account_id)


def settled_invoices(database: Database, account_id: int) -> int:
    """Live invoices, once the server has settled."""
    return settled_rows(database, tables.invoices, account_id)


# --- seeding customers -------------------------------------------------------------------------

def seed_customers(database: Database, account_id: int, start: int, count: int,
                   make: Callable[[int, int, datetime], object]) -> float:
    """Insert customers `make(i, end, now)` for i in start..start+count, CUSTOMER_SEED_BATCH a
    transaction, through the repository so the tenant's customer count (list totals) stays right;
    seconds taken."""
    began = time.monotonic()
    now = datetime.now(timezone.utc)
    index, end = start, start + count
    while index < end:
        batch = [make(i, end, now) for i in range(index, min(end, index + CUSTOMER_SEED_BATCH))]
        with UnitOfWork(database, Tenant(account_id, Mode.LIVE)) as uow:
            uow.customers.add_many(batch)
            uow.commit()
        index += len(batch)
    return time.monotonic() - began


def top_up_customers(database: Database, account_id: int, size: int, seeded: int,
                     make: Callable[[int, int, datetime], object]) -> tuple[int, int]:
    """Seed customers (numbered on from `seeded`) until `size` are stored; (stored, seeded) after."""
    stored = settled_count(database, account_id)
    if stored < size:
        took = seed_customers(database, account_id, seeded, size - stored, make)
        seeded += size - stored
        print(f"  seeded {size - stored:,} customers in {took:.1f}s", flush=True)
        vacuum_analyze(database, "customers")
        stored = size
    return stored, seeded


# --- billbook ----------------------------------------------------------------------------------

def free_port() -> int:
    from tests.support.postgres import free_port as pick
    return pick()


def billbook(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("billbook")), *args]


def billbook_json(workdir: Path, *args: str):
    """Run a `billbook ... --json` command; the JSON of its last line."""
    done = subprocess.run(billbook(*args), capture_output=True, text=True, cwd=str(workdir), timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"billbook {' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_billbook(url: str, workers: int, workdir: Path, label: str) -> Server:
    port = free_port()
    argv = billbook("serve", "--host", HOST, "--port", str(port), "--database", url, "--workers", str(workers),
                    "--no-access-log", "--rate-limit", "0")
    return Server(f"billbook ({label})", argv, port, workdir / f"server-{label}.log", cwd=str(workdir)).start()


def create_account(url: str, workdir: Path) -> tuple[int, str]:
    created = billbook_json(workdir, "accounts", "create", "--name", "Bench SAS", "--country", "FR", "--json",
                            "--database", url)
    return created["account"], created["live_key"]


def basic_auth(key: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode()


# --- measuring ---------------------------------------------------------------------------------

def measure_creates(loadgen: LoadGenerator, server: Server, load, args, backend: str, operation: str,
                    label: str, count: Callable[[], int]) -> Row:
    """Warm up, then create for args.seconds, checking that every successful answer added a row."""
    loadgen.run(server, load, args.warmup, f"{label}-warmup")
    before = count()
    result = loadgen.run(server, load, args.seconds, label)
    after = count()
    check(after - before >= result.requests - result.errors,
          f"{operation}: {result.requests - result.errors} answered but {after - before} rows added")
    return Row(backend, f"{before:,}→{after:,}", operation, result)


# --- printing ----------------------------------------------------------------------------------

# The metric columns a table may show: header -> (width, format, value).
METRICS: dict[str, tuple[int, str, Callable[[Result], float]]] = {
    "req/s": (7, ",.0f", lambda r: r.rate),
    "p50 ms": (7, ".2f", lambda r: r.p50_ms),
    "p99 ms": (7, ".2f", lambda r: r.p99_ms),
    "requests": (8, ",", lambda r: r.requests),
    "errors": (6, "", lambda r: r.errors),
    "srv CPU%": (8, ".0f", lambda r: r.server_cpu_pct),
    "srv ms/req": (10, ".2f", lambda r: r.server_cpu_ms_per_request),
    "load CPU%": (9, ".0f", lambda r: r.loadgen_cpu_pct),
    "host CPU%": (9, ".0f", lambda r: r.host_cpu_pct),
    "srv RSS MB": (10, ".1f", lambda r: r.rss_mb),
}


@dataclass(frozen=True)
class Table:
    """How a benchmark prints its rows: one line a run as it goes (`report`), then the summary (`print`)."""
    stored_header: str
    stored_width: int = 17
    operation_width: int = 15
    backend_width: int = 10
    metrics: tuple[str, ...] = ("req/s", "p50 ms", "p99 ms", "requests", "errors", "srv ms/req", "srv RSS MB")
    report_stored_width: int = 15
    report_cpu_share: bool = False  # the per-run line also gives server CPU as % of a core

    def report(self, row: Row) -> None:
        r = row.result
        server = (f"server {r.server_cpu_pct:.0f}% CPU, {r.server_cpu_ms_per_request:.2f} ms/req"
                  if self.report_cpu_share else f"server {r.server_cpu_ms_per_request:.2f} ms CPU/req")
        print(f"  {row.stored:>{self.report_stored_width}} {row.operation:<{self.operation_width}} "
              f"{r.rate:>7,.0f} req/s  p50 {r.p50_ms:7.2f} ms  p99 {r.p99_ms:7.2f} ms  errors {r.errors}  {server}",
              flush=True)

    def record(self, rows: list[Row], row: Row) -> None:
        """Keep the row and print its line."""
        rows.append(row)
        self.report(row)

    def print(self, rows: list[Row], heading: str) -> None:
        print()
        print(heading)
        header = " ".join([f"{'backend':<{self.backend_width}}", f"{self.stored_header:>{self.stored_width}}",
                           f"{'operation':<{self.operation_width}}",
                           *(f"{name:>{METRICS[name][0]}}" for name in self.metrics)])
        print(header)
        print("-" * len(header))
        for row in rows:
            values = (f"{METRICS[name][2](row.result):>{METRICS[name][0]}{METRICS[name][1]}}"
                      for name in self.metrics)
            print(" ".join([f"{row.backend:<{self.backend_width}}", f"{row.stored:>{self.stored_width}}",
                            f"{row.operation:<{self.operation_width}}", *values]))


def run_setting(args, tool: str) -> str:
    return (f"{args.seconds:g}s a run, {args.connections} connections, {args.workers} server worker(s), "
            f"load from {tool}")


def standard_heading(title: str, args, tool: str, background: float) -> str:
    return (f"{title}: {run_setting(args, tool)}; the machine has {os.cpu_count()} cores and was "
            f"{background:.0f}% busy (of one core) before the run.")


# --- the loop over backends --------------------------------------------------------------------

@dataclass
class Bench:
    """One benchmark's session: its options, load generator and what it has measured so far."""
    args: argparse.Namespace
    loadgen: LoadGenerator
    tool: str
    workdir: Path
    background: float
    rows: list[Row] = field(default_factory=list)


def run_benchmark(args, workdir_prefix: str, measure: Callable[[Bench, str, str], None],
                  summarize: Callable[[Bench], None], *, before: Callable[[Bench], None] | None = None,
                  skipped: Callable[[str, Exception], None] | None = None) -> int:
    """Measure every backend in args.backends with `measure(bench, backend, url)` on a fresh database
    (after `before(bench)`, if given), then `summarize(bench)`. A backend that fails is reported and
    skipped (`skipped(backend, error)`); servers, the cluster and the temporary folder are cleaned up
    on exit, Ctrl-C and SIGTERM. The exit status."""
    # A SIGTERM unwinds like Ctrl-C, so servers, the cluster and the temporary folder are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    wrk = ensure_wrk() if args.loadgen in ("auto", "wrk") else None
    if args.loadgen == "wrk" and not wrk:
        print("wrk is not available")
        return 2
    tool = "wrk" if wrk else "Python threads (http.client keep-alive)"
    workdir = Path(tempfile.mkdtemp(prefix=workdir_prefix))
    bench = Bench(args, LoadGenerator(wrk, args.connections, workdir), tool, workdir, background_cpu_pct())
    if bench.background > 20:
        print(f"note: the machine is {bench.background:.0f}% busy (of one core) before the benchmark starts; "
              "req/s and latencies will suffer, 'srv ms/req' less so", flush=True)
    try:
        if before:
            before(bench)
        for backend in args.backends:
            print(f"{backend}", flush=True)
            try:
                with backend_database(backend, workdir) as url:
                    measure(bench, backend, url)
            except (RuntimeError, subprocess.CalledProcessError) as error:
                if isinstance(error, subprocess.CalledProcessError):
                    error = RuntimeError(f"{error}: {(error.stderr or b'')[-2000:]!r}")
                print(f"  {backend} skipped: {error}", flush=True)
                if skipped:
                    skipped(backend, error)
        summarize(bench)
    except KeyboardInterrupt:
        print("interrupted; cleaning up", flush=True)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
