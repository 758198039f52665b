"""How long the UI thread is held: a timer that ticks on it and records the longest gap."""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QTimer


class UiThreadProbe:
    """Ticks every `interval_ms` on the UI thread while started; `longest_gap` in seconds.

    A gap well above the interval means the UI thread was busy or blocked that long.
    """

    def __init__(self, interval_ms: int = 10) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))

    def start(self) -> None:
        self.ticks = [time.monotonic()]
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.ticks.append(time.monotonic())

    @property
    def longest_gap(self) -> float:
        return max((b - a for a, b in itertools.pairwise(self.ticks)), default=0.0)


def held_for(call: object) -> float:
    """Seconds a direct call on the UI thread took."""
    assert callable(call)
    started = time.monotonic()
    call()
    return time.monotonic() - started
