"""Delivery survives its workers: a worker killed with SIGKILL in the middle of a batch and
started again delivers every message, re-sending at most the one it had in hand; two workers
sharing a PostgreSQL outbox never deliver a message twice."""

import os
import signal
import subprocess
import time
from collections import Counter

import pytest

from billbook.services import customers, sending
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork
from tests.conftest import Account
from tests.support.databases import fresh_database_url
from tests.support.live_server import billbook_executable
from tests.support.smtp import smtp_server


def queue_messages(url: str, count: int) -> set[str]:
    database = Database(url)
    try:
        ctx = Account(database).context()
        customer = customers.create(ctx, {"name": "Client", "email": "client@example.com"})
        ids = set()
        for start in range(0, count, sending.MAX_RECIPIENTS):
            recipients = [{"name": None, "email": f"r{index}@example.com"}
                          for index in range(start, min(start + sending.MAX_RECIPIENTS, count))]
            prepared = sending.PreparedEmails(customer.id, "statement_email", recipients, None, "Statement",
                                              "Hello", "statement.pdf", None)
            ids |= {message.public_id for message in sending.queue(ctx, prepared, b"%PDF-1.7 tiny")}
        return ids
    finally:
        database.dispose()


def start_worker(url: str, smtp_url: str, lease: float = 2.0, batch: int = 10) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BILLBOOK_")}
    env["BILLBOOK_SMTP_URL"] = smtp_url
    return subprocess.Popen([billbook_executable(), "worker", "--database", url, "--lease-seconds", str(lease),
                             "--batch-size", str(batch)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def received_ids(mailbox) -> list[str]:
    return [message_id.strip("<>").split("@")[0] for message_id in mailbox.message_ids()]


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def states(url: str) -> Counter:
    database = Database(url)
    try:
        with AdminUnitOfWork(database, write=False) as admin:
            return Counter(admin.outbox_queue.counts())
    finally:
        database.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_worker_killed_mid_batch_and_restarted_delivers_everything_once_but_the_one_in_hand(
        backend, request):
    postgresql_url = request.getfixturevalue("postgresql_url") if backend == "postgresql" else None
    with fresh_database_url(backend, postgresql_url) as url, smtp_server() as (mailbox, smtp_url):
        mailbox.delay = 0.03
        ids = queue_messages(url, 40)
        worker = start_worker(url, smtp_url)
        try:
            wait_for(lambda: len(mailbox.received) >= 13, 20)  # inside its second batch of ten
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finally:
            if worker.poll() is None:
                worker.kill()
        restarted = start_worker(url, smtp_url)
        try:
            wait_for(lambda: ids <= set(received_ids(mailbox)), 30)
            wait_for(lambda: states(url).get("sent") == 40, 10)
        finally:
            stop(restarted)
        counts = Counter(received_ids(mailbox))
        assert set(counts) == ids
        assert sum(counts.values()) - len(ids) <= 1, [i for i, n in counts.items() if n > 1]


def test_two_workers_on_postgresql_never_deliver_a_message_twice(postgresql_url):
    with fresh_database_url("postgresql", postgresql_url) as url, smtp_server() as (mailbox, smtp_url):
        mailbox.delay = 0.005
        ids = queue_messages(url, 120)
        workers = [start_worker(url, smtp_url, lease=60, batch=5) for _ in range(2)]
        try:
            wait_for(lambda: ids <= set(received_ids(mailbox)), 40)
            wait_for(lambda: states(url).get("sent") == 120, 10)
        finally:
            for worker in workers:
                stop(worker)
        counts = Counter(received_ids(mailbox))
        assert set(counts) == ids and max(counts.values()) == 1
