"""Heartbeats per second, ours against ActivityWatch's aw-server 0.12, under one `wrk` load.

    uv run python bench/heartbeats_vs_aw_server.py [--aw-server PATH] [--seconds N]
                                                    [--connections N] [--threads N]

Both servers run on this machine, one after the other, each as one process on a fresh
SQLite file, and `wrk` (C, so the load costs little) sends the same closed-loop load to
each: `--connections` (16) keep-alive connections over `--threads` (2) threads for
`--seconds` (15) after a 3 s warm-up. Ours gets POST /v1/me/heartbeat from one signed-in
professional's laptop (foreground, idle 0); aw-server gets POST
/api/0/buckets/<bucket>/heartbeat with a pulsetime, the request its own watchers send.

aw-server is not a dependency of this project. Install it apart, e.g.:

    uv venv /tmp/aw && VIRTUAL_ENV=/tmp/aw uv pip install 'aw-server==0.12.*' 'peewee<3.17'

and pass `--aw-server /tmp/aw/bin/aw-server`. (aw-server 0.12's datastore reads a
bucket's creation time as text, which peewee returns as a datetime from 3.17 on: every
bucket request is a 500 there, hence the older peewee.) `wrk` comes from Debian (`apt-get install
wrk`). Every result is printed with its target and PASS/MISS: ours at least 10 times
aw-server's heartbeats per second (the aim is 20), and our p99 at most 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
PASSWORD = "bench password 1"
FAST_HASHING = {"AVAILABILITY_ARGON2_TIME_COST": "1", "AVAILABILITY_ARGON2_MEMORY_COST": "64"}
BIN = Path(sys.executable).parent
TARGET_RATIO = 10.0
AIM_RATIO = 20.0
TARGET_P99_MS = 50.0

_LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{headers}
"""


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not listen on {port}")


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, body: str, headers: dict[str, str], args: argparse.Namespace) -> WrkResult:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    try:
        header_lines = "\n".join(
            f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()
        )
        script.write_text(_LUA.format(body=json.dumps(body), headers=header_lines))
        base = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-s", str(script)]
        subprocess.run([*base, "-d", f"{args.warmup}s", url], capture_output=True, check=True)
        out = subprocess.run(
            [*base, "-d", f"{args.seconds}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        script.unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return WrkResult(rate, p50, p99, total, errors)


@contextmanager
def started(command: list[str], env: dict[str, str], port: int, what: str) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, process, what)
        yield
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def ours(folder: Path, args: argparse.Namespace) -> WrkResult:
    port = free_port()
    env = {
        **os.environ,
        **FAST_HASHING,
        "AVAILABILITY_DATABASE_URL": f"sqlite:///{folder / 'ours.sqlite3'}",
        "AVAILABILITY_SIGNING_KEYS_FILE": str(folder / "keys.json"),
    }
    server = str(BIN / "availability-server")
    subprocess.run([server, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [
            server,
            "users",
            "add",
            "--email",
            "pat@example.com",
            "--name",
            "Pat",
            "--role",
            "professional",
        ],
        env=env,
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    serve = [server, "serve", "--host", HOST, "--port", str(port)]
    with started(serve, env, port, "our server"):
        url = f"http://{HOST}:{port}"
        token = httpx.post(
            f"{url}/v1/auth/token",
            json={"grant_type": "password", "email": "pat@example.com", "password": PASSWORD},
        ).json()["access_token"]
        body = json.dumps(
            {
                "device_id": "laptop",
                "platform": "linux",
                "app_state": "foreground",
                "idle_seconds": 0,
            }
        )
        return run_wrk(f"{url}/v1/me/heartbeat", body, {"Authorization": f"Bearer {token}"}, args)


def aw_server(folder: Path, args: argparse.Namespace) -> WrkResult:
    port = free_port()
    home = folder / "aw-home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    command = [args.aw_server, "--testing", "--host", HOST, "--port", str(port)]
    with started(command, env, port, "aw-server"):
        url = f"http://{HOST}:{port}/api/0/buckets/bench-laptop"
        httpx.post(
            url, json={"client": "bench", "type": "afkstatus", "hostname": "laptop"}
        ).raise_for_status()
        event = {
            "timestamp": "2026-12-04T10:00:00+00:00",
            "duration": 0,
            "data": {"status": "not-afk"},
        }
        return run_wrk(f"{url}/heartbeat?pulsetime=60", json.dumps(event), {}, args)


def line(verdict: bool, name: str, value: str, target: str) -> str:
    return f"  {'PASS' if verdict else 'MISS'}  {name:<52} {value:>12}   target {target}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--aw-server", default=shutil.which("aw-server") or "aw-server")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Machine: {os.cpu_count()} CPUs, load average {load}")
    print(f"wrk: {args.threads} threads, {args.connections} connections, {args.seconds} s")
    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="bench-aw-"))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        mine = ours(folder, args)
        theirs = aw_server(folder, args)
    for name, result in (("ours (SQLite)", mine), ("aw-server 0.12 (SQLite)", theirs)):
        print(
            f"  {name:<24} {result.requests_per_second:8.0f}/s  p50 {result.p50_ms:6.1f} ms  "
            f"p99 {result.p99_ms:6.1f} ms  ({result.requests:,} requests, "
            f"{result.errors} errors)"
        )
    ratio = mine.requests_per_second / max(theirs.requests_per_second, 1e-9)
    print("== targets ==")
    print(
        line(
            ratio >= TARGET_RATIO,
            "heartbeats/s, ours / aw-server",
            f"{ratio:.1f}x",
            f">= {TARGET_RATIO:.0f}x (aim {AIM_RATIO:.0f}x)",
        )
    )
    print(
        line(
            mine.p99_ms <= TARGET_P99_MS,
            "our heartbeat p99",
            f"{mine.p99_ms:.1f} ms",
            f"<= {TARGET_P99_MS:.0f} ms",
        )
    )
    print(line(mine.errors == 0, "our errors", str(mine.errors), "0"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
