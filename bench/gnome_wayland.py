"""Return from idle and idle CPU on a real GNOME Shell on Wayland.

    uv run python bench/gnome_wayland.py [--returns N] [--away-after S] [--heartbeat S]
                                         [--cpu-seconds S] [--app-source DIR]

It starts headless GNOME Shell on Wayland with the AppIndicator extension
(tests/support/gnome_shell.py), a real status server on a temporary SQLite database
(away after S seconds, a heartbeat every S/2.5 seconds unless --heartbeat says:
deployed, away_after is 300 s and the heartbeat 30 s; the ratio is kept, so that the
server hears of each input before it would judge the person away), and the real app in server
mode as a native Wayland client, signed in from its command line. Input is real: a
pointer move through Mutter's RemoteDesktop API.

1. Return from idle, N times: no input until the person's own event stream says away,
   a pause of 1.5 s (a person comes back later than that, and the app hears of the
   away meanwhile), then one pointer move. Printed: the time from that move to the
   stream saying online (the server has it, and every watcher with it). Target: 1 s.
2. Idle CPU of the monitor alone, in this process, on the real Mutter, while idle for
   --cpu-seconds: with Mutter's watches (the poll every 30 s), and with a source that
   has none (the poll every second while idle, as before). CPU time of this process.
3. The whole app's CPU (from /proc) while the person is away for --cpu-seconds.
   `--app-source DIR` runs the app from another copy (a worktree of an older commit)
   to compare: it goes first on the app's PYTHONPATH.

Every process and temporary directory is removed on exit.
"""

from __future__ import annotations

import os

# This process's own Qt needs no screen: the app runs in its own process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtDBus import QDBusConnection

from desktop.activity.idle_dbus import MutterIdleSource
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState
from tests.support.databases import sqlite_url
from tests.support.event_stream import EventReader
from tests.support.gnome_shell import GnomeSession, RemoteDesktopInput, gnome_session
from tests.support.running_app import AppProcess
from tests.support.server_process import ServerProcess

EMAIL = "pat@example.com"
PASSWORD = "correct horse battery"
COMEBACK_PAUSE = 1.5
RETURN_TARGET = 1.0
EVENT_TIMEOUT = 60.0


class WatchlessMutter:
    """Mutter's idle time without its watches: the monitor must poll, as before them."""

    name = "mutter-without-watches"

    def __init__(self, source: MutterIdleSource) -> None:
        self._source = source

    def idle_seconds(self) -> float | None:
        return self._source.idle_seconds()

    def close(self) -> None:
        self._source.close()


def run_loop(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def next_status(events: EventReader, wanted: str) -> float:
    """Wait for a `status` event saying `wanted`; the monotonic time it arrived."""
    deadline = time.monotonic() + EVENT_TIMEOUT
    while time.monotonic() < deadline:
        event = events.next("status")
        if event.data["status"] == wanted:
            return time.monotonic()
    raise TimeoutError(f"the server never said {wanted}")


def pending_statuses(events: EventReader) -> list[str]:
    """The status events already received and not read yet."""
    statuses = []
    while not events.events.empty():
        event = events.events.get_nowait()
        if event is not None and event.kind == "status":
            statuses.append(str(event.data["status"]))
    return statuses


def measure_returns(
    gnome: GnomeSession, server: ServerProcess, user_input: RemoteDesktopInput, rounds: int
) -> tuple[list[float], list[float]]:
    token = server_token(server)
    events = EventReader(server.url, token)
    try:
        returns, aways = [], []
        user_input.move_pointer()
        next_status(events, "away")
        for _ in range(rounds):
            time.sleep(COMEBACK_PAUSE)  # wall-time: a person coming back
            while pending_statuses(events):
                # A heartbeat told the server of earlier input after it had said away:
                # wait for the away that follows, as the person is still not back.
                next_status(events, "away")
                time.sleep(COMEBACK_PAUSE)  # wall-time: as above
            moved = time.monotonic()
            user_input.move_pointer()
            returns.append(next_status(events, "online") - moved)
            # No more input: away again, away_after after that move.
            aways.append(next_status(events, "away") - moved)
        return returns, aways
    finally:
        events.close()


def server_token(server: ServerProcess) -> str:
    import httpx

    answer = httpx.post(
        f"{server.url}/v1/auth/token",
        json={"grant_type": "password", "email": EMAIL, "password": PASSWORD},
        timeout=10,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def monitor_cpu(gnome: GnomeSession, seconds: float, watched: bool) -> tuple[float, int]:
    """CPU seconds of this process while a monitor on the real Mutter sits idle; polls."""
    name = f"monitor-cpu-{watched}"
    bus = QDBusConnection.connectToBus(gnome.bus_address, name)
    mutter = MutterIdleSource(bus)
    source = mutter if watched else WatchlessMutter(mutter)
    settings = MonitorSettings(away_after=1.0)
    monitor = ActivityMonitor(source, settings=settings)
    polls = 0

    def count() -> None:
        nonlocal polls
        polls += 1

    monitor._poll_timer.timeout.connect(count)  # the bench counts the timer's polls
    monitor.start()
    try:
        run_loop(settings.away_after + 1.0)
        assert monitor.state() is ActivityState.IDLE, monitor.state()
        polls = 0
        before = time.process_time()
        run_loop(seconds)
        return time.process_time() - before, polls
    finally:
        monitor.stop()
        QDBusConnection.disconnectFromBus(name)


def app_cpu(app: AppProcess, seconds: float) -> float:
    pid = app.process.pid
    before = cpu_seconds(pid)
    time.sleep(seconds)  # wall-time: the span CPU is measured over
    return cpu_seconds(pid) - before


def spread(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:.0f} ms, "
        f"worst {max(values) * 1000:.0f} ms, best {min(values) * 1000:.0f} ms (n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=int, default=10)
    parser.add_argument("--away-after", type=float, default=5.0)
    parser.add_argument("--heartbeat", type=float, default=None)
    parser.add_argument("--cpu-seconds", type=float, default=60.0)
    parser.add_argument("--app-source", type=Path, default=None)
    parser.add_argument("--skip-monitor", action="store_true", help="only the whole app")
    args = parser.parse_args()

    application = QCoreApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-gnome-"))
    try:
        with gnome_session(folder) as gnome:
            user_input = RemoteDesktopInput(gnome)
            server = ServerProcess(
                sqlite_url(folder / "server.sqlite3"),
                folder,
                environment=gnome.environment(),
                settings={
                    "AVAILABILITY_AWAY_AFTER": str(args.away_after),
                    "AVAILABILITY_HEARTBEAT_INTERVAL": str(args.heartbeat or args.away_after / 2.5),
                },
            )
            server.add_user(EMAIL, "Pat Example", "professional", PASSWORD)
            server.start()
            environment = gnome.environment()
            if args.app_source is not None:
                environment["PYTHONPATH"] = str(args.app_source.resolve())
            app = AppProcess(environment, folder, gnome.log_file, ["--server", server.url])
            try:
                signed_in = app.sign_in(server.url, EMAIL, PASSWORD)
                assert signed_in.returncode == 0, signed_in.stderr
                print(
                    f"GNOME Shell {gnome_version()}, app from {args.app_source or 'this checkout'}"
                )

                if args.returns:
                    returns, aways = measure_returns(gnome, server, user_input, args.returns)
                    print(f"input → online on the server: {spread(returns)}")
                    print(
                        f"last input → away on the server (away_after {args.away_after:g} s): "
                        f"{spread(aways)}"
                    )
                    verdict = "PASS" if max(returns) <= RETURN_TARGET else "MISS"
                    print(f"{verdict}: every return within {RETURN_TARGET:g} s of the input")
                user_input.move_pointer()
                time.sleep(args.away_after + 2.0)  # wall-time: until the person is away
                used = app_cpu(app, args.cpu_seconds)
                print(
                    f"the app while away, {args.cpu_seconds:g} s: {used:.2f} s CPU "
                    f"({used / args.cpu_seconds * 100:.3f} % of a core)"
                )
            finally:
                app.stop()
                server.stop()
                user_input.close()

            for watched in () if args.skip_monitor else (True, False):
                used, polls = monitor_cpu(gnome, args.cpu_seconds, watched)
                label = "with Mutter's watches" if watched else "without them (polling)"
                print(
                    f"the monitor alone while idle, {label}: {polls} polls, "
                    f"{used * 1000:.1f} ms CPU in {args.cpu_seconds:g} s"
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        del application
    return 0


def gnome_version() -> str:
    import subprocess

    return subprocess.run(
        ["gnome-shell", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
