"""Idle sources whose readings tests set, and a poll of the monitor after time has passed."""

from __future__ import annotations

from collections.abc import Callable

from desktop.activity.monitor import ActivityMonitor
from tests.support.clocks import Clocks


class SettableIdle:
    """An idle source whose reading the test sets, and which notes whether it was closed."""

    name = "settable"

    def __init__(self, reading: float | None = 0.0, name: str | None = None) -> None:
        if name is not None:
            self.name = name
        self.reading = reading
        self.closed = False

    def idle_seconds(self) -> float | None:
        return self.reading

    def close(self) -> None:
        self.closed = True


class WatchingIdle(SettableIdle):
    """A settable source that is also a ReturnWatch, fired by the test."""

    name = "watching"

    def __init__(self, reading: float | None = 0.0, can_watch: bool = True) -> None:
        super().__init__(reading)
        self.can_watch = can_watch
        self.on_return: Callable[[], None] | None = None
        self.watches = 0
        self.reading_after_watch: float | None = None

    def watch_for_return(self, on_return: Callable[[], None]) -> bool:
        if not self.can_watch:
            return False
        self.watches += 1
        self.on_return = on_return
        if self.reading_after_watch is not None:  # input came just as the watch was set
            self.reading = self.reading_after_watch
        return True

    def cancel_return_watch(self) -> None:
        self.on_return = None

    def input_comes_back(self, clocks: Clocks, after: float) -> None:
        """Input `after` seconds from now: the reading drops and the watch fires."""
        clocks.advance(after)
        self.reading = 0.0
        on_return, self.on_return = self.on_return, None
        assert on_return is not None, "nothing watched for the return"
        on_return()


class FullyWatchingIdle(WatchingIdle):
    """A settable source that is a ReturnWatch and an IdleWatch, both fired by the test."""

    name = "fully-watching"

    def __init__(self, reading: float | None = 0.0) -> None:
        super().__init__(reading)
        self.idle_watch: tuple[float, Callable[[], None]] | None = None
        self.idle_watches = 0  # how many were set up

    def watch_for_idle(self, seconds: float, on_idle: Callable[[], None]) -> bool:
        if self.idle_watch is None or self.idle_watch[0] != seconds:
            self.idle_watches += 1
        self.idle_watch = (seconds, on_idle)
        return True

    def cancel_idle_watch(self) -> None:
        self.idle_watch = None

    def idle_reaches(self, clocks: Clocks, seconds: float) -> None:
        """No input for `seconds` more: the idle watch fires if it watches for that."""
        clocks.advance(seconds - (self.reading or 0.0))
        self.reading = seconds
        assert self.idle_watch is not None, "nothing watched for idleness"
        if seconds >= self.idle_watch[0]:
            self.idle_watch[1]()

    def lose_watches(self) -> None:
        """The service behind the source restarted: every watch calls back, and is gone."""
        watches = (self.on_return, self.idle_watch[1] if self.idle_watch else None)
        self.on_return = None
        self.idle_watch = None
        for watch in watches:
            if watch is not None:
                watch()


def poll_after(monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle, idle: float) -> None:
    """Let time pass with the source reading `idle`, then poll as the timer would."""
    previous = source.reading or 0.0
    clocks.advance(max(0.0, idle - previous))
    source.reading = idle
    monitor.on_poll()
