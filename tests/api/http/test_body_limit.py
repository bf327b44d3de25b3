"""Oversized bodies are refused while they stream in: memory stays bounded whatever the headers say."""

import asyncio
import base64
import select
import socket
from urllib.parse import urlsplit

import pytest

from billbook.api.http.body_limit import MAX_BODY_BYTES, BodySizeLimit
from billbook.api.invoiced.errors import render_error
from billbook.domain.tenancy import Mode
from billbook.services import accounts
from billbook.store.database import Database
from tests.support.live_server import server_process

TOO_LARGE = b"name=" + b"x" * MAX_BODY_BYTES
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def chunks(body: bytes, size: int = 64 * 1024):
    for start in range(0, len(body), size):
        yield body[start:start + size]


@pytest.mark.parametrize("headers", [{}, {"Idempotency-Key": "big-1"}], ids=["plain", "idempotent"])
def test_a_body_over_the_limit_is_a_413_in_the_invoiced_format(api, headers):
    response = api.post("/invoiced/customers", content=TOO_LARGE, headers={**FORM, **headers})
    assert response.status_code == 413
    assert response.json() == {"type": "invalid_request",
                               "message": f"Request bodies can be at most {MAX_BODY_BYTES} bytes"}
    assert response.headers["connection"] == "close"


@pytest.mark.parametrize("headers", [{}, {"Idempotency-Key": "big-2"}], ids=["plain", "idempotent"])
def test_a_chunked_body_over_the_limit_is_a_413_in_the_octobat_format(api, headers):
    response = api.post("/octobat/v2/customers", content=chunks(TOO_LARGE), headers={**FORM, **headers})
    assert response.status_code == 413
    assert "at most" in response.json()["errors"]["message"]


def test_a_refused_body_leaves_its_idempotency_key_free(api):
    key = {"Idempotency-Key": "big-then-small"}
    assert api.post("/invoiced/customers", content=TOO_LARGE, headers={**FORM, **key}).status_code == 413
    accepted = api.post("/invoiced/customers", content=b"name=Acme", headers={**FORM, **key})
    assert accepted.status_code == 201


def test_a_body_of_exactly_the_limit_is_read(api):
    at_the_limit = b"name=" + b"x" * (MAX_BODY_BYTES - 5)
    response = api.post("/invoiced/customers", content=at_the_limit, headers=FORM)
    assert response.status_code == 400 and response.json()["param"] == "name"


async def drive(middleware_app, headers: list[tuple[bytes, bytes]], chunk: bytes, chunk_count: int):
    """Feed the middleware `chunk_count` chunks; returns (chunks pulled, response start message)."""
    pulled = 0
    sent = []

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": pulled < chunk_count}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/customers", "headers": headers,
             "query_string": b"", "root_path": ""}
    await middleware_app(scope, receive, send)
    return pulled, sent[0]


async def read_everything(_scope, receive, _send):
    """Reads like the idempotency layer: every message until the last, kept in memory."""
    kept = []
    while True:
        message = await receive()
        kept.append(message["body"])
        if not message["more_body"]:
            return


def test_a_reader_is_stopped_at_the_first_chunk_past_the_limit_whatever_it_does():
    limited = BodySizeLimit(read_everything, render_error=render_error, limit=1000)
    pulled, start = asyncio.run(drive(limited, [], b"x" * 100, chunk_count=1_000_000))
    assert pulled == 11 and start["status"] == 413


def test_a_body_announced_over_the_limit_is_refused_unread():
    limited = BodySizeLimit(read_everything, render_error=render_error, limit=1000)
    pulled, start = asyncio.run(drive(limited, [(b"content-length", b"1001")], b"x", chunk_count=1001))
    assert pulled == 0 and start["status"] == 413


def test_a_body_announced_small_is_still_counted():
    limited = BodySizeLimit(read_everything, render_error=render_error, limit=1000)
    pulled, start = asyncio.run(drive(limited, [(b"content-length", b"10")], b"x" * 500, chunk_count=100))
    assert pulled == 3 and start["status"] == 413


# Over the network: a real server, a body far larger than anything it should hold.
STREAMED_BYTES = 200 * 1024 * 1024
# What a server may grow by while refusing it: the limit, buffers, and a generous margin.
BOUNDED_GROWTH_KB = 48 * 1024


def peak_memory_kb(pid: int) -> int:
    """The process's peak resident memory (VmHWM): a peak cannot be missed between samples."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def stream_chunked(base_url: str, path: str, headers: dict[str, str], total: int) -> bytes:
    """POST `total` bytes in 1 MiB chunks; stops sending as soon as the server answers."""
    address = urlsplit(base_url)
    chunk = b"x" * (1024 * 1024)
    lines = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}", "Transfer-Encoding: chunked",
             "Content-Type: application/x-www-form-urlencoded",
             *(f"{name}: {value}" for name, value in headers.items())]
    with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for _ in range(total // len(chunk)):
                connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                if select.select([connection], [], [], 0)[0]:
                    break
            else:
                connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: its answer is read below
        try:
            return connection.recv(65536)
        except ConnectionResetError:
            return b""


def test_a_server_refuses_a_huge_chunked_body_with_bounded_memory(sqlite_url):
    database = Database(sqlite_url)
    database.migrate()
    _account, keys = accounts.create_account(database, {"name": "Acme SAS", "country": "FR"})
    database.dispose()
    authorization = "Basic " + base64.b64encode(f"{keys[Mode.LIVE]}:".encode()).decode()
    with server_process(sqlite_url, rate_limit=0) as (base_url, process):
        before = peak_memory_kb(process.pid)
        answers = [stream_chunked(base_url, "/invoiced/customers", {"Authorization": authorization, **extra},
                                  STREAMED_BYTES)
                   for extra in ({}, {"Idempotency-Key": "huge-body"})]
        growth = peak_memory_kb(process.pid) - before
    assert growth < BOUNDED_GROWTH_KB, f"the server grew by {growth} kB"
    for answer in answers:
        assert answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:200]
