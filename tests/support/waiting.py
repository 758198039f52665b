"""Waiting with a deadline, never a fixed sleep: for a condition, or for a child's line."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from collections.abc import Callable
from typing import Any, TypeVar, overload

T = TypeVar("T")

STARTUP_TIMEOUT = 15.0
POLL_INTERVAL = 0.05
# For reads that start a program each time (xwininfo, a screenshot, the app's command line).
PROGRAM_POLL = 0.2
# What tests give qtbot.waitSignal/waitUntil, in milliseconds.
WAIT_MS = 5000


class NotInTime(AssertionError, TimeoutError):
    """A condition did not hold within its deadline: a failed check, and a timeout."""


@overload
def wait_until(
    read: Callable[[], T | None],
    timeout: float,
    what: str,
    *,
    context: Callable[[], str] = ...,
    step: float = ...,
) -> T: ...


@overload
def wait_until(
    read: Callable[[], T],
    timeout: float,
    what: str,
    *,
    done: Callable[[T], object],
    context: Callable[[], str] = ...,
    step: float = ...,
) -> T: ...


def wait_until(
    read: Callable[[], Any],
    timeout: float,
    what: str,
    *,
    done: Callable[[Any], object] = bool,
    context: Callable[[], str] = lambda: "",
    step: float = POLL_INTERVAL,
) -> Any:
    """Call `read` until `done(value)` holds (by default: the value is truthy); that value.

    NotInTime after `timeout` seconds, naming `what`, the last value read and whatever
    `context()` adds (a log).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() >= deadline:
            raise NotInTime(f"{what}: not within {timeout} s; last value: {value!r}\n{context()}")
        # The pause between two readings, not a synchronisation: the deadline decides.
        time.sleep(step)  # wall-time: polls another process, up to a deadline


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
