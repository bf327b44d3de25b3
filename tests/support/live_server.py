"""A real `billbook serve` process on a free port, for tests that drive the server over the network."""

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support.postgres import free_port

HOST = "127.0.0.1"


def billbook_executable() -> str:
    """The `billbook` script installed next to the running interpreter (the project's virtualenv)."""
    candidate = Path(sys.executable).parent / "billbook"
    if not candidate.exists():
        raise RuntimeError(f"the billbook command was not found at {candidate}: run `pip install -e .`")
    return str(candidate)


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextmanager
def live_server(database_url: str, startup_timeout: float = 30.0, rate_limit: float | None = None,
                env: dict[str, str] | None = None):
    """Yields the server's base URL (`http://127.0.0.1:<port>`); the process is stopped afterwards.

    `rate_limit`: requests per second per API key (0 turns the limit off); the server's default
    when not given. `env`: BILLBOOK_* settings for the server (BILLBOOK_SMTP_URL, say)."""
    with server_process(database_url, startup_timeout, rate_limit, env) as (base_url, _process):
        yield base_url


@contextmanager
def server_process(database_url: str, startup_timeout: float = 30.0, rate_limit: float | None = None,
                   env: dict[str, str] | None = None):
    """Yields the base URL and the `subprocess.Popen` of the server, for tests that kill it."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    # Settings come from BILLBOOK_* variables too; none may leak in from the caller's environment.
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("BILLBOOK_")}
    # The server's outbox worker writes mail it has no SMTP server for under a throwaway directory.
    mail = tempfile.TemporaryDirectory(prefix="billbook-mail-")
    env = {**inherited, "BILLBOOK_MAIL_DIR": mail.name, **(env or {})}
    command = [billbook_executable(), "serve", "--host", HOST, "--port", str(port),
               "--database", database_url, "--no-access-log"]
    if rate_limit is not None:
        command += ["--rate-limit", str(rate_limit)]
    with mail, tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + startup_timeout
            while not _healthy(base_url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise RuntimeError(f"billbook serve did not become healthy on {base_url}:\n{output}")
                time.sleep(0.1)
            yield base_url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
