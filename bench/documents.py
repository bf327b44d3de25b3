"""Documents: CPU per PDF, documents/s, and the latency of downloading an archived PDF again.

For each backend (SQLite, PostgreSQL in a throwaway cluster) this starts `billbook serve` on
127.0.0.1 with a fresh database, creates an account (French, with its legal details) and customers
through the Invoiced API, and measures in this process, with the code the server runs:

  - a 1-page invoice       typeset from an issued invoice of two lines and made a Factur-X, as
                           archived (CPU ms, documents/s)
  - a 300-line invoice     likewise
  - open-item statement    computed and typeset for a customer with 1,000 open invoices
                           (2,000 issued, every other one paid in part)
  - balance forward        computed and typeset over 10,000 ledger entries (5,000 invoices and
                           their 5,000 payments, since before the first)

and, for the 1-page invoice, each step of a Factur-X in CPU ms per invoice: typesetting alone,
building the CII XML, embedding it, all three together (what the server does), and validating the
XML as the tests do (XSD and EN 16931 schematron; the French CTC schematron apart, measured with
the XSD and shown less the XSD's own time); validating is not part of making the PDF. The UBL
(`/ubl.xml`) likewise: built, and validated against its XSD, EN 16931 and Peppol BIS 3.0.

Then, through the live server, downloads the 1-page invoice's PDF once (typeset and archived) and
again and again for --seconds with keep-alive connections: the archived PDF served byte for byte
(p50/p99 latency, requests/s). Targets: 1-page invoice ≤ 30 ms CPU, archived re-download p99 ≤ 5 ms,
1,000-invoice statement ≤ 2 s. The big ledgers are seeded through the store's repositories, as
bench/balance.py does. Typesetting runs in a fresh process, as in the server's workers; reading
the ledger in this one (on PostgreSQL the database server's own work is not counted; the
wall-clock time is shown too).

    .venv/bin/python bench/documents.py --seconds 5
    .venv/bin/python bench/documents.py --backends sqlite --seconds 3
"""

import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta

from balance import seed_ledger
from common import (
    Bench,
    Row,
    Table,
    basic_auth,
    billbook_json,
    check,
    parse_args,
    run_benchmark,
    standard_heading,
    start_billbook,
)
from harness import Load, LoadGenerator, request

from billbook import documents as typesetting
from billbook.documents import validation
from billbook.services import documents
from billbook.store.database import Database

ACCOUNT = ["--name", "Acme SAS", "--country", "FR", "--vat-number", "FR60528551658", "--legal-form", "SAS",
           "--siret", "52855165800008", "--capital-stock", "10000", "--address-line1", "1 rue de la Paix",
           "--city", "Paris", "--zip", "75002"]
TARGETS = {"1-page invoice": 30.0, "open-item statement": 2000.0}  # CPU ms
REDOWNLOAD_P99_MS = 5.0
TABLE = Table("documents", operation_width=22, metrics=("req/s", "p50 ms", "p99 ms", "requests", "errors"))


@dataclass
class Timing:
    name: str
    count: int
    cpu_ms: float  # per document
    wall_ms: float  # per document


def timed(name: str, jobs: list, compute_ms: float = 0.0) -> Timing:
    """Typeset `jobs[1:]` after a warm-up `jobs[0]`, in a fresh process, as the server's workers
    do. Each job must be a different document: Typst remembers what it laid out, and the same input
    again would cost nothing. `compute_ms`: CPU spent reading the ledger for each, added in."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"), max_tasks_per_child=1) as pool:
        cpu_ms, wall_ms = pool.submit(_typeset_all, jobs).result()
    return Timing(name, len(jobs) - 1, cpu_ms + compute_ms, wall_ms + compute_ms)


def _typeset_all(jobs: list) -> tuple[float, float]:
    jobs[0].typeset()
    cpu, wall = time.process_time(), time.perf_counter()
    for job in jobs[1:]:
        job.typeset()
    count = len(jobs) - 1
    return (time.process_time() - cpu) * 1000 / count, (time.perf_counter() - wall) * 1000 / count


def factur_x_steps(job, count: int) -> dict[str, float]:
    """CPU ms per invoice of each step of a Factur-X (`count` invoices each, other numbers of
    `job`), after a warm-up that also compiles the schematrons, in a fresh process."""
    jobs = [numbered(job, n) for n in range(1000, 1000 + 2 * count + 1)]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"), max_tasks_per_child=1) as pool:
        return pool.submit(_time_steps, jobs[0], jobs[1:count + 1], jobs[count + 1:]).result()


def _time_steps(warm_up, stepwise: list, whole: list) -> dict[str, float]:
    spent: dict[str, float] = {}

    def step(name: str, work):
        cpu = time.process_time()
        result = work()
        spent[name] = spent.get(name, 0.0) + time.process_time() - cpu
        return result

    warm_up.typeset()
    validation.failed_rules(warm_up.cii(), schematrons=("en16931", "fr-ctc"))
    validation.failed_rules(warm_up.ubl(), schematrons=("en16931", "peppol"))
    for job in stepwise:
        pdf = step("typeset (Typst)", lambda job=job: typesetting.invoice_pdf(
            job.issued, credited_number=job.credited_number, language=job.language, paper=job.paper))
        xml = step("CII built", job.cii)
        step("Factur-X embedding", lambda pdf=pdf, xml=xml, job=job: typesetting.factur_x_pdf(
            pdf, xml, dated=job.issued.invoice.issue_date))
        step("XSD alone", lambda xml=xml: validation.failed_rules(xml, schematrons=()))
        step("XSD + EN 16931", lambda xml=xml: validation.failed_rules(xml, schematrons=("en16931",)))
        step("XSD + French CTC", lambda xml=xml: validation.failed_rules(xml, schematrons=("fr-ctc",)))
        ubl = step("UBL built", job.ubl)
        step("UBL: XSD + EN 16931 + Peppol", lambda ubl=ubl: validation.failed_rules(
            ubl, schematrons=("en16931", "peppol")))
    for job in whole:
        step("Factur-X invoice", job.typeset)
    per_invoice = {name: seconds * 1000 / len(whole if name == "Factur-X invoice" else stepwise)
                   for name, seconds in spent.items()}
    per_invoice["French CTC schematron"] = per_invoice.pop("XSD + French CTC") - per_invoice["XSD alone"]
    return per_invoice


FACTUR_X_LINES = (("typeset (Typst)", "typeset alone (Typst)"), ("CII built", "CII XML built"),
                  ("Factur-X embedding", "CII embedded (factur-x, pikepdf)"),
                  ("Factur-X invoice", "Factur-X invoice: typeset + CII + embed"),
                  ("XSD + EN 16931", "validation: XSD + EN 16931 schematron"),
                  ("French CTC schematron", "validation: French CTC schematron"),
                  ("UBL built", "UBL XML built (Peppol BIS 3.0)"),
                  ("UBL: XSD + EN 16931 + Peppol", "UBL validation: XSD + EN 16931 + Peppol"))


def print_factur_x(backend: str, steps: dict[str, float]) -> None:
    for name, label in FACTUR_X_LINES:
        print(f"  {backend:<10} {label:<42} {steps[name]:8.1f} ms CPU", flush=True)


def numbered(job, n: int):
    """The invoice to typeset with another number, so that each one is a new document."""
    invoice = replace(job.issued.invoice, number=f"{job.issued.invoice.number}-{n}")
    return replace(job, issued=replace(job.issued, invoice=invoice))


def computed(work, count: int) -> tuple[list, float]:
    """`work(n)` for n in 0..count (the statements to typeset), and the CPU ms each took."""
    cpu = time.process_time()
    jobs = [work(n) for n in range(count + 1)]
    return jobs, (time.process_time() - cpu) * 1000 / (count + 1)


def api(port: int, headers: dict, method: str, path: str, body: dict | None = None) -> dict:
    status, _, answer = request(method, port, path, json.dumps(body).encode() if body else None,
                                {**headers, "Content-Type": "application/json"})
    check(status in (200, 201), f"{method} {path}: {status} {answer[:300]!r}")
    return json.loads(answer)


def token_of(url: str) -> str:
    return url.rstrip("/").split("/")[-2]


def bench_backend(bench: Bench, backend: str, url: str, timings: dict[str, list[Timing]],
                  steps: dict[str, dict[str, float]]) -> None:
    database = Database(url)
    server = start_billbook(url, bench.args.workers, bench.workdir, f"documents-{backend}")
    try:
        created = billbook_json(bench.workdir, "accounts", "create", *ACCOUNT, "--json", "--database", url)
        key = created["live_key"]
        headers = {"Authorization": basic_auth(key)}
        port = server.port
        customer = api(port, headers, "POST", "/invoiced/customers", {
            "name": "Client SARL", "country": "FR", "currency": "eur", "address1": "2 avenue Foch", "city": "Lyon",
            "postal_code": "69001", "tax_id": "FR40303265045", "payment_terms": "NET 30"})
        small = api(port, headers, "POST", "/invoiced/invoices", {"customer": customer["id"], "items": [
            {"name": "Consulting", "quantity": 2, "unit_cost": 150}, {"name": "Travel", "unit_cost": 80}]})
        large = api(port, headers, "POST", "/invoiced/invoices", {"customer": customer["id"], "items": [
            {"name": f"Line {n}: monthly service", "quantity": 1 + n % 3, "unit_cost": 10 + n} for n in range(300)]})

        found = []
        for name, invoice, count in (("1-page invoice", small, 30), ("300-line invoice", large, 3)):
            job = documents.invoice_document(database, token_of(invoice["pdf_url"]))
            found.append(timed(name, [numbered(job, n) for n in range(count + 1)]))
            if name == "1-page invoice":
                steps[backend] = factur_x_steps(job, count)
                print_factur_x(backend, steps[backend])

        for name, invoices, statement in (("open-item statement", 2_000, {"type": "open_item"}),
                                          ("balance forward", 5_000, {"type": "balance_forward",
                                                                      "start": date.today() - timedelta(days=800)})):
            # An account each: the seeded numbers are the same in both ledgers.
            created = billbook_json(bench.workdir, "accounts", "create", *ACCOUNT, "--json", "--database", url)
            own = {"Authorization": basic_auth(created["live_key"])}
            owner = api(port, own, "POST", "/invoiced/customers", {"name": f"Big {name}", "currency": "eur",
                                                                    "country": "FR"})
            seeded = seed_ledger(database, created["account"], owner["id"], invoices)
            print(f"  seeded {seeded.invoices:,} invoices and {seeded.payments:,} payments in {seeded.seconds:.1f} s",
                  flush=True)
            token = token_of(owner["statement_pdf_url"])
            # Computed afresh each time, as of a different day (a new document to typeset).
            jobs, compute_ms = computed(lambda n, token=token, statement=statement: documents.statement_document(
                database, token, end=date.today() - timedelta(days=n), **statement), 2)
            found.append(timed(name, jobs, compute_ms))
            print(f"  {name}: computed in {compute_ms:.1f} ms CPU", flush=True)

        for timing in found:
            print(f"  {timing.name:<22} {timing.cpu_ms:8.1f} ms CPU  {timing.wall_ms:8.1f} ms wall  "
                  f"{1000 / timing.wall_ms:7.1f} documents/s  ({timing.count} timed)", flush=True)
        timings[backend] = found

        path = small["pdf_url"].split(f":{port}", 1)[1]
        status, _, first = request("GET", port, path)
        check(status == 200 and first.startswith(b"%PDF"), f"GET {path}: {status}")
        load = Load("GET", [path])
        # Latency as one client sees it, then throughput with the benchmark's connections.
        single = LoadGenerator(bench.loadgen.wrk, 1, bench.workdir)
        TABLE.record(bench.rows, Row(backend, "1 connection", "archived PDF again",
                                     single.run(server, load, bench.args.seconds, f"{backend}-redownload-1")))
        result = bench.loadgen.run(server, load, bench.args.seconds, f"{backend}-redownload")
        TABLE.record(bench.rows, Row(backend, f"{bench.args.connections} connections", "archived PDF again", result))
    finally:
        server.stop()
        database.dispose()


def print_targets(bench: Bench, timings: dict[str, list[Timing]]) -> None:
    print()
    print("Targets")
    for backend, found in timings.items():
        for timing in found:
            if timing.name in TARGETS:
                ok = timing.cpu_ms <= TARGETS[timing.name]
                print(f"  {'PASS' if ok else 'FAIL'} {backend:<10} {timing.name}: {timing.cpu_ms:.1f} ms CPU "
                      f"(target ≤ {TARGETS[timing.name]:.0f})")
    for row in bench.rows:
        if row.stored != "1 connection":
            continue
        ok = row.result.p99_ms <= REDOWNLOAD_P99_MS
        print(f"  {'PASS' if ok else 'FAIL'} {row.backend:<10} archived re-download p99 {row.result.p99_ms:.2f} ms, "
              f"one client (target ≤ {REDOWNLOAD_P99_MS:.0f})")


def main() -> int:
    _, args = parse_args("Billbook documents benchmark.")
    timings: dict[str, list[Timing]] = {}
    steps: dict[str, dict[str, float]] = {}

    def summarize(bench: Bench) -> None:
        TABLE.print(bench.rows, standard_heading("Archived PDF downloads", args, bench.tool, bench.background))
        print()
        print("Factur-X, per 1-page invoice")
        for backend, found in steps.items():
            print_factur_x(backend, found)
        print_targets(bench, timings)

    return run_benchmark(args, "billbook-bench-documents-",
                         lambda bench, backend, url: bench_backend(bench, backend, url, timings, steps), summarize)


if __name__ == "__main__":
    sys.exit(main())
