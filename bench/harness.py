"""Benchmark plumbing: server subprocesses, their memory and CPU, and HTTP load (wrk or Python threads).

Load only ever goes to 127.0.0.1, for a bounded number of seconds.
"""

import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
_TICKS = os.sysconf("SC_CLK_TCK")


# --- servers ---------------------------------------------------------------------------------

class Server:
    """A server started as a subprocess in its own session, stopped (and its workers) on `stop()`."""

    def __init__(self, name: str, argv: list[str], port: int, log_path: Path, env: dict[str, str] | None = None,
                 cwd: str | None = None):
        self.name, self.argv, self.port, self.log_path = name, argv, port, log_path
        self.env, self.cwd = env, cwd
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self, timeout: float = 60.0) -> "Server":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        env=self.env, cwd=self.cwd, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _, _ = request("GET", self.port, "/healthz", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # The group is the session this object started: the server and its worker processes.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def processes(self) -> list[int]:
        """The server and every process below it (uvicorn's workers when there are several)."""
        found, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    queue.extend(int(child) for child in (task / "children").read_text().split())
                except OSError:
                    pass
        return found

    def rss_mb(self) -> float:
        """Resident memory (VmRSS) summed over the server's processes, in MiB."""
        total = 0
        for pid in self.processes():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.processes():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return total / _TICKS


def background_cpu_pct(seconds: float = 2.0) -> float:
    """How busy the machine is before we start anything, as % of one core (it may be shared)."""
    busy_before, total_before = host_busy_ticks()
    time.sleep(seconds)
    busy_after, total_after = host_busy_ticks()
    return 100 * (os.cpu_count() or 1) * (busy_after - busy_before) / max(1, total_after - total_before)


def host_busy_ticks() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def request(method: str, port: int, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# --- load --------------------------------------------------------------------------------------

@dataclass
class Load:
    """What to send: one method, a body, headers, and the paths to rotate through."""
    method: str
    paths: list[str]
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Each request carries its own Idempotency-Key starting with this (a first request, never a replay).
    key_prefix: str | None = None


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # connection errors, timeouts and non-2xx/3xx answers
    tool: str
    server_cpu_pct: float = 0.0   # of one core
    loadgen_cpu_pct: float = 0.0  # of one core
    host_cpu_pct: float = 0.0     # of one core, all processes (the machine may be shared)
    rss_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_ms_per_request(self) -> float:
        """Server CPU per request: steadier than req/s when other processes compete for the cores."""
        return 10 * self.server_cpu_pct / self.rate if self.rate else float("nan")


def ensure_wrk() -> str | None:
    """wrk's path, installing Debian's package when it is missing and we may; None if it cannot be had."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("wrk is missing and cannot be installed here: using the Python load generator")
        return None
    print("installing wrk (apt-get update && apt-get install -y wrk) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, env=env, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True, env=env,
                       timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        print(f"could not install wrk ({error}): using the Python load generator")
        return None
    return shutil.which("wrk")


def _lua_string(text: str) -> str:
    return json.dumps(text)  # ASCII JSON string escapes are valid Lua escapes


def wrk_script(load: Load) -> str:
    lines = [f"wrk.method = {_lua_string(load.method)}"]
    if load.body is not None:
        lines.append(f"wrk.body = {_lua_string(load.body)}")
    for name, value in load.headers.items():
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    if load.key_prefix is not None:
        lines += [
            "local threads = 0",
            "setup = function(thread) thread:set('id', threads); threads = threads + 1 end",
            "local sent = 0",
            "request = function()",
            "  sent = sent + 1",
            # The second makes keys of the warm-up and the measured run differ: both count from 1.
            f"  wrk.headers['Idempotency-Key'] = string.format('%s-%d-%d-%d', {_lua_string(load.key_prefix)}, "
            "os.time(), id, sent)",
            "  return wrk.format(nil, nil)",
            "end",
        ]
    elif len(load.paths) > 1:
        paths = ",\n  ".join(_lua_string(path) for path in load.paths)
        lines += [
            f"local paths = {{\n  {paths}\n}}",
            "local threads = 0",
            "setup = function(thread) thread:set('offset', threads); threads = threads + 1 end",
            "local i = 0",
            "init = function(args) i = ((offset or 0) * 7919) % #paths end",
            "request = function()",
            "  i = i % #paths + 1",
            "  return wrk.format(nil, paths[i])",
            "end",
        ]
    lines += [
        "done = function(summary, latency, requests)",
        "  local e = summary.errors",
        "  io.write(string.format('BENCH-RESULT %d %d %d %d %d %d %d %d %d\\n', summary.requests,",
        "    summary.duration, e.connect, e.read, e.write, e.status, e.timeout,",
        "    latency:percentile(50), latency:percentile(99)))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def run_wrk(wrk: str, port: int, load: Load, seconds: float, connections: int, workdir: Path,
            label: str) -> Result:
    script = workdir / f"{label}.lua"
    script.write_text(wrk_script(load))
    threads = max(1, min(2, connections))
    argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
            "--latency", "-s", str(script), f"http://{HOST}:{port}{load.paths[0]}"]
    finished = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    (workdir / f"{label}.wrk.txt").write_text(finished.stdout + finished.stderr)
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            requests, duration_us, connect, read, write, status, timeouts, p50, p99 = map(int, line.split()[1:])
            return Result(requests=requests, seconds=duration_us / 1e6, p50_ms=p50 / 1000, p99_ms=p99 / 1000,
                          errors=connect + read + write + status + timeouts, tool="wrk")
    raise RuntimeError(f"wrk printed no result (exit {finished.returncode}):\n{finished.stdout}{finished.stderr}")


def run_python(port: int, load: Load, seconds: float, connections: int) -> Result:
    """Threads with keep-alive http.client connections: weaker than wrk, but needs nothing installed."""
    body = load.body.encode() if load.body is not None else None
    deadline = time.monotonic() + seconds
    run_id = time.time_ns()
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        position = index * 7919
        while time.monotonic() < deadline:
            position += 1
            path = load.paths[position % len(load.paths)]
            started = time.perf_counter()
            headers = load.headers
            if load.key_prefix is not None:
                headers = {**headers, "Idempotency-Key": f"{load.key_prefix}-{run_id}-{index}-{position}"}
            try:
                connection.request(load.method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            latencies[index].append(time.perf_counter() - started)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    merged = sorted(t for per in latencies for t in per)

    def percentile(p: float) -> float:
        return merged[min(len(merged) - 1, int(len(merged) * p))] * 1000 if merged else float("nan")

    return Result(requests=len(merged), seconds=elapsed, p50_ms=percentile(0.50), p99_ms=percentile(0.99),
                  errors=sum(errors), tool="python")


class LoadGenerator:
    def __init__(self, wrk: str | None, connections: int, workdir: Path):
        self.wrk, self.connections, self.workdir = wrk, connections, workdir
        self._runs = 0

    def run(self, server: Server, load: Load, seconds: float, label: str = "run") -> Result:
        """Drive the server for `seconds`, and note its CPU, the machine's CPU and the server's RSS."""
        self._runs += 1
        who = resource.RUSAGE_CHILDREN if self.wrk else resource.RUSAGE_SELF
        cpu_before, (busy_before, total_before) = server.cpu_seconds(), host_busy_ticks()
        usage_before = resource.getrusage(who)
        if self.wrk:
            result = run_wrk(self.wrk, server.port, load, seconds, self.connections, self.workdir,
                             f"{self._runs:02d}-{label}")
        else:
            result = run_python(server.port, load, seconds, self.connections)
        busy_after, total_after = host_busy_ticks()
        usage_after = resource.getrusage(who)
        loadgen_cpu = (usage_after.ru_utime + usage_after.ru_stime) - (usage_before.ru_utime + usage_before.ru_stime)
        seconds = result.seconds or 1
        result.server_cpu_pct = 100 * (server.cpu_seconds() - cpu_before) / seconds
        result.loadgen_cpu_pct = 100 * loadgen_cpu / seconds
        cores = os.cpu_count() or 1
        result.host_cpu_pct = 100 * cores * (busy_after - busy_before) / max(1, total_after - total_before)
        result.rss_mb = server.rss_mb()
        return result
