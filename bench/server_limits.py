"""The status server under the loads that used to hurt it: parallel sign-ins, another
program holding SQLite's write lock, and an account with the most devices.

    uv run python bench/server_limits.py [--sign-ins N] [--lock-seconds S]

It starts the real server (`python -m server.cli serve`) in its own process on a
temporary SQLite file, with the default argon2 cost (64 MiB per hash), and prints:

1. peak RSS (VmHWM) of the server while N (60) people sign in at once, each from an
   address of its own (the server trusts 127.0.0.1 as a proxy for this, so the
   per-address limit does not apply), and /healthz latency meanwhile;
2. /healthz latency, and what heartbeats answer, while another process holds SQLite's
   write lock for S (10) seconds with BEGIN IMMEDIATE;
3. heartbeat latency for an account with one device and with the most devices allowed
   (AVAILABILITY_MAX_DEVICES_PER_ACCOUNT, 20), and the status computation alone for
   1,500 devices (what one account could reach before the cap);
4. /healthz latency while 42 status changes a second reach open event streams: 10 of
   one account (the most allowed), then 200 of 20 accounts.

Each figure is printed with its target and PASS/MISS. Processes and the temporary
directory are removed on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presence import AppState, Availability, Device, Role, RuleConfig  # noqa: E402
from presence.effective import effective_status  # noqa: E402
from server.domain.passwords import Passwords  # noqa: E402
from server.store.database import Database  # noqa: E402
from server.store.migrate import upgrade  # noqa: E402
from server.store.users import create_user  # noqa: E402

PASSWORD = "bench password, long enough"
MIB = 1024 * 1024
ARGON2_MEMORY_MIB = 64
ARGON2_PARALLEL = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def rss_peak(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


@contextlib.contextmanager
def server(folder: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {
        **os.environ,
        "AVAILABILITY_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "AVAILABILITY_SIGNING_KEYS_FILE": str(folder / "keys.json"),
        "AVAILABILITY_ACCESS_TOKEN_TTL": "86400",
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--log-level", "error"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def add_people(folder: Path, count: int) -> list[str]:
    """`count` professionals sharing one password hash, straight into the database."""
    database = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade(database)
    password_hash = Passwords().hash(PASSWORD)
    emails = []
    with database.begin() as connection:
        for number in range(count):
            email = f"pro{number}@example.org"
            create_user(
                connection,
                email=email,
                display_name=f"Pro {number}",
                role=Role.PROFESSIONAL,
                password_hash=password_hash,
                now=datetime.now(UTC),
            )
            emails.append(email)
    database.dispose()
    return emails


def sign_in(url: str, email: str, address: str = "") -> httpx.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return httpx.post(
        f"{url}/v1/auth/token",
        json={"grant_type": "password", "email": email, "password": PASSWORD},
        headers=headers,
        timeout=120,
    )


class HealthProbe:
    """Asks /healthz in a loop from a thread, noting each answer's latency."""

    def __init__(self, url: str) -> None:
        self._url = url
        self.latencies: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get(f"{self._url}/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.latencies.append(time.perf_counter() - started)
                self.failures += not ok
                self._stop.wait(0.01)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        values = self.latencies
        return (
            f"{len(values)} answers, p50 {statistics.median(values) * 1000:.1f} ms, "
            f"p99 {percentile(values, 0.99) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms, "
            f"{self.failures} not 200"
        )


def parallel_sign_ins(folder: Path, count: int) -> None:
    print(
        f"\n1. {count} sign-ins at once "
        f"(argon2 {ARGON2_MEMORY_MIB} MiB, {ARGON2_PARALLEL} at a time)"
    )
    emails = add_people(folder, count)
    with server(folder, AVAILABILITY_TRUSTED_PROXIES="127.0.0.1") as (url, process):
        sign_in(url, emails[0])  # warm: the first request loads what it needs
        before = rss_peak(process.pid)
        barrier = threading.Barrier(count)

        def one(number: int) -> int:
            barrier.wait()
            return sign_in(url, emails[number], f"198.51.100.{number % 250}").status_code

        with HealthProbe(url) as probe, ThreadPoolExecutor(count) as pool:
            started = time.perf_counter()
            codes = list(pool.map(one, range(count)))
            took = time.perf_counter() - started
        after = rss_peak(process.pid)
    growth = after - before
    ceiling = ARGON2_PARALLEL * ARGON2_MEMORY_MIB * MIB
    print(f"   answers: {sorted(set(codes))}, {codes.count(200)} signed in, in {took:.1f} s")
    print(f"   peak RSS before {before / MIB:.0f} MiB, after {after / MIB:.0f} MiB")
    print(
        f"   growth {growth / MIB:.0f} MiB; target <= {ceiling / MIB:.0f} MiB of hashing "
        f"+ 32 MiB: {verdict(growth <= ceiling + 32 * MIB)}"
    )
    print(f"   /healthz meanwhile: {probe.summary()}")
    print(f"   target p99 <= 100 ms: {verdict(percentile(probe.latencies, 0.99) <= 0.1)}")


def held_write_lock(folder: Path, seconds: float) -> None:
    print(f"\n2. another process holds SQLite's write lock for {seconds:.0f} s")
    add_people(folder, 1)
    with server(folder) as (url, _process):
        token = sign_in(url, "pro0@example.org").json()["access_token"]
        beat = {"device_id": "d", "platform": "linux", "app_state": "foreground"}
        headers = {"Authorization": f"Bearer {token}"}
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE'); print('held', flush=True)\n"
                "time.sleep(float(sys.argv[2])); c.execute('ROLLBACK')",
                str(folder / "bench.sqlite3"),
                str(seconds),
            ],
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None
        holder.stdout.readline()
        beats: list[tuple[int, float, str]] = []
        with HealthProbe(url) as probe, httpx.Client(timeout=30) as client:
            while holder.poll() is None:
                started = time.perf_counter()
                answer = client.post(f"{url}/v1/me/heartbeat", json=beat, headers=headers)
                kind = answer.headers.get("content-type", "")
                beats.append((answer.status_code, time.perf_counter() - started, kind))
                time.sleep(0.5)
        after = httpx.post(f"{url}/v1/me/heartbeat", json=beat, headers=headers).status_code
    print(f"   /healthz: {probe.summary()}")
    print(f"   target p99 <= 100 ms: {verdict(percentile(probe.latencies, 0.99) <= 0.1)}")
    statuses = sorted({f"{code} {kind}" for code, _, kind in beats})
    slowest = max(t for _, t, _ in beats)
    print(f"   heartbeats during: {len(beats)}, answers {statuses}, slowest {slowest:.2f} s")
    problem_json = all(kind == "application/problem+json" for code, _, kind in beats if code != 200)
    print(f"   every refusal a problem+json: {verdict(problem_json)}; after the lock: {after}")


def many_devices(folder: Path, samples: int) -> None:
    print("\n3. heartbeats of an account with one device and with the most devices")
    add_people(folder, 2)
    results = {}
    with server(folder) as (url, _process):
        for number, devices in ((0, 1), (1, 20)):
            token = sign_in(url, f"pro{number}@example.org").json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
                for index in range(devices):
                    first: dict[str, object] = {
                        "device_id": f"d{index}",
                        "platform": "linux",
                        "app_state": "foreground",
                    }
                    assert client.post("/v1/me/heartbeat", json=first).status_code == 200
                times = []
                for index in range(samples):
                    beat: dict[str, object] = {
                        "device_id": f"d{index % devices}",
                        "platform": "linux",
                        "app_state": "background" if index % 2 else "foreground",
                        "idle_seconds": 0,
                    }
                    started = time.perf_counter()
                    assert client.post("/v1/me/heartbeat", json=beat).status_code == 200
                    times.append(time.perf_counter() - started)
            results[devices] = times
            print(
                f"   {devices:>2} devices: p50 {statistics.median(times) * 1000:.2f} ms, "
                f"p99 {percentile(times, 0.99) * 1000:.2f} ms ({samples} heartbeats, each a write)"
            )
    ratio = percentile(results[20], 0.99) / percentile(results[1], 0.99)
    print(f"   p99 20 devices / 1 device {ratio:.2f}; target <= 2: {verdict(ratio <= 2)}")
    now = datetime.now(UTC)
    states = [AppState.FOREGROUND, AppState.BACKGROUND, AppState.OFFLINE]
    crowd = [
        Device(
            f"d{n}", states[n % 3], now - timedelta(seconds=n * 0.05), now - timedelta(seconds=n)
        )
        for n in range(1500)
    ]
    started = time.perf_counter()
    for _ in range(10):
        effective_status(Role.PROFESSIONAL, Availability(), crowd, 0, now, RuleConfig())
    each = (time.perf_counter() - started) / 10
    print(
        f"   status of 1,500 devices, computed alone: {each * 1000:.1f} ms "
        "(was 3.4 s per heartbeat)"
    )


async def _read_stream(client: httpx.AsyncClient, token: str, counts: list[int]) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    with contextlib.suppress(httpx.HTTPError):
        async with client.stream("GET", "/v1/me/events", headers=headers) as response:
            if response.status_code != 200:
                counts.append(-response.status_code)
                return
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    counts.append(1)


async def _flip(client: httpx.AsyncClient, tokens: list[str], rate: float, seconds: float) -> int:
    flips, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        token = tokens[flips % len(tokens)]
        state = "background" if (flips // len(tokens)) % 2 else "foreground"
        await client.post(
            "/v1/me/heartbeat",
            json={"device_id": "d", "platform": "linux", "app_state": state, "idle_seconds": 0},
            headers={"Authorization": f"Bearer {token}"},
        )
        flips += 1
        await asyncio.sleep(max(0.0, flips / rate - (time.perf_counter() - started)))
    return flips


def streams_and_flips(folder: Path, accounts: int, per_account: int, seconds: float) -> None:
    total = accounts * per_account
    print(
        f"\n4. {total} event streams ({per_account} per account, {accounts} accounts) "
        f"and 42 status changes/s for {seconds:.0f} s"
    )
    emails = add_people(folder, accounts)
    with server(folder, AVAILABILITY_TRUSTED_PROXIES="127.0.0.1") as (url, _process):
        tokens = [
            sign_in(url, email, f"192.0.2.{n}").json()["access_token"]
            for n, email in enumerate(emails)
        ]

        async def run() -> tuple[list[int], int]:
            counts: list[int] = []
            limits = httpx.Limits(max_connections=total + 10)
            timeout = httpx.Timeout(10.0, read=60.0)
            async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
                readers = [
                    asyncio.ensure_future(_read_stream(client, tokens[n % accounts], counts))
                    for n in range(total)
                ]
                await asyncio.sleep(2)  # let them open and read their first events
                flips = await _flip(client, tokens, 42.0, seconds)
                for reader in readers:
                    reader.cancel()
                await asyncio.gather(*readers, return_exceptions=True)
            return counts, flips

        with HealthProbe(url) as probe:
            counts, flips = asyncio.run(run())
    refused = [c for c in counts if c < 0]
    events = sum(c for c in counts if c > 0)
    print(f"   {flips} changes sent, {events} events received, {len(refused)} streams refused")
    print(f"   /healthz: {probe.summary()}")
    print(f"   target p99 <= 100 ms: {verdict(percentile(probe.latencies, 0.99) <= 0.1)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sign-ins", type=int, default=60)
    parser.add_argument("--lock-seconds", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--stream-seconds", type=float, default=10.0)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="availability-bench-") as folder:
        parallel_sign_ins(Path(folder) / "sign-ins", args.sign_ins)
        held_write_lock(Path(folder) / "lock", args.lock_seconds)
        many_devices(Path(folder) / "devices", args.samples)
        streams_and_flips(Path(folder) / "streams-one", 1, 10, args.stream_seconds)
        streams_and_flips(Path(folder) / "streams-many", 20, 10, args.stream_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
