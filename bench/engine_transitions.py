"""The desktop engine, headless, against the real server: status transition timings.

    uv run python bench/engine_transitions.py [--reps N] [--idle-seconds S] [--poll-only]

It starts:
- Xvfb on a free display; the idle source is the X11 one (libXss) on that display, with
  the SYNC IDLETIME alarm reporting returns (--poll-only: without it, as on desktops
  where the monitor must poll every second while idle), and input is real X input sent
  with xdotool;
- a private dbus-daemon standing in for the system bus, with the fake logind of
  tests/support/dbus_services.py (Lock, PrepareForSleep, delay inhibitors);
- the server in its own process (`python -m server.cli serve`) on a temporary SQLite
  database with short thresholds, so this process is only the engine and the bench.

Then it signs the app's client session in (`desktop.core.ClientSession`, which wires
the ActivityMonitor to its engine exactly as the app runs it, without widgets), and
measures how long each transition takes to show on the server (GET /v1/me/status,
polled every 20 ms with a second sign-in), plus the engine's CPU time while idle.
Everything talks to 127.0.0.1 only, and every process and temporary directory is
removed on exit, Ctrl+C and SIGTERM included.
"""

from __future__ import annotations

import os

# Before Qt is imported: the engine needs no display of its own (idle comes from libXss).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import argparse
import itertools
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QCoreApplication, QEventLoop, QSocketNotifier, QTimer
from PySide6.QtDBus import QDBusConnection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.activity.idle_x11 import XScreenSaverIdleSource  # noqa: E402
from desktop.activity.logind import LogindLockWatcher, LogindSleepWatcher  # noqa: E402
from desktop.activity.monitor import ActivityMonitor, MonitorSettings  # noqa: E402
from desktop.activity.state import ActivityState, IdleSource  # noqa: E402
from desktop.core.client_state import ClientState  # noqa: E402
from desktop.core.session import ClientSession  # noqa: E402
from desktop.memory_keyring import MemoryKeyring  # noqa: E402
from desktop.settings import SettingsFile  # noqa: E402
from tests.support.children import start_child  # noqa: E402
from tests.support.fake_desktop import FakeDesktop, start_fake_services  # noqa: E402
from tests.support.private_desktop import start_bus, start_xvfb  # noqa: E402

STARTUP_TIMEOUT = 20.0
POLL_S = 0.020
EMAIL = "pro@example.com"
PASSWORD = "correct horse battery"
AWAY_AFTER = 4.0
OFFLINE_AFTER = 30.0
HEARTBEAT_INTERVAL = 30.0
RETURN_TARGET = 1.0  # s: input returning from away -> online
CPU_TARGET = 2.0  # s of CPU per hour while idle


class Interrupted(Exception):
    """Ctrl+C or SIGTERM arrived while the Qt event loop ran."""


_interrupted = False
_running_loops: list[QEventLoop] = []


def _on_signal(_number: int, _frame: object) -> None:
    global _interrupted
    _interrupted = True
    for loop in _running_loops:
        loop.quit()


def wake_on_signals() -> QSocketNotifier:
    """Let Ctrl+C and SIGTERM wake the Qt event loop, so that nothing polls for them.

    Python runs a signal handler only between bytecodes, and an idle Qt loop runs none.
    The C-level handler writes to this pipe; the notifier's slot is Python code, so the
    handler runs with it. (A timer checking every 200 ms cost more CPU than the idle
    engine the bench measures.)
    """
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end)
    notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: os.read(read_end, 512))
    return notifier


def run_loop(loop: QEventLoop) -> None:
    """Run `loop` until it quits; Interrupted when a signal ended it."""
    _running_loops.append(loop)
    try:
        if not _interrupted:
            loop.exec()
    finally:
        _running_loops.remove(loop)
    if _interrupted:
        raise Interrupted


class PollOnly:
    """The idle source without its return watch: the monitor then polls every second."""

    def __init__(self, source: IdleSource) -> None:
        self.name = f"{source.name} (poll only)"
        self._source = source

    def idle_seconds(self) -> float | None:
        return self._source.idle_seconds()

    def close(self) -> None:
        self._source.close()


# --- child processes -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(children: ExitStack, directory: Path) -> str:
    port = free_port()
    env = {
        **os.environ,
        "AVAILABILITY_DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
        "AVAILABILITY_HOST": "127.0.0.1",
        "AVAILABILITY_PORT": str(port),
        "AVAILABILITY_AWAY_AFTER": str(AWAY_AFTER),
        "AVAILABILITY_OFFLINE_AFTER": str(OFFLINE_AFTER),
        "AVAILABILITY_HEARTBEAT_INTERVAL": str(HEARTBEAT_INTERVAL),
        "AVAILABILITY_ACCESS_TOKEN_TTL": "86400",
        "AVAILABILITY_ARGON2_TIME_COST": "1",
        "AVAILABILITY_ARGON2_MEMORY_COST": "64",
    }
    python = [sys.executable, "-m", "server.cli"]
    add = [*python, "users", "add", "--email", EMAIL, "--name", "Bench Pro"]
    subprocess.run(
        [*add, "--role", "professional"],
        input=PASSWORD + "\n",
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        stdout=subprocess.DEVNULL,
    )
    start_child(
        children,
        [*python, "serve", "--log-level", "warning"],
        directory / "server.log",
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the server did not answer on {url} within {STARTUP_TIMEOUT} s")


# --- the Qt side ------------------------------------------------------------------------


def wait_until(predicate: Callable[[], Any], timeout: float) -> Any:
    """Run the Qt event loop, checking `predicate` every 20 ms; its value, or None."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    result: list[Any] = [None]

    def tick() -> None:
        value = predicate()
        if value or time.monotonic() > deadline:
            result[0] = value or None
            loop.quit()

    timer = QTimer()
    timer.setInterval(int(POLL_S * 1000))
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(0, tick)
    try:
        run_loop(loop)
    finally:
        timer.stop()
    return result[0]


def pause(seconds: float) -> None:
    """Let the event loop run, doing nothing else, for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    run_loop(loop)


class Bench:
    def __init__(
        self, url: str, display: str, bus_address: str, data_dir: Path, poll_only: bool
    ) -> None:
        self.display = display
        data_dir.mkdir(parents=True, exist_ok=True)
        self.observer = httpx.Client(base_url=url, timeout=5)
        token = self.observer.post(
            "/v1/auth/token",
            json={"grant_type": "password", "email": EMAIL, "password": PASSWORD},
        )
        token.raise_for_status()
        self.observer.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        self.bus = QDBusConnection.connectToBus(bus_address, "bench-system-bus")
        if not self.bus.isConnected():
            raise RuntimeError(self.bus.lastError().message())
        self.fake_logind = FakeDesktop(self.bus)
        x_source = XScreenSaverIdleSource(display)
        self.source: IdleSource = PollOnly(x_source) if poll_only else x_source
        self.lock_watcher = LogindLockWatcher(self.bus)
        self.sleep_watcher = LogindSleepWatcher(self.bus)
        self.releases: list[float] = []
        release = self.sleep_watcher.allow_sleep

        def allow_sleep() -> None:
            if self.sleep_watcher.inhibitor_held():
                self.releases.append(time.monotonic())
            release()

        self.sleep_watcher.allow_sleep = allow_sleep  # type: ignore[method-assign]
        self.monitor = ActivityMonitor(
            self.source,
            [self.lock_watcher],
            [self.sleep_watcher],
            MonitorSettings(away_after=AWAY_AFTER, heartbeat_interval=HEARTBEAT_INTERVAL),
        )
        self.url = url
        self.session = ClientSession(
            data_dir,
            SettingsFile(data_dir / "settings.json"),
            self.monitor,
            keyring_backend=MemoryKeyring(),
        )
        self.answers: list[tuple[float, str]] = []
        self._last_status: object = None
        self.session.state_changed.connect(self._on_state)
        self._positions = itertools.cycle([(100, 100), (300, 200), (200, 350), (450, 120)])

    def _on_state(self, state: ClientState) -> None:
        if state.status is not None and state.status is not self._last_status:
            self.answers.append((time.monotonic(), str(state.status.status)))
        self._last_status = state.status

    def start(self) -> None:
        ended: list[str] = []
        self.session.start(self.url)  # finds no saved sign-in
        self.session.sign_in(self.url, EMAIL, PASSWORD, lambda _user, why: ended.append(why))
        if not wait_until(lambda: ended, 15):
            raise TimeoutError("the session did not sign in")
        if ended[0]:
            raise RuntimeError(f"sign-in failed: {ended[0]}")
        if not wait_until(lambda: self.server_status()[0] != "offline", 10):
            raise TimeoutError("the engine's first heartbeat did not arrive")

    def close(self) -> None:
        self.session.quit()  # says offline, waiting at most a second for the answer
        wait_until(lambda: self.session.finished_quitting, 5)
        self.session.join_workers(15)
        self.observer.close()
        QDBusConnection.disconnectFromBus("bench-system-bus")

    # --- probes

    def server_status(self) -> tuple[str, str]:
        body = self.observer.get("/v1/me/status").json()
        return body["status"], body["reason"]

    def x_input(self) -> float:
        """Move the pointer on the Xvfb display (and press Shift); when xdotool returned."""
        x, y = next(self._positions)
        subprocess.run(
            ["xdotool", "mousemove", str(x), str(y), "key", "shift"],
            env={**os.environ, "DISPLAY": self.display},
            check=True,
            timeout=5,
        )
        return time.monotonic()

    def until_status(self, status: str, timeout: float, reason: str | None = None) -> float:
        """Poll the server until it shows `status` (and `reason`); when it first did."""

        def seen() -> float | None:
            now_status, now_reason = self.server_status()
            if now_status == status and (reason is None or now_reason == reason):
                return time.monotonic()
            return None

        when = wait_until(seen, timeout)
        if when is None:
            raise TimeoutError(f"the server did not show {status} within {timeout} s")
        return float(when)


# --- the measurements -------------------------------------------------------------------


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"  {name:<46} no samples"
    ms = [v * 1000 for v in values]
    return (
        f"  {name:<46} min {min(ms):7.0f}  median {statistics.median(ms):7.0f}  "
        f"max {max(ms):7.0f} ms  (n={len(ms)})"
    )


def run(args: argparse.Namespace, bench: Bench) -> int:
    results: dict[str, list[float]] = {
        "first": [],
        "away": [],
        "monitor_idle": [],
        "return": [],
        "lock": [],
        "unlock": [],
        "sleep_offline": [],
        "sleep_release": [],
        "sleep_eof": [],
    }
    offline_first: list[bool] = []

    print(
        f"idle source: {bench.monitor.source_name} on {bench.display}; "
        f"monitor {bench.monitor.state()}"
    )

    # Idle CPU: the engine signed in, the monitor polling, no input and no bench polling.
    print(f"measuring idle CPU for {args.idle_seconds:.0f} s (no input)...", flush=True)
    pause(AWAY_AFTER + 2)  # let it settle into idle
    cpu_start, wall_start = time.process_time(), time.monotonic()
    pause(args.idle_seconds)
    cpu = time.process_time() - cpu_start
    wall = time.monotonic() - wall_start
    cpu_per_hour = cpu / wall * 3600
    watching = "watching for the return" if bench.monitor.is_watching_for_return() else "polling"
    print(
        f"  monitor state {bench.monitor.state()}, {watching}, "
        f"poll every {bench.monitor.poll_interval_ms()} ms"
    )

    # 1. The first input after a long idle stretch (> heartbeat_interval: `returned`).
    stretch = bench.monitor.idle_seconds() or 0.0
    t_input = bench.x_input()
    results["first"].append(bench.until_status("online", 10) - t_input)
    print(f"  first input after {stretch:.0f} s idle -> online", flush=True)

    for rep in range(args.reps):
        # 2. No input past away_after -> away.
        idle = bench.monitor.idle_seconds() or 0.0
        crossing = time.monotonic() - idle + AWAY_AFTER
        t_away = bench.until_status("away", AWAY_AFTER + 10, "idle")
        results["away"].append(t_away - crossing)

        # The server extrapolates away from the last heartbeat's idle_seconds. The monitor
        # catches the return once its own poll has seen idle, or, as the app wires it,
        # once the server's away has it watch for the next input (expect_return).
        # Come back after that, as a person would, seconds later.
        def ready_for_return() -> bool:
            return (
                bench.monitor.state() == ActivityState.IDLE
                or bench.monitor.is_watching_for_return()
            )

        if not wait_until(ready_for_return, 10):
            raise TimeoutError("the monitor neither went idle nor watched for the return")
        results["monitor_idle"].append(time.monotonic() - crossing)
        # At a random phase of the monitor's idle poll (1 s when polling only).
        pause(args.return_after + random.uniform(0, 1))
        # 3. Input again -> online.
        t_input = bench.x_input()
        results["return"].append(bench.until_status("online", 10) - t_input)
        print(f"  rep {rep + 1}: away, return", flush=True)

    for rep in range(args.reps):
        # 4. The session locks -> away (background); unlock -> online.
        bench.x_input()
        bench.until_status("online", 10)
        t_lock = time.monotonic()
        bench.fake_logind.control("EmitLock")
        results["lock"].append(bench.until_status("away", 10, "background") - t_lock)
        t_unlock = time.monotonic()
        bench.fake_logind.control("EmitUnlock")
        results["unlock"].append(bench.until_status("online", 10) - t_unlock)
        print(f"  rep {rep + 1}: lock, unlock", flush=True)

    for rep in range(args.reps):
        # 5. PrepareForSleep(true) -> offline on the server, then the inhibitor goes.
        bench.x_input()
        bench.until_status("online", 10)
        if not wait_until(lambda: bench.fake_logind.open_inhibitors() == 1, 5):
            raise RuntimeError("the engine holds no delay inhibitor")
        bench.releases.clear()
        answers_before = len(bench.answers)
        seen: dict[str, float] = {}

        def watch(seen: dict[str, float] = seen) -> bool:
            now = time.monotonic()
            if "offline" not in seen and bench.server_status()[0] == "offline":
                seen["offline"] = now
            if "eof" not in seen and bench.fake_logind.open_inhibitors() == 0:
                seen["eof"] = time.monotonic()
            return "offline" in seen and "eof" in seen

        t_signal = time.monotonic()
        bench.fake_logind.control("EmitPrepareForSleep", True)
        if not wait_until(watch, 10):
            raise TimeoutError(f"sleep: saw only {sorted(seen)} within 10 s")
        answered = [t for t, s in bench.answers[answers_before:] if s == "offline"]
        t_answer = answered[0] if answered else seen["offline"]
        t_release = bench.releases[0] if bench.releases else seen["eof"]
        results["sleep_offline"].append(t_answer - t_signal)
        results["sleep_release"].append(t_release - t_signal)
        results["sleep_eof"].append(seen["eof"] - t_signal)
        offline_first.append(t_answer < t_release and seen["offline"] <= seen["eof"])
        # Resume: a new inhibitor, and the engine says hello again.
        bench.fake_logind.control("EmitPrepareForSleep", False)
        if not wait_until(
            lambda: (
                bench.fake_logind.open_inhibitors() == 1 and bench.server_status()[0] != "offline"
            ),
            10,
        ):
            raise TimeoutError("no resume within 10 s")
        print(f"  rep {rep + 1}: sleep, resume", flush=True)

    print()
    print(f"server: away_after {AWAY_AFTER:.0f} s, heartbeat_interval {HEARTBEAT_INTERVAL:.0f} s")
    print("transition timings (to the server's GET /v1/me/status, polled every 20 ms):")
    print(summary("1. X input after long idle -> online", results["first"]))
    print(summary("2. idle past away_after -> away (idle)", results["away"]))
    print(summary("   (the monitor ready for the return)", results["monitor_idle"]))
    print(summary("3. X input again -> online", results["return"]))
    print(summary("4. logind Lock -> away (background)", results["lock"]))
    print(summary("   logind Unlock -> online", results["unlock"]))
    print(summary("5. PrepareForSleep -> offline (heartbeat answer)", results["sleep_offline"]))
    print(summary("   PrepareForSleep -> inhibitor fd closed", results["sleep_release"]))
    print(summary("   PrepareForSleep -> fake logind saw EOF", results["sleep_eof"]))
    print()
    worst_return = max(results["return"])
    verdicts = [
        (
            f"input returning from away -> online <= {RETURN_TARGET:.0f} s",
            worst_return <= RETURN_TARGET,
            f"worst {worst_return * 1000:.0f} ms",
        ),
        (
            "offline on the server before the inhibitor is released",
            all(offline_first),
            f"{sum(offline_first)}/{len(offline_first)}",
        ),
        (
            f"idle CPU < {CPU_TARGET:.0f} s/hour",
            cpu_per_hour < CPU_TARGET,
            f"{cpu:.3f} s over {wall:.0f} s = {cpu_per_hour:.2f} s/hour",
        ),
    ]
    for name, ok, detail in verdicts:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {detail}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reps", type=int, default=5, help="runs of each transition")
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="idle CPU window")
    parser.add_argument(
        "--return-after",
        type=float,
        default=1.0,
        help="s (plus 0-1 s) after the monitor is idle to come back",
    )
    parser.add_argument(
        "--poll-only",
        action="store_true",
        help="hide the X server's return alarm from the monitor: it polls every 1 s idle",
    )
    args = parser.parse_args()
    for tool in ("Xvfb", "xdotool", "dbus-daemon"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    children = ExitStack()
    directory = Path(tempfile.mkdtemp(prefix="engine-bench-"))
    app = QCoreApplication([])
    signal_notifier = wake_on_signals()
    bench: Bench | None = None
    try:
        display = start_xvfb(children, timeout=STARTUP_TIMEOUT)
        bus_address = start_bus(children, directory, bus_type="system", timeout=STARTUP_TIMEOUT)
        start_fake_services(
            children, bus_address, ["login1"], directory / "services.log", STARTUP_TIMEOUT
        )
        url = start_server(children, directory)
        bench = Bench(url, display, bus_address, directory / "engine", args.poll_only)
        bench.start()
        return run(args, bench)
    except (Interrupted, KeyboardInterrupt):
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        if bench is not None:
            bench.close()
        children.close()
        shutil.rmtree(directory, ignore_errors=True)
        signal_notifier.setEnabled(False)
        del app


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is cleaned up; skip interpreter teardown, where PySide6 can crash
    # ("bool_dealloc") while collecting the D-Bus and Qt objects.
    os._exit(code)
