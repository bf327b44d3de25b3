"""A throwaway PostgreSQL cluster for the test session, started from the machine's server binaries."""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found[-1]:
        raise RuntimeError(f"PostgreSQL's {name} was not found: run scripts/ensure-postgres.sh")
    return found[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_cluster():
    """Yields a database URL; the cluster and its files are gone afterwards."""
    if os.environ.get("BILLBOOK_TEST_POSTGRES_URL"):
        yield os.environ["BILLBOOK_TEST_POSTGRES_URL"]
        return
    directory = Path(tempfile.mkdtemp(prefix="billbook-pg-"))
    data = directory / "data"
    port = free_port()
    # initdb refuses to run as root; the cluster then belongs to the `postgres` user.
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        user = pwd.getpwnam("postgres")
        os.chown(directory, user.pw_uid, user.pw_gid)
    try:
        subprocess.run([*run_as, _binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
        options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -F -c max_connections=300"
        subprocess.run([*run_as, _binary("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                        str(directory / "log"), "start"], check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, _binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        time.sleep(0.1)
        shutil.rmtree(directory, ignore_errors=True)
