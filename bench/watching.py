"""Watching professionals live: delivery latency and memory of GET /v1/professionals/events.

    uv run python bench/watching.py [--professionals N] [--streams N] [--ids N]
                                    [--rate N] [--seconds N]
                                    [--backend sqlite|postgres] [--processes N]

Starts the real server (`availability-server serve`) on a temporary SQLite file, or
`--processes` of them on one PostgreSQL started by pgserver (the streams spread over
them, the changes go through the first, so every event crosses processes but for the
first's share), makes
`--professionals` (1,000) professionals directly through the server's code, opens
`--streams` (10,000) watch streams of `--ids` (50) professionals each over raw sockets
from this process (10 watcher accounts share them), then changes `--rate` (100)
professionals' status notes a second for `--seconds` (15), each note carrying its
sequence number. Every presence event received is matched to the change that caused it:
delivery time = received - sent. It prints the server's RSS before and after the
streams opened (per stream), the delivery p50/p99/max, the events expected and received,
with PASS/MISS against delivery p99 <= 100 ms. The machine is shared and has few cores:
the load generator runs on the same CPUs as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

HOST = "127.0.0.1"
PASSWORD = "bench password 1"
BIN = Path(sys.executable).parent
TARGET_P99_MS = 100.0
WATCHERS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def create_people(database_url: str, professionals: int) -> list[str]:
    """The professionals, then the watcher accounts; the professionals' ids."""
    from presence import Role  # imported late: keeps --help fast
    from tests.support.bench_accounts import create_accounts

    people = [
        (f"pro{n:05d}@bench.example", f"Professional {n}", Role.PROFESSIONAL)
        for n in range(professionals)
    ]
    watchers = [(f"watcher{n}@bench.example", f"Watcher {n}", Role.USER) for n in range(WATCHERS)]
    return create_accounts(database_url, PASSWORD, people + watchers)[:professionals]


def request(method: str, path: str, port: int, token: str, body: bytes = b"") -> bytes:
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        f"Authorization: Bearer {token}",
        "Accept: text/event-stream" if method == "GET" else "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class Tally:
    sent_at: dict[int, float] = field(default_factory=dict)
    delays_ms: list[float] = field(default_factory=list)
    received: int = 0
    opened: int = 0


class WatchStream(asyncio.Protocol):
    """A watch stream over a raw socket; only counts presence events and their delay."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(str(exc)))

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        if not self.ready.done():
            if not data.startswith(b"HTTP/1.1 200"):
                self.ready.set_exception(RuntimeError(data[:200].decode(errors="replace")))
                return
            self.ready.set_result(None)
        # Chunk sizes and SSE framing are skipped: each data line is one JSON document.
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if not line.startswith(b"data: "):
                continue
            note = json.loads(line[6:]).get("status_note")
            if note is None or not note["text"].startswith("t"):
                continue
            sent = self.tally.sent_at.get(int(note["text"][1:]))
            if sent is not None:
                self.tally.received += 1
                self.tally.delays_ms.append((now - sent) * 1000)


async def run(
    args: argparse.Namespace, ports: list[int], ids: list[str], server_pids: list[int]
) -> None:
    port = ports[0]  # changes go through the first process; streams spread over all
    import httpx

    loop = asyncio.get_running_loop()
    tally = Tally()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}", timeout=120, limits=limits
    ) as client:

        async def token_of(email: str) -> str:
            answer = await client.post(
                "/v1/auth/token",
                json={"grant_type": "password", "email": email, "password": PASSWORD},
            )
            answer.raise_for_status()
            return str(answer.json()["access_token"])

        watchers = [await token_of(f"watcher{n}@bench.example") for n in range(WATCHERS)]
        rng = random.Random(7)
        watched_by: dict[str, int] = dict.fromkeys(ids, 0)
        before = sum(rss_mb(pid) for pid in server_pids)
        streams = []
        for n in range(args.streams):
            chosen = rng.sample(ids, args.ids)
            for professional in chosen:
                watched_by[professional] += 1
            path = f"/v1/professionals/events?ids={','.join(chosen)}"
            on = ports[n % len(ports)]
            _transport, stream = await loop.create_connection(lambda: WatchStream(tally), HOST, on)
            assert stream.transport is not None
            stream.transport.write(request("GET", path, on, watchers[n % WATCHERS]))
            streams.append(stream)
            if n % 200 == 199:
                await asyncio.gather(*(s.ready for s in streams[-200:]))
        await asyncio.gather(*(s.ready for s in streams))
        after = sum(rss_mb(pid) for pid in server_pids)
        per_stream_kb = (after - before) * 1024 / max(args.streams, 1)
        print(
            f"  server RSS ({len(server_pids)} process(es)): {before:.0f} MB before, "
            f"{after:.0f} MB with {args.streams:,} streams ({per_stream_kb:.1f} KB a stream)"
        )
        # The professionals' own sign-ins, to change their notes.
        changers = rng.sample(ids, min(len(ids), 200))
        tokens = {}
        for professional in changers:
            email = f"pro{ids.index(professional):05d}@bench.example"
            tokens[professional] = await token_of(email)
        expected = 0
        sequence = 0
        started = time.perf_counter()
        interval = 1 / args.rate
        changes: list[asyncio.Task[httpx.Response]] = []
        # Sent at the rate asked, without waiting for answers: a slow server must not
        # lower the load it is measured under.
        while time.perf_counter() - started < args.seconds:
            professional = changers[sequence % len(changers)]
            tally.sent_at[sequence] = time.perf_counter()
            changes.append(
                asyncio.create_task(
                    client.patch(
                        "/v1/me/availability",
                        json={"status_note": {"text": f"t{sequence}"}},
                        headers={"Authorization": f"Bearer {tokens[professional]}"},
                    )
                )
            )
            expected += watched_by[professional]
            sequence += 1
            next_at = started + sequence * interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        for answer in await asyncio.gather(*changes):
            answer.raise_for_status()
        deadline = time.perf_counter() + 10
        while tally.received < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        for stream in streams:
            if stream.transport is not None:
                stream.transport.close()
    delays = sorted(tally.delays_ms)
    if not delays:
        print("  no presence event arrived")
        return
    p50 = delays[len(delays) // 2]
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    rate = sequence / args.seconds
    print(
        f"  {sequence:,} changes ({rate:.0f}/s), {expected:,} presence events expected, "
        f"{tally.received:,} received within 10 s of the last change"
    )
    print(f"  delivery: p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {delays[-1]:.1f} ms")
    verdict = "PASS" if p99 <= TARGET_P99_MS and tally.received == expected else "MISS"
    print(f"  {verdict}  delivery p99 <= {TARGET_P99_MS:.0f} ms, every event delivered")


def database(backend: str, folder: Path, stack: contextlib.ExitStack) -> str:
    """A fresh database: a SQLite file, or a PostgreSQL started by pgserver."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'watch.sqlite3'}"
    # pgserver reads the runtime dir at import; containers often have no XDG_RUNTIME_DIR.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    from pgserver.postgres_server import get_server  # only the PostgreSQL run needs it
    from sqlalchemy.engine import make_url

    postgres = get_server(folder / "pgdata", cleanup_mode="stop")
    stack.callback(postgres.cleanup)
    postgres.psql("CREATE DATABASE availability_watch;")
    url = make_url(postgres.get_uri()).set(database="availability_watch")
    return url.render_as_string(hide_password=False)


def start_server(
    env: dict[str, str], port: int, files: int, hard: int, stack: contextlib.ExitStack
) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "availability-server"), "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (files, hard)),
    )

    def stop() -> None:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    stack.callback(stop)
    deadline = time.monotonic() + 60
    while True:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return server
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("the server did not start")
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--professionals", type=int, default=1000)
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--ids", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--processes", type=int, default=1, help="server processes (postgres)")
    args = parser.parse_args()
    if args.backend == "sqlite" and args.processes != 1:
        parser.error("several processes need --backend postgres")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, args.streams * 2 + 1000)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    folder = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        database_url = database(args.backend, folder, stack)
        env = {
            **os.environ,
            "AVAILABILITY_DATABASE_URL": database_url,
            "AVAILABILITY_SIGNING_KEYS_FILE": str(folder / "keys.json"),
            "AVAILABILITY_ARGON2_TIME_COST": "1",
            "AVAILABILITY_ARGON2_MEMORY_COST": "64",
            "AVAILABILITY_MAX_STREAMS_PER_ACCOUNT": str(args.streams),
        }
        subprocess.run(
            [str(BIN / "availability-server"), "migrate"], env=env, check=True, capture_output=True
        )
        ids = create_people(database_url, args.professionals)
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"Machine: {os.cpu_count()} CPUs, load average {load}")
        print(
            f"{args.professionals:,} professionals, {args.streams:,} streams of {args.ids} "
            f"ids, {args.rate:.0f} changes/s for {args.seconds:.0f} s ({args.backend}, "
            f"{args.processes} process(es))"
        )
        ports = [free_port() for _ in range(args.processes)]
        servers = [start_server(env, port, wanted, hard, stack) for port in ports]
        asyncio.run(run(args, ports, ids, [server.pid for server in servers]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
