"""Sending by email: how long `POST /customers/:id/emails` takes (it queues, never waits for SMTP;
the SMTP server here takes 200 ms a message to prove it), and how many emails with a statement
PDF attached the outbox delivers per second to a local aiosmtpd, with two `billbook worker`
processes, on SQLite and on PostgreSQL.

    .venv/bin/python bench/delivery.py [--requests 50] [--emails 400] [--backends sqlite,postgresql]
"""

import argparse
import base64
import json
import signal
import statistics
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billbook.services import sending  # noqa: E402
from billbook.store.database import Database  # noqa: E402
from billbook.store.unit_of_work import AdminUnitOfWork  # noqa: E402
from tests.conftest import Account  # noqa: E402
from tests.reliability.test_outbox_delivery import start_worker  # noqa: E402
from tests.support.databases import fresh_database_url  # noqa: E402
from tests.support.live_server import server_process  # noqa: E402
from tests.support.postgres import throwaway_cluster  # noqa: E402
from tests.support.smtp import smtp_server  # noqa: E402


def post(url: str, key: str, body: dict) -> dict | list:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode(),
        "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def sent_count(database: Database) -> int:
    with AdminUnitOfWork(database, write=False) as admin:
        return admin.outbox_queue.counts().get("sent", 0)


def run(backend: str, postgresql_url: str | None, requests: int, emails: int) -> dict:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database_url(backend, postgresql_url))
        mailbox, smtp_url = stack.enter_context(smtp_server())
        database = Database(url)
        account = Account(database)
        # The server's own worker delivers the statements POSTed (slowly: 200 ms a message).
        base, process = stack.enter_context(server_process(url, rate_limit=0, env={"BILLBOOK_SMTP_URL": smtp_url}))
        customer = post(f"{base}/invoiced/customers", account.live_key,
                        {"name": "Client SARL", "email": "client@example.com", "currency": "eur"})
        for _ in range(3):
            post(f"{base}/invoiced/invoices", account.live_key,
                 {"customer": customer["id"], "items": [{"name": "Consulting", "unit_cost": 100}]})
        mailbox.delay = 0.2
        latencies = []
        for index in range(requests):
            started = time.perf_counter()
            post(f"{base}/invoiced/customers/{customer['id']}/emails", account.live_key,
                 {"to": [{"email": f"r{index}@example.com"}]})
            latencies.append((time.perf_counter() - started) * 1000)
        # Wait for the server's own worker to drain what was queued, then stop it.
        deadline = time.monotonic() + 60
        while sent_count(database) < requests and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        # Throughput: many emails with the statement PDF queued, then two workers deliver them.
        mailbox.delay = 0.0
        pdf = _statement_pdf(database)
        _queue(database, account, customer["id"], emails, pdf)
        before = sent_count(database)
        started = time.perf_counter()
        workers = [start_worker(url, smtp_url, lease=60, batch=20) for _ in range(2)]
        try:
            while sent_count(database) < before + emails:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
        database.dispose()
        latencies.sort()
        return {"backend": backend, "post_p50_ms": statistics.median(latencies),
                "post_p95_ms": latencies[int(len(latencies) * 0.95) - 1], "smtp_ms_per_message": 200,
                "emails": emails, "pdf_bytes": len(pdf), "delivered_per_second": emails / elapsed,
                "seconds": elapsed}


def _statement_pdf(database: Database) -> bytes:
    with AdminUnitOfWork(database, write=False) as admin:
        [message] = admin.outbox_queue.list(limit=1)
        return admin.outbox_queue.get(message.public_id).attachment


def _queue(database: Database, account: Account, customer_id: int, count: int, pdf: bytes) -> None:
    ctx = account.context()
    for start in range(0, count, sending.MAX_RECIPIENTS):
        recipients = [{"name": None, "email": f"bulk{index}@example.com"}
                      for index in range(start, min(start + sending.MAX_RECIPIENTS, count))]
        prepared = sending.PreparedEmails(customer_id, "statement_email", recipients, None, "Statement", "Hello",
                                          "statement.pdf", None)
        sending.queue(ctx, prepared, pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--emails", type=int, default=400)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack:
        for backend in args.backends.split(","):
            postgresql_url = stack.enter_context(throwaway_cluster()) if backend == "postgresql" else None
            rows.append(run(backend, postgresql_url, args.requests, args.emails))
    print(f"{'backend':<11} {'POST p50':>9} {'POST p95':>9} {'SMTP/msg':>9} {'emails':>7} {'PDF':>8} {'sent/s':>8}")
    for row in rows:
        print(f"{row['backend']:<11} {row['post_p50_ms']:>7.1f}ms {row['post_p95_ms']:>7.1f}ms "
              f"{row['smtp_ms_per_message']:>7}ms {row['emails']:>7} {row['pdf_bytes']:>7}B "
              f"{row['delivered_per_second']:>8.1f}")


if __name__ == "__main__":
    main()
