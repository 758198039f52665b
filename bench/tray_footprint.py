"""The tray app's footprint in local mode against a bare tray program: start, memory, idle CPU.

    uv run python bench/tray_footprint.py [--runs N] [--idle-seconds S] [--settle-seconds S]
                                           [--warmup N] [--first-start]

Each run starts, for one program at a time, with fresh temporary HOME and XDG dirs:
- Xvfb on a free display (`-displayfd`) and trayer on it, the tray host;
- a private dbus-daemon, used as both session and system bus, so that nothing global is
  touched (no StatusNotifierWatcher on it: Qt uses the XEmbed tray, as trayer needs);
- the program: `availability` with no arguments (local mode: the embedded server on a
  loopback port, SQLite in the fresh data dir), or bench/bare_tray.py. The app is first
  started and quit once, unmeasured, so that the measured start is that of any day but
  the first: its database exists and is current. `--first-start` measures the very first
  start instead, which also creates the database (and so loads Alembic).

It measures:
1. the time from starting the process until its icon is embedded: the bench listens for
   the X ReparentNotify of a window of that process into trayer's "panel" window, then
   waits until that window is viewable (and checks it with `xwininfo -tree`);
2. the resident memory (VmRSS, summed over the process and any children)
   `--settle-seconds` after embedding (the app must also have logged that local mode is up);
3. the user+system CPU time of the process (and children) over `--idle-seconds` with no
   input, from /proc/<pid>/stat, as % of one core.

Then it prints a table with the medians and worsts, the ratio, the target and PASS/MISS.
Every process and temporary directory is removed on exit, Ctrl+C and SIGTERM included.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.children import start_child, stop_process  # noqa: E402
from tests.support.databases import sqlite_url  # noqa: E402
from tests.support.private_desktop import start_bus, start_trayer, start_xvfb, xwininfo  # noqa: E402
from tests.support.server_process import ServerProcess  # noqa: E402
from tests.support.waiting import wait_until  # noqa: E402

BARE_SCRIPT = ROOT / "bench" / "bare_tray.py"
STARTUP_TIMEOUT = 20.0
POLL = 0.02  # s between looks while waiting for the tray, the selection, a log line
STOP_TIMEOUT = 15.0  # the app quits cleanly on SIGTERM, which can take a while
SCREEN = "800x600x24"
TRAYER_ARGUMENTS = ("--edge", "top", "--align", "right", "--widthtype", "request")
EMBED_TIMEOUT = 60.0
READY_LINE = "local mode: embedded server at"
SERVER_EMAIL = "bench@example.com"
SERVER_PASSWORD = "bench password, long enough"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
START_TARGET = 1.5  # x the bare program
RSS_TARGET = 2.0  # x the bare program
CPU_TARGET = 0.1  # % of one core


# --- X11, through libX11 and ctypes ----------------------------------------------------

SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
REPARENT_NOTIFY = 21
IS_VIEWABLE = 2


class _ReparentEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("parent", ctypes.c_ulong),
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    _fields_ = [
        ("type", ctypes.c_int),
        ("xreparent", _ReparentEvent),
        ("pad", ctypes.c_long * 24),
    ]


class _WindowAttributes(ctypes.Structure):
    _fields_ = [
        *((name, ctypes.c_int) for name in ("x", "y", "width", "height", "border", "depth")),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        *((name, ctypes.c_int) for name in ("class_", "bit_gravity", "win_gravity", "store")),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
# A window can vanish between two requests; the default handler would exit the bench.
_ignore_errors = _ErrorHandler(lambda _display, _error: 0)


class XConnection:
    """Just enough Xlib to find trayer's panel and see a window docked into it."""

    def __init__(self, display: str) -> None:
        path = ctypes.util.find_library("X11")
        if path is None:
            raise RuntimeError("libX11 is not installed")
        self.x = x = ctypes.CDLL(path)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XSetErrorHandler.argtypes = [_ErrorHandler]
        x.XSetErrorHandler(_ignore_errors)
        returning_ids: dict[str, list[Any]] = {
            "XDefaultRootWindow": [],
            "XInternAtom": [ctypes.c_char_p, ctypes.c_int],
            "XGetSelectionOwner": [ctypes.c_ulong],
        }
        for name, args in returning_ids.items():
            getattr(x, name).restype = ctypes.c_ulong
            getattr(x, name).argtypes = [ctypes.c_void_p, *args]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, *([ctypes.c_void_p] * 4)]
        x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            *([ctypes.c_void_p] * 5),
        ]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        for name in ("XPending", "XConnectionNumber", "XFlush", "XCloseDisplay"):
            getattr(x, name).argtypes = [ctypes.c_void_p]
        x.XFree.argtypes = [ctypes.c_void_p]
        self.display = x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open display {display}")
        self.root = x.XDefaultRootWindow(self.display)

    def close(self) -> None:
        self.x.XCloseDisplay(self.display)

    def atom(self, name: str) -> int:
        return int(self.x.XInternAtom(self.display, name.encode(), 0))

    def selection_owner(self, name: str) -> int:
        return int(self.x.XGetSelectionOwner(self.display, self.atom(name)))

    def tree(self, window: int) -> tuple[int, list[int]]:
        """The parent and the children of `window`."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        args = (ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children))
        if not self.x.XQueryTree(self.display, window, *args, ctypes.byref(count)):
            return 0, []
        found = [children[i] for i in range(count.value)]
        if children:
            self.x.XFree(children)
        return parent.value, found

    def name(self, window: int) -> str | None:
        text = ctypes.c_void_p()
        if not self.x.XFetchName(self.display, window, ctypes.byref(text)) or not text.value:
            return None
        value = ctypes.string_at(text.value).decode(errors="replace")
        self.x.XFree(text)
        return value

    def pid(self, window: int) -> int | None:
        """The window's _NET_WM_PID, which Qt and trayer set."""
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_long)()
        status = self.x.XGetWindowProperty(
            self.display,
            window,
            self.atom("_NET_WM_PID"),
            0,
            1,
            0,
            0,
            ctypes.byref(kind),
            ctypes.byref(fmt),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data:
            return None
        value = int(data[0]) if count.value else None
        self.x.XFree(data)
        return value

    def viewable(self, window: int) -> bool:
        attributes = _WindowAttributes()
        if not self.x.XGetWindowAttributes(self.display, window, ctypes.byref(attributes)):
            return False
        return bool(attributes.map_state == IS_VIEWABLE)

    def inside(self, window: int, ancestor: int) -> bool:
        while window not in (0, self.root):
            if window == ancestor:
                return True
            window = self.tree(window)[0]
        return False

    def find_panel(self, pid: int) -> int | None:
        """trayer's top-level window called "panel"."""
        for window in self.tree(self.root)[1]:
            if self.name(window) == "panel" and self.pid(window) == pid:
                return window
        return None

    def watch_root(self, on: bool) -> None:
        self.x.XSelectInput(self.display, self.root, SUBSTRUCTURE_NOTIFY_MASK if on else 0)
        self.x.XFlush(self.display)

    def next_reparent(self, deadline: float) -> tuple[int, int] | None:
        """The (window, new parent) of the next ReparentNotify off the root, until deadline."""
        event = _Event()
        fd = self.x.XConnectionNumber(self.display)
        while True:
            while self.x.XPending(self.display):
                self.x.XNextEvent(self.display, ctypes.byref(event))
                if event.type == REPARENT_NOTIFY:
                    return event.xreparent.window, event.xreparent.parent
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            select.select([fd], [], [], min(remaining, 0.5))


# --- processes and /proc ----------------------------------------------------------------


def stop_program(process: subprocess.Popen[bytes]) -> None:
    """Stop the measured program, then anything it left behind in its own session."""
    stop_process(process, STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """`pid` and every live process below it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def rss_kb(pid: int) -> int:
    """VmRSS of `pid` and its children, in kB."""
    total = 0
    for each in descendants(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    """User+system CPU time of `pid`, its live children and the children it has reaped."""
    ticks = 0
    for each in descendants(pid):
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        if each == pid:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, to tell when other work disturbed a run."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


# --- one run ----------------------------------------------------------------------------


@dataclass
class Sample:
    embed_s: float
    rss_kb: int
    rss_end_kb: int
    cpu_s: float
    idle_wall_s: float
    machine_busy: float  # fraction of all cores busy during the idle window
    processes: int
    threads: int

    @property
    def cpu_percent(self) -> float:
        return self.cpu_s / self.idle_wall_s * 100


@dataclass(frozen=True)
class Program:
    name: str
    argv: list[str]
    ready_line: str | None  # in the app's log, before memory is sampled
    server_url: str | None = None  # --server-mode: the app signs in here once it shows


def run_environment(directory: Path, display: str, bus: str) -> dict[str, str]:
    """The environment of everything in a run: fresh dirs, this display and this bus only."""
    ignored = ("XDG_", "DBUS_", "WAYLAND_", "QT_", "AVAILABILITY_", "DESKTOP_SESSION")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ignored)}
    dirs = {
        "HOME": "home",
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_STATE_HOME": "state",
        "XDG_CACHE_HOME": "cache",
        "XDG_RUNTIME_DIR": "runtime",
    }
    for variable, name in dirs.items():
        (directory / name).mkdir(mode=0o700)
        env[variable] = str(directory / name)
    env.update(
        DISPLAY=display,
        XDG_SESSION_TYPE="x11",
        DBUS_SESSION_BUS_ADDRESS=bus,
        # There is no logind on this bus: the app's lock and sleep watchers find nothing.
        DBUS_SYSTEM_BUS_ADDRESS=bus,
    )
    return env


def log_contains(directory: Path, line: str) -> bool:
    return any(line in log.read_text(errors="replace") for log in directory.rglob("*.log"))


def measure(program: Program, args: argparse.Namespace, full: bool) -> Sample:
    """Start `program` on its own display and tray; measure it (only its start unless full)."""
    children = ExitStack()
    directory = Path(tempfile.mkdtemp(prefix="tray-bench-"))
    x: XConnection | None = None
    try:
        (directory / "bus").mkdir()
        display = start_xvfb(children, screen=SCREEN, timeout=STARTUP_TIMEOUT)
        bus = start_bus(children, directory / "bus", timeout=STARTUP_TIMEOUT)
        env = run_environment(directory, display, bus)
        trayer = start_trayer(children, env, TRAYER_ARGUMENTS, timeout=STARTUP_TIMEOUT)
        x = XConnection(display)
        conn = x
        panel = wait_until(lambda: conn.find_panel(trayer.pid), 5, "trayer's panel", step=POLL)
        selection = "_NET_SYSTEM_TRAY_S0"
        wait_until(lambda: conn.selection_owner(selection), 5, "the tray selection", step=POLL)
        if program.ready_line is not None and not args.first_start:
            start_once(program, env, directory)
        x.watch_root(True)

        with (directory / "program.log").open("wb") as output:
            started = time.monotonic()
            process = start_child(
                children,
                program.argv,
                stop=stop_program,
                cwd=directory,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = started + EMBED_TIMEOUT
        while True:
            docked = x.next_reparent(deadline)
            if docked is None:
                raise TimeoutError(f"{program.name}: no icon in the tray; see {directory}")
            window, parent = docked
            if x.pid(window) == process.pid and x.inside(parent, panel):
                break
        wait_until(lambda: conn.viewable(window), 10, "the icon to be viewable", step=0.001)
        embed_s = time.monotonic() - started
        x.watch_root(False)
        listing = xwininfo(env, "-tree", "-id", str(panel))
        if f"{window:#x}" not in listing:
            raise RuntimeError(f"xwininfo does not show {window:#x} under the panel")
        if program.server_url is not None:
            sign_in(program, env, directory)
        if not full:
            return Sample(embed_s, 0, 0, 0.0, 1.0, 0.0, 1, 0)

        time.sleep(max(0.0, started + embed_s + args.settle_seconds - time.monotonic()))
        if program.ready_line is not None:
            ready = program.ready_line
            logged = f"{program.name} to log {ready!r}"
            wait_until(lambda: log_contains(directory, ready), 60, logged, step=POLL)
        if process.poll() is not None:
            raise RuntimeError(f"{program.name} exited with {process.returncode}")
        rss = rss_kb(process.pid)
        busy_start, cpu_start = machine_busy(), cpu_seconds(process.pid)
        wall_start = time.monotonic()
        time.sleep(args.idle_seconds)
        cpu = cpu_seconds(process.pid) - cpu_start
        wall = time.monotonic() - wall_start
        busy_end = machine_busy()
        busy = (busy_end[0] - busy_start[0]) / max(1, busy_end[1] - busy_start[1])
        rss_end = rss_kb(process.pid)
        processes = descendants(process.pid)
        threads = sum(len(list(Path(f"/proc/{each}/task").iterdir())) for each in processes)
        if program.ready_line is not None or program.server_url is not None:
            check_signed_in(program, env, directory)
        return Sample(embed_s, rss, rss_end, cpu, wall, busy, len(processes), threads)
    finally:
        if x is not None:
            x.close()
        children.close()
        shutil.rmtree(directory, ignore_errors=True)


def start_once(program: Program, env: dict[str, str], directory: Path) -> None:
    """Start the app and quit it, so that the measured start finds its data in place, as
    on any day but the first (the database exists and its schema is current)."""
    ready = program.ready_line
    assert ready is not None
    with ExitStack() as children:  # stops the app if it did not quit
        process = start_child(
            children,
            program.argv,
            log=directory / "first-start.log",
            cwd=directory,
            env=env,
            start_new_session=True,
        )
        logged = f"a first start to log {ready!r}"
        wait_until(lambda: log_contains(directory, ready), 60, logged, step=POLL)
        quit_command = [*program.argv, "quit"]
        subprocess.run(quit_command, env=env, capture_output=True, check=True, timeout=30)
        process.wait(timeout=30)
    for log in directory.rglob("*.log"):
        log.unlink()  # the measured start's ready line must be its own


def sign_in(program: Program, env: dict[str, str], directory: Path) -> None:
    """--server-mode: sign the running app in to the bench's server, from the command line."""
    assert program.server_url is not None
    command = [*program.argv, "sign-in", "--server", program.server_url]
    subprocess.run(
        [*command, "--email", SERVER_EMAIL, "--password-stdin"],
        input=SERVER_PASSWORD + "\n",
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def check_signed_in(program: Program, env: dict[str, str], directory: Path) -> None:
    """After the measurements: the app really ran in its mode and was signed in."""
    answer = subprocess.run(
        [*program.argv, "status", "--json"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    status = json.loads(answer.stdout or "{}")
    mode = "local" if program.server_url is None else "server"
    if status.get("mode") != mode or not status.get("signed_in"):
        raise RuntimeError(f"the app was not signed in in {mode} mode: {answer.stdout}")


# --- the report -------------------------------------------------------------------------


def spread(values: list[float], unit: str, digits: int) -> str:
    return f"{statistics.median(values):.{digits}f} / {max(values):.{digits}f} {unit}"


def start_kind(args: argparse.Namespace) -> str:
    if args.server_mode:
        return "the app with --server (no embedded server), signed in after the icon shows"
    if args.first_start:
        return "local mode, the first start, on an empty data dir"
    return "local mode, a later start"


def report(samples: dict[str, list[Sample]], args: argparse.Namespace) -> None:
    bare, app = samples["bare"], samples["app"]
    print()
    busy = [s.machine_busy * 100 for s in bare + app]
    print(
        f"{len(app)} runs each, settle {args.settle_seconds:.0f} s, idle window "
        f"{args.idle_seconds:.0f} s; "
        f"{start_kind(args)}; "
        f"the whole machine was busy {statistics.median(busy):.0f} % "
        f"(median; max {max(busy):.0f} %) of the time during the idle windows"
    )
    print()

    def column(value: Callable[[Sample], float]) -> tuple[list[float], list[float]]:
        return [value(s) for s in bare], [value(s) for s in app]

    rows = [
        ("time to tray icon", *column(lambda s: s.embed_s), "s", 2),
        ("RSS after settling", *column(lambda s: s.rss_kb / 1024), "MB", 1),
        ("RSS after idle", *column(lambda s: s.rss_end_kb / 1024), "MB", 1),
        ("idle CPU, % of a core", *column(lambda s: s.cpu_percent), "%", 3),
    ]
    targets = {
        "time to tray icon": (f"<= {START_TARGET}x bare", START_TARGET, True),
        "RSS after settling": (f"<= {RSS_TARGET:.0f}x bare", RSS_TARGET, True),
        "idle CPU, % of a core": (f"<= {CPU_TARGET} %", CPU_TARGET, False),
    }
    header = f"{'':<22} {'bare (median / worst)':>22} {'app (median / worst)':>22} {'ratio':>6}"
    print(f"{header}  {'target':<14} verdict (on the median)")
    for name, bare_values, app_values, unit, digits in rows:
        bare_median, app_median = statistics.median(bare_values), statistics.median(app_values)
        ratio = f"{app_median / bare_median:.2f}x" if bare_median else "-"
        line = (
            f"{name:<22} {spread(bare_values, unit, digits):>22} "
            f"{spread(app_values, unit, digits):>22} {ratio:>6}"
        )
        if name in targets:
            text, limit, relative = targets[name]
            ok = app_median <= limit * bare_median if relative else app_median <= limit
            line += f"  {text:<14} {'PASS' if ok else 'MISS'}"
        print(line)
    print()
    cpu_ms = [s.cpu_s * 1000 for s in app]
    print(f"app idle CPU per window: {', '.join(f'{v:.0f}' for v in cpu_ms)} ms ", end="")
    print(f"(resolution {1000 / CLOCK_TICKS:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each program")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured starts of each first")
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="idle CPU window")
    parser.add_argument(
        "--settle-seconds", type=float, default=10.0, help="after embedding, before measuring"
    )
    parser.add_argument(
        "--server-mode",
        action="store_true",
        help="the app with --server, signed in to a separate availability-server, "
        "instead of local mode (no embedded server in the app's process)",
    )
    parser.add_argument(
        "--first-start",
        action="store_true",
        help="measure the app's very first start (empty data dir: it creates the database) "
        "instead of a start on a later day",
    )
    args = parser.parse_args()
    for tool in ("Xvfb", "trayer", "xwininfo", "dbus-daemon"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    launcher = Path(sys.executable).parent / "availability"
    if not launcher.exists():
        print(f"no {launcher}: run this with `uv run`", file=sys.stderr)
        return 2
    with ExitStack() as server_stack:
        if args.server_mode:
            url = start_status_server(server_stack)
            app = Program("app", [str(launcher), "--server", url], None, server_url=url)
        else:
            app = Program("app", [str(launcher)], READY_LINE)
        return run_benchmark([Program("bare", [sys.executable, str(BARE_SCRIPT)], None), app], args)


def start_status_server(stack: ExitStack) -> str:
    """--server-mode: `availability-server serve` with one professional, for every run."""
    folder = Path(tempfile.mkdtemp(prefix="tray-bench-server-"))
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    server = ServerProcess(sqlite_url(folder / "server.sqlite3"), folder)
    server.add_user(SERVER_EMAIL, "Bench Professional", "professional", SERVER_PASSWORD)
    server.start()
    stack.callback(server.stop)
    return server.url


def run_benchmark(programs: list[Program], args: argparse.Namespace) -> int:

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    samples: dict[str, list[Sample]] = {"bare": [], "app": []}
    try:
        for number in range(args.warmup):
            for program in programs:
                embed = measure(program, args, full=False).embed_s
                print(f"warm-up {number + 1}: {program.name} in the tray after {embed:.2f} s")
        for number in range(args.runs):
            # Alternate the order, so slow drift in the machine's load hits both alike.
            for program in programs if number % 2 == 0 else programs[::-1]:
                sample = measure(program, args, full=True)
                samples[program.name].append(sample)
                print(
                    f"run {number + 1}: {program.name:<4} tray {sample.embed_s:5.2f} s, "
                    f"RSS {sample.rss_kb / 1024:6.1f} -> {sample.rss_end_kb / 1024:6.1f} MB, "
                    f"CPU {sample.cpu_s * 1000:4.0f} ms / {sample.idle_wall_s:.0f} s "
                    f"= {sample.cpu_percent:.3f} %; {sample.processes} process(es), "
                    f"{sample.threads} threads; machine busy {sample.machine_busy:.0%}, "
                    f"load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    report(samples, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
