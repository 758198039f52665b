"""Notice a suspend after the fact: the wall clock moved on while the monotonic one did not."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class ClockJumpDetector:
    """Compares wall-clock and monotonic progress between two checks.

    CLOCK_MONOTONIC (Linux) and mach_absolute_time (macOS) stand still during a
    suspend while the wall clock keeps going, so a gap between the two is time asleep.
    """

    def __init__(
        self,
        threshold_seconds: float = 10.0,
        wall: Clock = time.time,
        monotonic: Clock = time.monotonic,
    ) -> None:
        self._threshold = threshold_seconds
        self._wall = wall
        self._monotonic = monotonic
        self._last = (wall(), monotonic())

    def check(self) -> float:
        """Seconds the wall clock gained on the monotonic one since the last check, else 0."""
        now = (self._wall(), self._monotonic())
        gained = (now[0] - self._last[0]) - (now[1] - self._last[1])
        self._last = now
        return gained if gained > self._threshold else 0.0
