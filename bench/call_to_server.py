"""A call seen by the server: from a capture starting to the server saying busy/in_call.

    uv run python bench/call_to_server.py [--runs 10] [--cpu-seconds 60]

It starts Xvfb with a tray host (tests/support/desktop_session.py), a private PipeWire
with a virtual microphone (tests/support/pipewire.py), a real status server on a
temporary SQLite database, and the real app in server mode, signed in from its command
line and pointed at that PipeWire (PULSE_SERVER). Then:

1. `--runs` times: a real `pw-record` capture starts; printed is the time until the
   person's own event stream says busy / in_call (the server has it, and every watcher
   with it), which includes the app's 3 s debounce; then the capture stops and the time
   until the stream says online again (no debounce: a call ends at once).
2. The whole app's CPU (from /proc) for `--cpu-seconds` with no call, and during a call.

No assertions: numbers to compare. The machine is shared: run it when it is quiet.
Every process and temporary directory is removed on exit.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from tests.support.databases import sqlite_url
from tests.support.desktop_session import desktop_session
from tests.support.event_stream import EventReader
from tests.support.pipewire import start_sound_server
from tests.support.running_app import AppProcess
from tests.support.server_process import ServerProcess

EMAIL = "pat@example.com"
PASSWORD = "correct horse battery"
EVENT_TIMEOUT = 60.0


def next_shown(events: EventReader, wanted: tuple[str, str]) -> float:
    """Wait for a `status` event showing (status, reason); the monotonic time it came."""
    deadline = time.monotonic() + EVENT_TIMEOUT
    while time.monotonic() < deadline:
        event = events.next("status")
        if (event.data["status"], event.data["reason"]) == wanted:
            return time.monotonic()
    raise TimeoutError(f"the server never said {wanted}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def app_cpu(app: AppProcess, seconds: float) -> float:
    before = cpu_seconds(app.process.pid)
    time.sleep(seconds)  # wall-time: the app runs on its own meanwhile
    return cpu_seconds(app.process.pid) - before


def spread(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return (
        f"median {statistics.median(ms):.0f} ms, worst {ms[-1]:.0f} ms, best {ms[0]:.0f} ms "
        f"(n = {len(ms)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cpu-seconds", type=float, default=60.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-calls-"))
    try:
        with ExitStack() as children, desktop_session(folder) as desktop:
            sound = start_sound_server(children, folder / "sound")
            sound.create_source()
            server = ServerProcess(sqlite_url(folder / "server.sqlite3"), folder)
            server.add_user(EMAIL, "Pat Example", "professional", PASSWORD)
            server.start()
            environment = {**desktop.environment(), "PULSE_SERVER": sound.pulse_server}
            app = AppProcess(environment, folder, desktop.log_file, ["--server", server.url])
            try:
                signed_in = app.sign_in(server.url, EMAIL, PASSWORD)
                assert signed_in.returncode == 0, signed_in.stderr
                token = httpx.post(
                    f"{server.url}/v1/auth/token",
                    json={"grant_type": "password", "email": EMAIL, "password": PASSWORD},
                    timeout=10,
                ).json()["access_token"]
                events = EventReader(server.url, token)
                try:
                    desktop.give_input("mouse")
                    next_shown(events, ("online", "active"))
                    starts, ends = [], []
                    for _ in range(args.runs):
                        with sound.capture():
                            started = time.monotonic()
                            starts.append(next_shown(events, ("busy", "in_call")) - started)
                            stopped = time.monotonic()
                        ends.append(next_shown(events, ("online", "active")) - stopped)
                    print(f"capture starts → busy / in_call on the server: {spread(starts)}")
                    print("  (this includes the app's debounce of 3 s)")
                    print(f"capture ends → online on the server: {spread(ends)}")
                finally:
                    events.close()
                idle = app_cpu(app, args.cpu_seconds)
                print(f"the whole app, no call, {args.cpu_seconds:g} s: {idle:.2f} s CPU")
                with sound.capture():
                    calling = app_cpu(app, args.cpu_seconds)
                print(f"the whole app, in a call, {args.cpu_seconds:g} s: {calling:.2f} s CPU")
            finally:
                app.stop()
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
