"""Heartbeat throughput, event propagation and SSE subscriber memory of the status API server.

    uv run python bench/server_heartbeats.py [--backend sqlite|postgres|both]
                                             [--seconds N] [--subscribers N]

For each backend this starts the real server (`python -m server.cli serve`) in its own
process, on a temporary SQLite file or on a PostgreSQL started by pgserver in a temporary
directory, and drives it over loopback from this process with a small asyncio HTTP/1.1
keep-alive client (raw sockets, pre-encoded requests), so that the load generator neither
shares the server's GIL nor costs much CPU itself:

1. heartbeats: `--clients` (16) keep-alive clients, each its own professional and device,
   POST /v1/me/heartbeat in a closed loop, in three variants:
   - "read-mostly": foreground, idle_seconds=0. The server skips the write while the
     device row is < 10 s old and nothing changed, so nearly every heartbeat is a read;
   - "every-write": the same heartbeats to a server started with
     AVAILABILITY_HEARTBEAT_WRITE_INTERVAL=0, so every one updates its device row;
   - "every-change": each client alternates foreground/background, so every heartbeat
     writes, changes the visible status (online <-> away) and rings the event hub
     (a NOTIFY on PostgreSQL).
   On PostgreSQL the writing transactions are counted from transaction ids;
2. propagation: one stream on GET /v1/me/events while another sign-in of the same
   professional PATCHes /v1/me/availability; time from sending the PATCH to receiving the
   `availability` event. On PostgreSQL also with the PATCH sent to a second server process;
3. memory: `--subscribers` (1,000) professionals, each with one open event stream, on one
   fresh server process; its VmRSS before and after.

Every result is printed with its target and PASS/MISS. All processes and temporary
directories are removed on exit, also on Ctrl+C. The machine is usually shared, so the
figures are noisy: the load average is printed alongside.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, cast

import uvloop

HOST = "127.0.0.1"
PASSWORD = "bench password 1"
FAST_HASHING = {"AVAILABILITY_ARGON2_TIME_COST": "1", "AVAILABILITY_ARGON2_MEMORY_COST": "64"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# name, the app states each client cycles through, server settings
HEARTBEAT_VARIANTS: list[tuple[str, list[str], dict[str, str]]] = [
    # Realistic: the server skips the write while the device row is < 10 s old.
    ("read-mostly", ["foreground"], {}),
    # Every heartbeat updates its device row; the status stays the same.
    ("every-write", ["foreground"], {"AVAILABILITY_HEARTBEAT_WRITE_INTERVAL": "0"}),
    # Every heartbeat flips foreground/background: a write, a status change and an event.
    ("every-change", ["background", "foreground"], {}),
]

TARGET_SQLITE_RATE = 1500.0
TARGET_SQLITE_P99_MS = 50.0
TARGET_POSTGRES_RATE = 1000.0
TARGET_PROPAGATION_P99_MS = 100.0
TARGET_SUBSCRIBERS_MB = 250.0


# --- a minimal HTTP/1.1 keep-alive client -----------------------------------------------


def encode_request(
    method: str,
    path: str,
    port: int,
    *,
    token: str | None = None,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """The bytes of one request, encoded once and sent many times."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    payload = b""
    if body is not None:
        payload = json.dumps(body, separators=(",", ":")).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class HttpConnection(asyncio.Protocol):
    """One keep-alive connection; one request at a time; responses need Content-Length."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self._head: tuple[int, int, int] | None = None  # status, body start, body length

    @classmethod
    async def open(cls, port: int) -> HttpConnection:
        loop = asyncio.get_running_loop()
        _transport, protocol = await loop.create_connection(cls, HOST, port)
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(ConnectionError(f"connection closed: {exc}"))

    def _complete(self) -> None:
        if self._head is None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self._buffer[:end]).lower().split(b"\r\n")
            status = int(head[0].split(b" ", 2)[1])
            length = 0
            for line in head[1:]:
                if line.startswith(b"content-length:"):
                    length = int(line[15:])
                elif line.startswith(b"transfer-encoding:") and self._waiter is not None:
                    self._waiter.set_exception(RuntimeError("Content-Length responses only"))
                    return
            self._head = (status, end + 4, length)
        status, start, length = self._head
        if len(self._buffer) < start + length:
            return
        body = bytes(self._buffer[start : start + length])
        del self._buffer[: start + length]
        self._head = None
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result((status, body))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        assert self._transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        return await self._waiter

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


@dataclass
class Event:
    name: str
    data: str
    received_at: float


class EventStream(asyncio.Protocol):
    """GET /v1/me/events over a raw socket: de-chunks the body and parses SSE events."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._raw = bytearray()
        self._headers_done = False
        self._chunk_left: int | None = None
        self._text = bytearray()
        self.events: list[Event] = []
        self._arrived = asyncio.Event()
        self.first_event: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @classmethod
    async def open(cls, port: int, token: str) -> EventStream:
        loop = asyncio.get_running_loop()
        _transport, protocol = await loop.create_connection(cls, HOST, port)
        assert protocol._transport is not None
        protocol._transport.write(
            encode_request(
                "GET", "/v1/me/events", port, token=token, headers={"Accept": "text/event-stream"}
            )
        )
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.first_event.done():
            self.first_event.set_exception(ConnectionError(f"stream closed: {exc}"))
        self._arrived.set()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        self._raw += data
        if not self._headers_done:
            end = self._raw.find(b"\r\n\r\n")
            if end < 0:
                return
            status_line = bytes(self._raw[: self._raw.find(b"\r\n")])
            if status_line.split(b" ")[1:2] != [b"200"]:
                if not self.first_event.done():
                    self.first_event.set_exception(RuntimeError(status_line.decode()))
                return
            del self._raw[: end + 4]
            self._headers_done = True
        self._dechunk()
        self._parse(now)

    def _dechunk(self) -> None:
        while True:
            if self._chunk_left is None:
                eol = self._raw.find(b"\r\n")
                if eol < 0:
                    return
                self._chunk_left = int(bytes(self._raw[:eol]).split(b";")[0], 16)
                del self._raw[: eol + 2]
            if len(self._raw) < self._chunk_left + 2:
                return
            self._text += self._raw[: self._chunk_left]
            del self._raw[: self._chunk_left + 2]
            self._chunk_left = None

    def _parse(self, now: float) -> None:
        text = self._text.replace(b"\r\n", b"\n")
        *blocks, rest = text.split(b"\n\n")
        self._text = bytearray(rest)
        for block in blocks:
            name, data = "message", []
            for line in block.decode().split("\n"):
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
            if data:
                self.events.append(Event(name, "\n".join(data), now))
                self._arrived.set()
                if not self.first_event.done():
                    self.first_event.set_result(None)

    async def wait_for(self, predicate: Callable[[Event], bool], timeout: float) -> Event:
        """Consumes events until one matches."""
        deadline = time.perf_counter() + timeout
        while True:
            while self.events:
                event = self.events.pop(0)
                if predicate(event):
                    return event
            self._arrived.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching event")
            await asyncio.wait_for(self._arrived.wait(), left)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


# --- processes and measurements --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def cpu_times(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process, all threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS


def cpu_seconds(pid: int) -> float:
    return sum(cpu_times(pid))


def children_cpu_seconds(parent: int) -> float:
    """CPU of `parent` and its direct children: the postmaster and its backends."""
    total = cpu_seconds(parent)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def memory_status(pid: int) -> dict[str, str]:
    wanted = ("VmRSS", "VmHWM", "Threads")
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {k: v.strip() for k, _, v in (ln.partition(":") for ln in lines) if k in wanted}


def rss_mb(pid: int) -> float:
    return int(memory_status(pid)["VmRSS"].split()[0]) / 1024


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


class ServerProcess:
    """`python -m server.cli serve` in its own session, stopped on exit."""

    def __init__(
        self, database_url: str, workdir: Path, name: str, settings: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.log_path = workdir / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("AVAILABILITY_")}
        env.update(FAST_HASHING)
        env.update(settings or {})
        command = [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--port",
            str(self.port),
            "--database-url",
            database_url,
            "--log-level",
            "warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    async def wait_ready(self, timeout: float = 60.0) -> None:
        request = encode_request("GET", "/healthz", self.port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                connection = await HttpConnection.open(self.port)
                try:
                    status, _ = await asyncio.wait_for(connection.send(request), 5)
                finally:
                    connection.close()
                if status == 200:
                    return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"the server did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Profiler:
    """py-spy on the server while a phase runs, when --profile-dir is given."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.executable = shutil.which("py-spy")
        if directory is not None and self.executable is None:
            raise SystemExit("--profile-dir needs py-spy: uv run --with py-spy python ...")

    @contextlib.contextmanager
    def record(self, pid: int, name: str, seconds: float) -> Iterator[None]:
        if self.directory is None or self.executable is None:
            yield
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        output = self.directory / f"{name}.txt"
        command = [self.executable, "record", "--pid", str(pid), "--duration", str(int(seconds))]
        # --gil: only the thread holding the GIL, i.e. where the server's CPU goes.
        command += ["--rate", "250", "--gil", "--format", "raw", "--output", str(output)]
        spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            yield
            spy.wait(timeout=seconds + 30)
            print(f"    profile: {output}")
        finally:
            if spy.poll() is None:
                spy.terminate()
                spy.wait()


# --- the backends ----------------------------------------------------------------------


@dataclass
class Backend:
    name: str
    database_url: str
    postmaster_pid: int | None = None
    psql: Callable[[str], str] | None = None

    def database_cpu(self) -> float:
        return 0.0 if self.postmaster_pid is None else children_cpu_seconds(self.postmaster_pid)

    def writing_transactions(self) -> int | None:
        """PostgreSQL's next transaction id: only transactions that write take one."""
        if self.psql is None:
            return None
        return int(self.psql("SELECT pg_snapshot_xmax(pg_current_snapshot());").strip())


def start_backend(name: str, stack: contextlib.ExitStack, workdir: Path) -> Backend:
    if name == "sqlite":
        return Backend(name, f"sqlite:///{workdir / 'availability.sqlite3'}")
    # pgserver reads the runtime dir at import; containers often have no XDG_RUNTIME_DIR.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import pgserver  # only the PostgreSQL run needs it
    from pgserver.postgres_server import get_server
    from sqlalchemy.engine import make_url

    pgdata = workdir / "pgdata"
    postgres = get_server(pgdata, cleanup_mode="stop")
    stack.callback(postgres.cleanup)
    postgres.psql("CREATE DATABASE availability_bench;")
    url = make_url(postgres.get_uri()).set(database="availability_bench")
    uri = url.render_as_string(hide_password=False)

    def psql(command: str) -> str:
        executable = Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql"
        return subprocess.run(
            [str(executable), "-At", uri], input=command, capture_output=True, text=True, check=True
        ).stdout

    return Backend(name, uri, postmaster_pid=postgres.get_pid(), psql=psql)


def create_people(database_url: str, count: int) -> list[str]:
    """Professionals made directly through the server's code; returns their emails."""
    from presence import Role  # imported late: keeps --help fast
    from tests.support.bench_accounts import create_accounts

    emails = [f"pro{n:04d}@bench.example" for n in range(count)]
    people = [(email, f"Professional {n}", Role.PROFESSIONAL) for n, email in enumerate(emails)]
    create_accounts(database_url, PASSWORD, people)
    return emails


async def sign_in_all(port: int, emails: list[str], parallel: int = 8) -> list[str]:
    """Access tokens, one sign-in per email, in order."""
    tokens: list[str] = [""] * len(emails)
    queue = list(enumerate(emails))

    async def worker() -> None:
        connection = await HttpConnection.open(port)
        try:
            while queue:
                index, email = queue.pop()
                body = {"grant_type": "password", "email": email, "password": PASSWORD}
                request = encode_request("POST", "/v1/auth/token", port, body=body)
                status, reply = await asyncio.wait_for(connection.send(request), 30)
                if status != 200:
                    raise RuntimeError(f"sign-in of {email} failed: {status} {reply[:200]!r}")
                tokens[index] = json.loads(reply)["access_token"]
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(parallel)))
    return tokens


# --- the measurements ------------------------------------------------------------------


@dataclass
class LoadResult:
    variant: str
    processes: int
    seconds: float
    latencies: list[float]
    errors: int
    server_user: float
    server_system: float
    database_cpu: float
    client_cpu: float
    writes: int | None
    sent: int

    @property
    def label(self) -> str:
        return self.variant + (f", {self.processes} processes" if self.processes > 1 else "")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def ms(self, fraction: float) -> float:
        return 1000 * percentile(self.latencies, fraction) if self.latencies else float("nan")

    def describe(self) -> str:
        count = len(self.latencies)
        server_cpu = self.server_user + self.server_system
        cpu_per = 1000 * server_cpu * self.seconds / max(count, 1)
        lines = [
            f"  heartbeats, {self.label}: {self.rate:,.0f}/s  "
            f"p50 {self.ms(0.50):.1f} ms  p99 {self.ms(0.99):.1f} ms  "
            f"max {self.ms(1.0):.1f} ms  ({count:,} in {self.seconds:.1f} s, "
            f"{self.errors} errors)",
            f"    CPU, share of one core: server {100 * server_cpu:.0f}% "
            f"(user {100 * self.server_user:.0f}% + system {100 * self.server_system:.0f}%; "
            f"{cpu_per:.2f} ms/heartbeat), "
            + (f"PostgreSQL {100 * self.database_cpu:.0f}%, " if self.database_cpu else "")
            + f"load generator {100 * self.client_cpu:.0f}%",
        ]
        if self.writes is not None:
            lines.append(
                f"    writing transactions (PostgreSQL xids): {self.writes:,} "
                f"of {self.sent:,} heartbeats sent incl. warm-up "
                f"({100 * self.writes / max(self.sent, 1):.1f}%)"
            )
        return "\n".join(lines)


async def heartbeat_load(
    servers: list[ServerProcess],
    backend: Backend,
    tokens: list[str],
    *,
    variant: str,
    states: list[str],
    warmup: float,
    seconds: float,
    profiler: Profiler,
) -> LoadResult:
    """Closed-loop heartbeats; client n talks to servers[n % len(servers)]."""
    ports = [servers[n % len(servers)].port for n in range(len(tokens))]
    connections = [await HttpConnection.open(port) for port in ports]
    requests = [
        [
            encode_request(
                "POST",
                "/v1/me/heartbeat",
                ports[n],
                token=token,
                body={
                    "device_id": f"bench-device-{n}",
                    "platform": "linux",
                    "app_state": state,
                    "idle_seconds": 0,
                },
            )
            for state in states
        ]
        for n, token in enumerate(tokens)
    ]
    latencies: list[float] = []
    errors = 0
    total = 0
    writes_before = backend.writing_transactions()
    started = time.perf_counter()
    measure_from = started + warmup
    stop_at = measure_from + seconds

    async def client(connection: HttpConnection, mine: list[bytes]) -> None:
        nonlocal errors, total
        sent = 0
        while True:
            begin = time.perf_counter()
            if begin >= stop_at:
                return
            status, _ = await connection.send(mine[sent % len(mine)])
            sent += 1
            total += 1
            if status != 200:
                errors += 1
            elif begin >= measure_from:
                latencies.append(time.perf_counter() - begin)

    def server_cpu() -> tuple[float, float]:
        times = [cpu_times(server.pid) for server in servers]
        return sum(t[0] for t in times), sum(t[1] for t in times)

    async def meter() -> tuple[float, float, float, float]:
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        (user0, system0), database0 = server_cpu(), backend.database_cpu()
        client0 = time.process_time()
        await asyncio.sleep(max(0.0, stop_at - time.perf_counter()))
        user1, system1 = server_cpu()
        return (
            (user1 - user0) / seconds,
            (system1 - system0) / seconds,
            (backend.database_cpu() - database0) / seconds,
            (time.process_time() - client0) / seconds,
        )

    name = f"{backend.name}-heartbeats-{variant}"
    with profiler.record(servers[0].pid, name, warmup + seconds):
        metering = asyncio.ensure_future(meter())
        clients = asyncio.gather(
            *(client(c, r) for c, r in zip(connections, requests, strict=True))
        )
        await asyncio.wait_for(clients, warmup + seconds + 30)
        user, system, database, generator = await metering
    for connection in connections:
        connection.close()
    writes_after = backend.writing_transactions()
    writes = None
    if writes_before is not None and writes_after is not None:
        writes = writes_after - writes_before
    return LoadResult(
        variant,
        len(servers),
        seconds,
        latencies,
        errors,
        server_user=user,
        server_system=system,
        database_cpu=database,
        client_cpu=generator,
        writes=writes,
        sent=total,
    )


async def propagation(
    sse_port: int, patch_port: int, tokens: tuple[str, str], samples: int
) -> list[float]:
    """Seconds from sending a PATCH to receiving its `availability` event."""
    listen_token, patch_token = tokens
    stream = await EventStream.open(sse_port, listen_token)
    patcher = await HttpConnection.open(patch_port)
    try:
        await asyncio.wait_for(stream.first_event, 30)
        first = await stream.wait_for(lambda e: e.name == "availability", 10)
        current = int(json.loads(first.data)["max_concurrent_sessions"])
        found: list[float] = []
        for n in range(samples):
            value = current + 1 if n % 2 == 0 else current
            request = encode_request(
                "PATCH",
                "/v1/me/availability",
                patch_port,
                token=patch_token,
                body={"max_concurrent_sessions": value},
            )

            def is_it(event: Event, value: int = value) -> bool:
                return (
                    event.name == "availability"
                    and json.loads(event.data)["max_concurrent_sessions"] == value
                )

            sent = time.perf_counter()
            status, reply = await asyncio.wait_for(patcher.send(request), 10)
            if status != 200:
                raise RuntimeError(f"PATCH failed: {status} {reply[:200]!r}")
            event = await stream.wait_for(is_it, 10)
            found.append(event.received_at - sent)
            await asyncio.sleep(0.01)  # lets the matching `status` event go by
        return found
    finally:
        stream.close()
        patcher.close()


@dataclass
class MemoryResult:
    subscribers: int
    before_mb: float
    after_mb: float
    connect_seconds: float
    threads: str

    def describe(self) -> str:
        per = 1024 * (self.after_mb - self.before_mb) / max(self.subscribers, 1)
        return (
            f"  memory: RSS {self.before_mb:.0f} MB before, {self.after_mb:.0f} MB with "
            f"{self.subscribers:,} open event streams ({per:.0f} KB each; all connected "
            f"and had their first event in {self.connect_seconds:.1f} s; "
            f"{self.threads} threads)"
        )


async def subscriber_memory(server: ServerProcess, tokens: list[str]) -> MemoryResult:
    # Warm the fresh process up on one stream, so "before" includes the code paths.
    warm = await EventStream.open(server.port, tokens[0])
    await asyncio.wait_for(warm.first_event, 30)
    warm.close()
    await asyncio.sleep(1.0)
    before = rss_mb(server.pid)
    gate = asyncio.Semaphore(50)

    async def subscribe(token: str) -> EventStream:
        async with gate:
            stream = await EventStream.open(server.port, token)
            await asyncio.wait_for(stream.first_event, 60)
            return stream

    started = time.perf_counter()
    streams = await asyncio.gather(*(subscribe(t) for t in tokens))
    connected = time.perf_counter() - started
    try:
        await asyncio.sleep(2.0)
        after = memory_status(server.pid)
        return MemoryResult(
            len(streams),
            before,
            int(after["VmRSS"].split()[0]) / 1024,
            connected,
            after["Threads"],
        )
    finally:
        for stream in streams:
            stream.close()


# --- one backend, start to end ---------------------------------------------------------


@dataclass
class Verdict:
    what: str
    target: str
    measured: str
    passed: bool

    def line(self) -> str:
        return (
            f"  {'PASS' if self.passed else 'MISS'}  {self.what:<58} "
            f"{self.measured:>16}   target {self.target}"
        )


@dataclass
class BackendReport:
    name: str
    loads: list[LoadResult] = field(default_factory=list)
    propagation: dict[str, list[float]] = field(default_factory=dict)
    memory: MemoryResult | None = None

    def verdicts(self) -> list[Verdict]:
        found = []
        target_rate = TARGET_SQLITE_RATE if self.name == "sqlite" else TARGET_POSTGRES_RATE
        for load in self.loads:
            label = f"{self.name} heartbeats/s ({load.label})"
            found.append(
                Verdict(
                    label,
                    f">= {target_rate:,.0f}/s",
                    f"{load.rate:,.0f}/s",
                    load.rate >= target_rate,
                )
            )
            if self.name == "sqlite":
                found.append(
                    Verdict(
                        f"{self.name} heartbeat p99 ({load.label})",
                        f"<= {TARGET_SQLITE_P99_MS:.0f} ms",
                        f"{load.ms(0.99):.1f} ms",
                        load.ms(0.99) <= TARGET_SQLITE_P99_MS,
                    )
                )
        for route, samples in self.propagation.items():
            p99 = 1000 * percentile(samples, 0.99)
            found.append(
                Verdict(
                    f"{self.name} propagation p99 ({route})",
                    f"<= {TARGET_PROPAGATION_P99_MS:.0f} ms",
                    f"{p99:.1f} ms",
                    p99 <= TARGET_PROPAGATION_P99_MS,
                )
            )
        if self.memory is not None:
            found.append(
                Verdict(
                    f"{self.name} RSS with {self.memory.subscribers:,} subscribers",
                    f"<= {TARGET_SUBSCRIBERS_MB:.0f} MB",
                    f"{self.memory.after_mb:.0f} MB",
                    self.memory.after_mb <= TARGET_SUBSCRIBERS_MB,
                )
            )
        return found


async def run_backend(name: str, args: argparse.Namespace, profiler: Profiler) -> BackendReport:
    report = BackendReport(name)
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"bench-{name}-")))
        print(f"\n== {name} ==  (load average {load_average()})", flush=True)
        started = time.perf_counter()
        backend = start_backend(name, stack, workdir)
        emails = create_people(backend.database_url, args.clients + 1 + args.subscribers)
        load_emails = emails[: args.clients]
        propagation_email = emails[args.clients]
        subscriber_emails = emails[args.clients + 1 :]

        def start_server(label: str, settings: dict[str, str] | None = None) -> ServerProcess:
            server = ServerProcess(backend.database_url, workdir, label, settings)
            stack.callback(server.stop)
            return server

        server = start_server("server")
        await server.wait_ready()
        load_tokens = await sign_in_all(server.port, load_emails)
        listen_token, patch_token = await sign_in_all(server.port, [propagation_email] * 2)
        subscriber_tokens = await sign_in_all(server.port, subscriber_emails)
        print(
            f"  set-up: {len(emails):,} professionals made and signed in, server pid "
            f"{server.pid}, in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

        async def measure(variant: str, states: list[str], servers: list[ServerProcess]) -> None:
            load = await heartbeat_load(
                servers,
                backend,
                load_tokens,
                variant=variant,
                states=states,
                warmup=args.warmup,
                seconds=args.seconds,
                profiler=profiler,
            )
            report.loads.append(load)
            print(load.describe(), f"(load average {load_average()})", flush=True)

        for variant, states, settings in HEARTBEAT_VARIANTS:
            if not settings:
                await measure(variant, states, [server])
                continue
            own = start_server(f"server-{variant}", settings)
            await own.wait_ready()
            await measure(variant, states, [own])
            own.stop()

        # PostgreSQL is the scale-out backend: more processes, one database.
        others: list[ServerProcess] = []
        if name == "postgres":
            others = [start_server(f"server-{n + 2}") for n in range(max(args.pg_processes, 2) - 1)]
            for other in others:
                await other.wait_ready()
            if args.pg_processes > 1:
                variant, states, _settings = HEARTBEAT_VARIANTS[0]
                await measure(variant, states, [server, *others[: args.pg_processes - 1]])

        routes = [("same process", server)]
        if others:
            routes.append(("PATCH via a 2nd process", others[0]))
        for route, patch_server in routes:
            samples = await propagation(
                server.port, patch_server.port, (listen_token, patch_token), args.samples
            )
            report.propagation[route] = samples
            print(
                f"  propagation, {route}: p50 {1000 * percentile(samples, 0.5):.1f} ms  "
                f"p99 {1000 * percentile(samples, 0.99):.1f} ms  "
                f"max {1000 * max(samples):.1f} ms  ({len(samples)} PATCHes)",
                flush=True,
            )
        for running in [server, *others]:
            running.stop()

        if args.subscribers:
            fresh = start_server("server-memory")
            await fresh.wait_ready()
            report.memory = await subscriber_memory(fresh, subscriber_tokens)
            print(report.memory.describe(), flush=True)
    return report


# --- main ------------------------------------------------------------------------------


def interrupt(_signal: int, _frame: FrameType | None) -> None:
    """SIGTERM and SIGHUP act as Ctrl+C: asyncio cancels the run, which cleans up."""
    os.kill(os.getpid(), signal.SIGINT)


def raise_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard == resource.RLIM_INFINITY else max(soft, min(hard, needed))
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < needed:
        print(f"warning: only {wanted} file descriptors allowed; {needed} wanted")


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}"


def code_version() -> str:
    """The commit under test, and whether the server's code differs from it."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "server", "presence"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + (" + uncommitted changes in server/ or presence/" if changed else "")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=15.0, help="per heartbeat variant")
    parser.add_argument("--warmup", type=float, default=3.0, help="before each variant")
    parser.add_argument("--clients", type=int, default=16, help="heartbeat clients")
    parser.add_argument("--samples", type=int, default=200, help="propagation PATCHes")
    parser.add_argument("--subscribers", type=int, default=1000, help="0 skips the memory test")
    parser.add_argument(
        "--pg-processes",
        type=int,
        default=2,
        help="PostgreSQL: also run read-mostly heartbeats over this many server processes",
    )
    parser.add_argument(
        "--profile-dir", type=Path, help="record py-spy profiles of the heartbeat phases here"
    )
    return parser.parse_args()


async def run(args: argparse.Namespace) -> list[BackendReport]:
    profiler = Profiler(args.profile_dir)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    return [await run_backend(name, args, profiler) for name in backends]


def main() -> int:
    args = parse_args()
    # Ctrl+C works even when started with SIGINT ignored (a background job of a script).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    raise_file_limit(args.subscribers + args.clients + 256)
    print(f"Machine: {machine()}; load average {load_average()}")
    print(f"Code: {code_version()}")
    print(
        f"{args.clients} heartbeat clients, {args.warmup:g} s warm-up + {args.seconds:g} s "
        f"per variant; {args.samples} propagation samples; {args.subscribers} subscribers"
    )
    try:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            reports = runner.run(run(args))
    except KeyboardInterrupt:
        print("\ninterrupted; everything started was stopped and removed", file=sys.stderr)
        return 130
    print("\n== targets ==")
    verdicts = [v for report in reports for v in report.verdicts()]
    for verdict in verdicts:
        print(verdict.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
