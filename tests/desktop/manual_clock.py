"""A clock for tests: monotonic seconds that move only when a test says so."""

from __future__ import annotations


class ManualClock:
    """Call it for the time; add to `now` to let time pass."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
