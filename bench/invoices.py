"""Octobat v1 invoice creation throughput, against Octobat v2 customer creates, and gap-free numbers.

For each backend (SQLite, PostgreSQL in a throwaway cluster) this starts `billbook serve` on
127.0.0.1 with a fresh database (`--rate-limit 0`), creates an account with `billbook accounts
create` and a live transfer payment mode with `billbook payment-modes create`, then a French
customer through POST /octobat/v2/customers, and with the same few concurrent keep-alive
connections, in the same server run, measures:

  - customer creates  POST /octobat/v2/customers with a form body (the reference figure)
  - invoice creates   POST /octobat/v1/invoices with a JSON body: a confirmed, live invoice of
                      three lines (VAT computed, number drawn from the default sequence) for that
                      customer, payable by that payment mode
  - keyed creates     the same, each request with its own Idempotency-Key (the invoice and the
                      stored answer commit in one transaction)

then prints the figures and, per backend, invoice creates/s ÷ customer creates/s (target ≥ 40 %),
both counted on the answers that succeeded. Last, it reads every invoice back through
GET /octobat/v1/invoices?limit=100&starting_after=… and checks that the counters of their numbers
(INV-YYYY-MM-NNN: the last dash-separated part) are exactly 1..N for N invoices: none lost to
a failed or concurrent issue, none given twice.

Load comes from wrk (installed with apt-get when missing), else from Python threads; servers,
databases and the cluster are helpers of bench/common.py and bench/harness.py.

    .venv/bin/python bench/invoices.py --seconds 5
    .venv/bin/python bench/invoices.py --backends sqlite --seconds 3
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

from common import (
    Bench,
    Row,
    Table,
    basic_auth,
    billbook_json,
    check,
    create_account,
    measure_creates,
    parse_args,
    run_benchmark,
    settled_count,
    settled_invoices,
    standard_heading,
    start_billbook,
    succeeded_rate,
)
from harness import Load, Result, request
from octobat import FORM_BODY as CUSTOMER_FORM_BODY

from billbook.store.database import Database

CUSTOMERS = "/octobat/v2/customers"
INVOICES = "/octobat/v1/invoices"
INVOICE_CUSTOMER_BODY = "name=Invoiced+SAS&email=billing%40invoiced.fr&billing_address_country=France"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
PAGE = 100
TARGET = 0.40  # invoice creates/s as a fraction of customer creates/s
CUSTOMER_CREATE, INVOICE_CREATE, KEYED_CREATE = "v2 customer create", "v1 invoice create", "v1 invoice keyed"
TABLE = Table("rows before→after", operation_width=18)


def invoice_body(customer_id: str, payment_mode_id: str) -> str:
    return json.dumps({
        "livemode": True, "state": "confirmed", "currency": "eur", "customer_id": customer_id,
        "invoice_items": [
            {"description": "Monthly subscription", "payment_cents": 1000, "eservice": True},
            {"description": "2 hours extratime", "payment_cents": 2000, "vat_rate": 10.0},
            {"description": "Monthly subscription", "extratax_cents": 4000, "eservice": False},
        ],
        "evidence": {"customer_ip_address": "137.194.15.1"},
        "payable_by": [payment_mode_id],
    }, separators=(",", ":"))


# --- set-up -------------------------------------------------------------------------------

def create_payment_mode(url: str, account_id: int, workdir: Path) -> str:
    created = billbook_json(workdir, "payment-modes", "create", "--account", str(account_id), "--mode", "live",
                            "--name", "Bank", "--type", "transfer", "--iban", IBAN, "--json", "--database", url)
    return created[0]["id"]


# --- numbering check ---------------------------------------------------------------------------

def read_numbers(port: int, headers: dict[str, str]) -> tuple[list[str], int]:
    """Every invoice number, newest first, paging by `starting_after`; and the lists' total_count."""
    numbers: list[str] = []
    seen: set[str] = set()
    total, after = -1, None
    while True:
        path = f"{INVOICES}?limit={PAGE}" + (f"&starting_after={after}" if after else "")
        status, _, body = request("GET", port, path, headers=headers)
        check(status == 200, f"list {path}: {status} {body[:300]!r}")
        page = json.loads(body)
        if total < 0:
            total = page["total_count"]
        for invoice in page["data"]:
            check(invoice["id"] not in seen, f"invoice {invoice['id']} listed twice while paging")
            seen.add(invoice["id"])
            numbers.append(invoice["invoice_number"])
        if not page["has_more"] or not page["data"]:
            return numbers, total
        after = page["data"][-1]["id"]


def numbering_verdict(numbers: list[str], total: int, stored: int) -> tuple[bool, str]:
    counters: list[int] = []
    unreadable = []
    for number in numbers:
        try:
            counters.append(int(number.rsplit("-", 1)[-1]))
        except ValueError:
            unreadable.append(number)
    n = len(numbers)
    problems = []
    if unreadable:
        problems.append(f"{len(unreadable)} numbers without a counter (e.g. {unreadable[0]!r})")
    if total != n or stored != n:
        problems.append(f"{n} read back but total_count says {total} and the database {stored}")
    repeated = sorted(counter for counter, times in Counter(counters).items() if times > 1)
    if repeated:
        problems.append(f"{len(repeated)} counters given twice (e.g. {repeated[:5]})")
    missing = sorted(set(range(1, n + 1)) - set(counters))
    if missing:
        problems.append(f"{len(missing)} of 1..{n} missing (e.g. {missing[:5]})")
    beyond = sorted(counter for counter in set(counters) if not 1 <= counter <= n)
    if beyond:
        problems.append(f"{len(beyond)} counters outside 1..{n} (e.g. {beyond[:5]})")
    if len({number.rsplit("-", 1)[0] for number in numbers}) > 1:
        problems.append("more than one prefix/period (a sequence reset mid-run?)")
    if problems:
        return False, f"numbers: {n} issued, NOT gap-free: " + "; ".join(problems)
    return True, f"numbers: {n} issued, gap-free" + (f" ({numbers[-1]} … {numbers[0]})" if n else "")


# --- the runs ----------------------------------------------------------------------------------

def bench_backend(bench: Bench, backend: str, url: str, verdicts: dict[str, tuple[bool, str]]) -> None:
    """Appends to `bench.rows` as it goes, so a failure part-way keeps what was measured."""
    args, loadgen, workdir, rows = bench.args, bench.loadgen, bench.workdir, bench.rows
    database = Database(url)
    server = start_billbook(url, args.workers, workdir, f"invoices-{backend}")
    try:
        account_id, key = create_account(url, workdir)
        mode_id = create_payment_mode(url, account_id, workdir)
        headers = {"Authorization": basic_auth(key)}
        form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}

        status, _, body = request("POST", server.port, CUSTOMERS, INVOICE_CUSTOMER_BODY.encode(), form)
        check(status in (200, 201), f"customer create: {status} {body[:300]!r}")
        customer = json.loads(body)
        check(customer["id"].startswith("oc_cu_"), f"customer create echoed {customer!r}")

        customers = Load("POST", [CUSTOMERS], CUSTOMER_FORM_BODY, form)
        invoices = Load("POST", [INVOICES], invoice_body(customer["id"], mode_id),
                        {**headers, "Content-Type": "application/json"})

        status, _, body = request("POST", server.port, INVOICES, invoices.body.encode(), invoices.headers)
        check(status in (200, 201), f"invoice create: {status} {body[:500]!r}")
        invoice = json.loads(body)
        check(invoice["object"] == "invoice" and invoice["livemode"] is True and invoice["state"] == "confirmed"
              and invoice["customer_id"] == customer["id"] and invoice["invoice_items"]["total_count"] == 3
              and invoice["vat_cents"] > 0 and invoice["invoice_number"].startswith("INV-")
              and invoice["invoice_number"].endswith("-001")
              and [mode["id"] for mode in invoice["payable_by"]] == [mode_id],
              f"invoice create echoed {json.dumps(invoice)[:1000]}")
        print(f"  first invoice {invoice['invoice_number']}: total {invoice['total_cents']} cents, "
              f"VAT {invoice['vat_cents']}, extratax {invoice['extratax_cents']}", flush=True)

        keyed = Load("POST", [INVOICES], invoices.body, invoices.headers, key_prefix=f"bench-{time.time_ns()}")
        for operation, load, count in ((CUSTOMER_CREATE, customers, lambda: settled_count(database, account_id)),
                                       (INVOICE_CREATE, invoices, lambda: settled_invoices(database, account_id)),
                                       (KEYED_CREATE, keyed, lambda: settled_invoices(database, account_id))):
            TABLE.record(rows, measure_creates(loadgen, server, load, args, backend, operation,
                                               f"{backend}-{operation.split()[1]}-{operation.split()[-1]}", count))

        stored = settled_invoices(database, account_id)
        numbers, total = read_numbers(server.port, headers)
        verdicts[backend] = numbering_verdict(numbers, total, stored)
        print(f"  {verdicts[backend][1]}", flush=True)
    finally:
        server.stop()
        database.dispose()


# --- the summary -------------------------------------------------------------------------------

def print_targets(rows: list[Row], verdicts: dict[str, tuple[bool, str]]) -> bool:
    print()
    print("Targets (rates count successful answers only)")
    passed = True
    by_backend: dict[str, dict[str, Result]] = {}
    for row in rows:
        by_backend.setdefault(row.backend, {})[row.operation] = row.result
    for backend, found in by_backend.items():
        if CUSTOMER_CREATE in found and INVOICE_CREATE in found:
            reference, invoices = succeeded_rate(found[CUSTOMER_CREATE]), succeeded_rate(found[INVOICE_CREATE])
            share = invoices / reference if reference else 0.0
            ok = share >= TARGET
            passed &= ok
            print(f"  {'PASS' if ok else 'FAIL'} {backend:<10} invoice creates / customer creates: "
                  f"{invoices:,.0f} / {reference:,.0f} per s = {share:.1%} (target ≥ {TARGET:.0%})")
        if backend in verdicts:
            ok, text = verdicts[backend]
            passed &= ok
            print(f"  {'PASS' if ok else 'FAIL'} {backend:<10} {text}")
    return passed


def main() -> int:
    _, args = parse_args("Billbook Octobat v1 invoice creation benchmark.")
    verdicts: dict[str, tuple[bool, str]] = {}

    def measure(bench: Bench, backend: str, url: str) -> None:
        bench_backend(bench, backend, url, verdicts)

    def skipped(backend: str, error: Exception) -> None:
        verdicts.setdefault(backend, (False, f"not measured: {str(error)[:200]}"))

    def summarize(bench: Bench) -> None:
        TABLE.print(bench.rows, standard_heading("Octobat invoices", args, bench.tool, bench.background))
        print_targets(bench.rows, verdicts)

    return run_benchmark(args, "billbook-bench-invoices-", measure, summarize, skipped=skipped)


if __name__ == "__main__":
    sys.exit(main())
