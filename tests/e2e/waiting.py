"""Wait for a condition with a deadline, polling; never a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

POLL_INTERVAL = 0.2


def wait_until(
    read: Callable[[], T],
    done: Callable[[T], bool],
    timeout: float,
    what: str,
    context: Callable[[], str] = lambda: "",
) -> T:
    """Call `read` until `done(value)` holds and return that value; fail after `timeout` s.

    The failure names `what`, the last value read and whatever `context()` adds (a log).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"{what}: not within {timeout} s; last value: {value!r}\n{context()}"
            )
        # The pause between two readings, not a synchronisation: the deadline decides.
        time.sleep(POLL_INTERVAL)  # wall-time: polls another process, up to a deadline
