"""Child processes the desktop tests and benches start: wait for their ready line, stop them."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0
COMMAND_TIMEOUT = 60.0
POLL_INTERVAL = 0.05
LOG_TAIL = 40
T = TypeVar("T")


def read_line(
    process: subprocess.Popen[bytes], stream: int, what: str, timeout: float = STARTUP_TIMEOUT
) -> str:
    """The first line a child writes to `stream` (a pipe fd), within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    data = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while b"\n" not in data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError(f"{what} did not start within {timeout} s")
            chunk = os.read(stream, 4096)
            if not chunk:
                raise RuntimeError(f"{what} exited with {process.wait()} before it was ready")
            data += chunk
    return data.split(b"\n", 1)[0].decode().strip()


def stop_process(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """Terminate a child and reap it: SIGTERM, then SIGKILL after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_child(
    children: ExitStack,
    argv: Sequence[str],
    log: Path | None = None,
    stop: Callable[[subprocess.Popen[bytes]], None] = stop_process,
    **popen: Any,
) -> subprocess.Popen[bytes]:
    """Start `argv`; closing `children` stops it with `stop` and closes its pipes.

    Its output goes where `popen` says, or else is appended to `log` (or dropped).
    """
    with log.open("ab") if log is not None else contextlib.nullcontext() as output:
        destination = subprocess.DEVNULL if output is None else output
        process: subprocess.Popen[bytes] = subprocess.Popen(
            argv, **{"stdout": destination, "stderr": destination, **popen}
        )
    children.callback(_stop_and_close, process, stop)
    return process


def _stop_and_close(
    process: subprocess.Popen[bytes], stop: Callable[[subprocess.Popen[bytes]], None]
) -> None:
    stop(process)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def wait_for(
    read: Callable[[], T | None],
    timeout: float,
    what: str,
    context: Callable[[], str] = lambda: "",
    step: float = POLL_INTERVAL,
) -> T:
    """Poll `read` until it returns something truthy; TimeoutError after `timeout` s, naming
    `what` and adding `context()` (a log)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {timeout} s\n{context()}")
        # The pause between two readings, not a synchronisation: the deadline decides.
        time.sleep(step)  # wall-time: polls another process, up to a deadline


_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{bus_type}</type>
  <listen>unix:dir={directory}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def bus_config(directory: object, bus_type: str = "session") -> str:
    """A private dbus-daemon's configuration: anyone may own and call anything on it."""
    return _BUS_CONFIG.format(directory=directory, bus_type=bus_type)


def log_tails(logs: Mapping[str, Path], lines: int = LOG_TAIL) -> str:
    """The last `lines` lines of each log, under its title, for failure messages."""
    parts = []
    for title, path in logs.items():
        try:
            tail = path.read_text(errors="replace").splitlines()[-lines:]
        except FileNotFoundError:
            tail = ["(none yet)"]
        parts.append(f"--- {title} ---\n" + "\n".join(tail))
    return "\n".join(parts)


class AppCommandLine:
    """`availability <arguments>` beside a running app, in the app's environment (its HOME
    and display), so that each command reaches that instance."""

    def __init__(self, program: Sequence[str], environment: Mapping[str, str]) -> None:
        self.program = list(program)
        self.environment = dict(environment)

    def command(self, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.program, *arguments],
            input=stdin,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )

    def status(self) -> dict[str, Any]:
        """`availability status --json`, parsed."""
        finished = self.command("status", "--json")
        assert finished.returncode == 0, (finished.stderr, self.diagnostics())
        answer: dict[str, Any] = json.loads(finished.stdout)
        return answer

    def diagnostics(self) -> str:
        """What the app has logged, for failure messages."""
        return ""
