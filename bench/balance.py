"""Invoiced invoice creation throughput (against customer creates), and the balance of a big customer.

For each backend (SQLite, PostgreSQL in a throwaway cluster) this starts `billbook serve` on
127.0.0.1 with a fresh database (`--rate-limit 0`), creates an account with `billbook accounts
create` and a customer through POST /invoiced/customers, and with the same few concurrent
keep-alive connections, in the same server run, measures:

  - customer creates  POST /invoiced/customers {"name": "Bench", "currency": "eur"} (the reference)
  - invoice creates   POST /invoiced/invoices: an issued invoice of three line items (quantities
                      and unit costs, VAT computed, number drawn from the default sequence)
  - balance           GET /invoiced/customers/:id/balance of a second customer holding 10,000
                      issued invoices (one line each), 10,000 payments applied to them (half pay
                      their invoice in full, half in part) and a few credit balance entries

and prints invoice creates/s ÷ customer creates/s, both counted on the answers that succeeded.

The big customer's ledger is seeded directly through the store's repositories (the code the
services use), a few thousand invoices a transaction; its balance is then read once through the
API and checked against the sum expected before anything is measured. Load comes from wrk
(installed with apt-get when missing), else from Python threads; servers, the cluster and
temporary files are cleaned up on exit, Ctrl-C and SIGTERM. Helpers come from bench/common.py and
bench/harness.py.

    .venv/bin/python bench/balance.py --seconds 5
    .venv/bin/python bench/balance.py --backends sqlite --seconds 3 --invoices 2000
"""

import json
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

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
    settled_invoices,
    standard_heading,
    start_billbook,
    succeeded_rate,
    vacuum_analyze,
)
from harness import Load, Result, request
from sqlalchemy import func, select

from billbook.domain import credits
from billbook.domain import invoices as invoice_rules
from billbook.domain.identifiers import public_id
from billbook.domain.invoices import Invoice, InvoiceLine
from billbook.domain.payments import CREDIT, INVOICE, Application, Payment
from billbook.domain.tenancy import Mode, Tenant
from billbook.store import tables
from billbook.store.database import Database
from billbook.store.unit_of_work import UnitOfWork

CUSTOMERS = "/invoiced/customers"
INVOICES = "/invoiced/invoices"
CUSTOMER_BODY = json.dumps({"name": "Bench", "currency": "eur"}, separators=(",", ":"))
ITEMS = [{"name": "Copy paper", "quantity": 2, "unit_cost": 45}, {"name": "Delivery", "unit_cost": 10},
         {"name": "Support", "quantity": "1.5", "unit_cost": 80}]
ITEMS_SUBTOTAL = 22_000  # cents: 2 × 45 + 10 + 1.5 × 80
SEED_BATCH = 2_500  # invoices (and their payments) a transaction
OVERPAID = 1_234  # cents the first seeded payment pays beyond its invoice: it becomes credit
# The credit balance's other changes (cents), after that overpayment: adjustments up and down.
ADJUSTMENTS = (5_000, -1_000, 2_500)
CUSTOMER_CREATE, INVOICE_CREATE, BALANCE = "customer create", "invoice create", "balance"
TABLE = Table("rows before→after")


@dataclass
class Seeded:
    invoices: int
    payments: int
    outstanding: int  # cents still owed on the seeded invoices
    credit: int  # cents of credit balance left
    credit_entries: int
    seconds: float


def invoice_body(customer_id: int) -> str:
    return json.dumps({"customer": customer_id, "items": ITEMS}, separators=(",", ":"))


def cents_of(value: int | float) -> int:
    """A money amount as the Invoiced API renders it (major units), in cents."""
    return int((Decimal(str(value)) * 100).to_integral_value())


# --- seeding -----------------------------------------------------------------------------------

def seeded_invoice(i: int, count: int, customer_id: int, currency: str, customer: dict, supplier: dict,
                   today: date, now: datetime) -> Invoice:
    """The i-th (0-based) of `count` issued invoices, one line at 20 % French VAT, dated from a
    year and a half ago to yesterday, the numbers in the same order."""
    extratax = 1_000 + (i % 50) * 100
    tax = extratax // 5
    issued = today - timedelta(days=1 + (count - 1 - i) * 500 // count)
    # Public ids: the random part's last 8 hex digits are the index, so none can collide.
    line = InvoiceLine(
        public_id=public_id("invoice_line", now)[:-8] + f"{i:08x}", name="Seeded service", amount=extratax,
        extratax=extratax, tax=tax, gross=extratax + tax, vat_rate=Decimal(20), eservice=False, tax_category="S",
        declare_in="FR", mention=None, rule="bench seed: French VAT, services to a consumer in France",
        rate_overridden=False, created_at=now, quantity=Decimal(1), unit_cost=Decimal(extratax) / 100)
    return Invoice(
        public_id=public_id("invoice", now)[:-8] + f"{i:08x}", customer_id=customer_id, sequence_id=None,
        number=f"BENCH-{i + 1:06d}", currency=currency, issue_date=issued, business_type="B2C",
        customer=customer, supplier=supplier,
        evidence={"pieces": [], "country": "FR", "conflict": False, "vat_number": None}, payable_by=[],
        subtotal=extratax, discounts=0, extratax=extratax, tax=tax, gross=extratax + tax, created_at=now,
        updated_at=now, draft=False, name="Invoice", due_date=issued + timedelta(days=30), payment_terms="NET 30",
        lines=[line])


def seed_ledger(database: Database, account_id: int, customer_id: int, count: int) -> Seeded:
    """`count` issued invoices for the customer, each with a payment applied to it (even ones paid
    in full, odd ones about a third), then a few credit entries; through the repositories, SEED_BATCH
    invoices a transaction."""
    began = time.monotonic()
    tenant = Tenant(account_id, Mode.LIVE)
    now = datetime.now(timezone.utc)
    today = now.date()
    outstanding, payments, overpayment_id = 0, 0, None
    with UnitOfWork(database, tenant, write=False) as uow:
        customer = uow.customers.get(customer_id)
        check(customer is not None, f"customer {customer_id} to seed")
        snapshot, supplier = invoice_rules.customer_snapshot(customer), invoice_rules.supplier_snapshot(uow.account())
        currency = customer.currency or uow.account().currency
    for start in range(0, count, SEED_BATCH):
        with UnitOfWork(database, tenant) as uow:
            for i in range(start, min(count, start + SEED_BATCH)):
                invoice = seeded_invoice(i, count, customer_id, currency, snapshot, supplier, today, now)
                paid = invoice.gross if i % 2 == 0 else invoice.gross // 3 + i % 7
                invoice.amount_paid = paid
                check(uow.invoices.add(invoice), f"invoice number {invoice.number} already taken")
                applications = [Application(INVOICE, paid, invoice.id)]
                if i == 0:
                    applications.append(Application(CREDIT, OVERPAID))
                payment = uow.payments.add(Payment(
                    public_id=public_id("payment", now)[:-8] + f"{i:08x}", customer_id=customer_id,
                    currency=currency, amount=sum(a.amount for a in applications),
                    date=min(today, invoice.issue_date + timedelta(days=10)), created_at=now, updated_at=now,
                    method="wire_transfer", reference=f"WIRE-{i + 1:06d}", applications=applications))
                payments += 1
                overpayment_id = payment.id if i == 0 else overpayment_id
                outstanding += invoice.gross - paid
            uow.commit()
    with UnitOfWork(database, tenant) as uow:
        balance = uow.credits.current(customer_id, currency)
        changes = [(OVERPAID, credits.PAYMENT, None)] + [(amount, credits.ADJUSTMENT, "bench adjustment")
                                                         for amount in ADJUSTMENTS]
        for amount, kind, notes in changes:
            entry = credits.entry(customer_id, currency, amount, balance, kind, today, now, notes=notes,
                                  payment_id=overpayment_id if kind == credits.PAYMENT else None)
            balance = uow.credits.add(entry).balance
        uow.commit()
    vacuum_analyze(database, "invoices", "invoice_lines", "payments", "payment_applications", "credit_entries")
    return Seeded(count, payments, outstanding, balance, len(changes), time.monotonic() - began)


def stored_for(database: Database, customer_id: int) -> tuple[int, int, int]:
    """(invoices, payments, cents owed on its issued invoices) of the customer, read in SQL."""
    i, p = tables.invoices.c, tables.payments.c
    with database.engine.connect() as connection:
        invoices, owed = connection.execute(
            select(func.count(), func.coalesce(func.sum(i.gross - i.amount_paid - i.amount_credited), 0))
            .where(i.customer_id == customer_id, i.draft.is_(False), i.voided.is_(False))).one()
        payments = connection.execute(select(func.count()).select_from(tables.payments)
                                      .where(p.customer_id == customer_id)).scalar_one()
    return invoices, payments, int(owed)


# --- the runs ----------------------------------------------------------------------------------

def create_customer(port: int, headers: dict[str, str]) -> dict:
    status, _, body = request("POST", port, CUSTOMERS, CUSTOMER_BODY.encode(), headers)
    check(status == 201, f"customer create: {status} {body[:300]!r}")
    customer = json.loads(body)
    check(isinstance(customer["id"], int) and customer["name"] == "Bench" and customer["currency"] == "eur",
          f"customer create echoed {customer!r}")
    return customer


def bench_backend(bench: Bench, backend: str, url: str, notes: dict[str, list[str]]) -> None:
    """Appends to `bench.rows` as it goes, so a failure part-way keeps what was measured."""
    args, loadgen, workdir, rows = bench.args, bench.loadgen, bench.workdir, bench.rows
    database = Database(url)
    server = start_billbook(url, args.workers, workdir, f"balance-{backend}")
    said = notes.setdefault(backend, [])
    try:
        account_id, key = create_account(url, workdir)
        headers = {"Authorization": basic_auth(key), "Content-Type": "application/json"}
        reads = {"Authorization": basic_auth(key)}

        customer = create_customer(server.port, headers)
        customers = Load("POST", [CUSTOMERS], CUSTOMER_BODY, headers)
        invoices = Load("POST", [INVOICES], invoice_body(customer["id"]), headers)

        status, _, body = request("POST", server.port, INVOICES, invoices.body.encode(), headers)
        check(status == 201, f"invoice create: {status} {body[:500]!r}")
        invoice = json.loads(body)
        taxes = sum(cents_of(tax["amount"]) for item in invoice["items"] for tax in item["taxes"])
        check(invoice["object"] == "invoice" and invoice["customer"] == customer["id"] and invoice["draft"] is False
              and invoice["number"] and len(invoice["items"]) == 3 and invoice["currency"] == "eur"
              and cents_of(invoice["subtotal"]) == ITEMS_SUBTOTAL and taxes > 0
              and cents_of(invoice["total"]) == ITEMS_SUBTOTAL + taxes,
              f"invoice create echoed {json.dumps(invoice)[:1000]}")
        said.append(f"first invoice {invoice['number']}: subtotal {invoice['subtotal']}, VAT {taxes / 100:.2f}, "
                    f"total {invoice['total']} EUR")
        print(f"  {said[-1]}", flush=True)

        for operation, load, count in ((CUSTOMER_CREATE, customers, lambda: settled_count(database, account_id)),
                                       (INVOICE_CREATE, invoices, lambda: settled_invoices(database, account_id))):
            TABLE.record(rows, measure_creates(loadgen, server, load, args, backend, operation,
                                               f"{backend}-{operation.split()[0]}", count))

        # The big customer: a fresh one, its ledger seeded through the store.
        big = create_customer(server.port, headers)
        seeded = seed_ledger(database, account_id, big["id"], args.invoices)
        stored_invoices, stored_payments, owed = stored_for(database, big["id"])
        check((stored_invoices, stored_payments, owed) == (seeded.invoices, seeded.payments, seeded.outstanding),
              f"stored {stored_invoices} invoices, {stored_payments} payments, {owed} cents owed; expected "
              f"{seeded.invoices}, {seeded.payments}, {seeded.outstanding}")
        said.append(f"seeded {seeded.invoices:,} invoices, {seeded.payments:,} payments and {seeded.credit_entries} "
                    f"credit entries for customer {big['id']} in {seeded.seconds:.1f}s")
        print(f"  {said[-1]}", flush=True)

        path = f"{CUSTOMERS}/{big['id']}/balance"
        status, _, body = request("GET", server.port, path, headers=reads)
        check(status == 200, f"balance: {status} {body[:300]!r}")
        balance = json.loads(body)
        check(balance["currency"] == "eur" and cents_of(balance["total_outstanding"]) == seeded.outstanding
              and cents_of(balance["due_now"]) == seeded.outstanding and balance["past_due"] is True
              and cents_of(balance["available_credits"]) == seeded.credit
              and len(balance["history"]) == seeded.credit_entries
              and cents_of(balance["history"][0]["balance"]) == seeded.credit,
              f"balance {json.dumps(balance)[:600]}, expected {seeded.outstanding / 100:.2f} outstanding and "
              f"{seeded.credit / 100:.2f} credit in {seeded.credit_entries} entries")
        said.append(f"balance checked: total_outstanding {balance['total_outstanding']} "
                    f"(expected {seeded.outstanding / 100:.2f}), available_credits {balance['available_credits']} "
                    f"(expected {seeded.credit / 100:.2f}), past_due {balance['past_due']}, "
                    f"{len(balance['history'])} history entries, {len(body):,} bytes")
        print(f"  {said[-1]}", flush=True)

        load = Load("GET", [path], headers=reads)
        loadgen.run(server, load, args.warmup, f"{backend}-balance-warmup")
        result = loadgen.run(server, load, args.seconds, f"{backend}-balance")
        TABLE.record(rows, Row(backend, f"{seeded.invoices:,} invoices", BALANCE, result))
    finally:
        server.stop()
        database.dispose()


# --- the summary -------------------------------------------------------------------------------

def print_ratios(rows: list[Row], notes: dict[str, list[str]]) -> None:
    print()
    print("Per backend (rates count successful answers only)")
    by_backend: dict[str, dict[str, Result]] = {}
    stored: dict[tuple[str, str], str] = {}
    for row in rows:
        by_backend.setdefault(row.backend, {})[row.operation] = row.result
        stored[row.backend, row.operation] = row.stored
    for backend in notes:
        found = by_backend.get(backend, {})
        if CUSTOMER_CREATE in found and INVOICE_CREATE in found:
            reference, invoices = succeeded_rate(found[CUSTOMER_CREATE]), succeeded_rate(found[INVOICE_CREATE])
            share = invoices / reference if reference else 0.0
            print(f"  {backend:<10} invoice creates / customer creates: {invoices:,.0f} / {reference:,.0f} per s "
                  f"= {share:.1%}")
        if BALANCE in found:
            r = found[BALANCE]
            print(f"  {backend:<10} balance of a customer with {stored[backend, BALANCE]} and as many payments: "
                  f"p50 {r.p50_ms:.2f} ms, p99 {r.p99_ms:.2f} ms, {succeeded_rate(r):,.0f} req/s")
        for note in notes[backend]:
            print(f"  {backend:<10} {note}")


def main() -> int:
    def invoices_option(parser) -> None:
        parser.add_argument("--invoices", type=int, default=10_000,
                            help="invoices (and payments) seeded for the balance's customer (default 10000)")

    parser, args = parse_args("Billbook Invoiced invoice creation and balance benchmark.", extra=invoices_option)
    if args.invoices < 2:
        parser.error("--invoices must be at least 2 (half are paid in full, half in part)")
    notes: dict[str, list[str]] = {}

    def measure(bench: Bench, backend: str, url: str) -> None:
        bench_backend(bench, backend, url, notes)

    def skipped(backend: str, error: Exception) -> None:
        notes.setdefault(backend, []).append(f"not measured in full: {str(error)[:200]}")

    def summarize(bench: Bench) -> None:
        TABLE.print(bench.rows, standard_heading("Invoiced invoices and balances", args, bench.tool,
                                                 bench.background))
        print_ratios(bench.rows, notes)

    return run_benchmark(args, "billbook-bench-balance-", measure, summarize, skipped=skipped)


if __name__ == "__main__":
    sys.exit(main())
