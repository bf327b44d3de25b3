"""A server on SQLite keeps answering while another process holds the write lock, and its
writes land once the lock is released."""

import base64
import json
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

from billbook.services import accounts
from billbook.services.ledger import migrate
from tests.support.live_server import live_server


def request(url: str, key: str | None = None, body: bytes | None = None) -> tuple[int, float]:
    started = time.monotonic()
    message = urllib.request.Request(url, data=body, method="POST" if body else "GET")
    if key:
        message.add_header("Authorization", "Basic " + base64.b64encode(f"{key}:".encode()).decode())
    message.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(message, timeout=30) as response:
        return response.status, time.monotonic() - started


def test_a_write_waits_for_the_lock_without_blocking_other_requests(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    ledger = migrate(url)
    _, keys = accounts.create_account(ledger, {"name": "Acme", "country": "FR"})
    key = next(iter(keys.values()))
    with live_server(url) as base:
        holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process's long write
        created = {}
        writer = threading.Thread(target=lambda: created.update(
            result=request(f"{base}/invoiced/customers", key, b"name=Waiting")))
        writer.start()
        time.sleep(0.3)
        status, seconds = request(f"{base}/healthz")
        assert status == 200 and seconds < 0.2, "the event loop was blocked by the lock wait"
        assert writer.is_alive(), "the write should still be waiting for the lock"
        holder.execute("ROLLBACK")
        writer.join(timeout=10)
        assert created["result"][0] == 201
        body = urllib.request.urlopen(urllib.request.Request(
            f"{base}/invoiced/customers", headers={"Authorization": "Basic " + base64.b64encode(
                f"{key}:".encode()).decode()}), timeout=10).read()
        assert [customer["name"] for customer in json.loads(body)] == ["Waiting"]
