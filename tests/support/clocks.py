"""Clocks for tests: time that moves only when a test says so."""

from __future__ import annotations


class ManualClock:
    """Monotonic seconds: call it for the time; add to `now` to let time pass."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Clocks:
    """A monotonic and a wall clock that tests move by hand."""

    def __init__(self) -> None:
        self.monotonic_now = 1000.0
        self.wall_now = 1_700_000_000.0

    def monotonic(self) -> float:
        return self.monotonic_now

    def wall(self) -> float:
        return self.wall_now

    def advance(self, seconds: float) -> None:
        self.monotonic_now += seconds
        self.wall_now += seconds

    def suspend(self, seconds: float) -> None:
        """Only the wall clock runs while the machine sleeps."""
        self.wall_now += seconds
