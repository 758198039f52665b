"""The desktop's signals beyond the keyboard, started and stopped together."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from desktop.signals.readings import Readings
from presence import DeviceSignals


class WatchedSignal(Protocol):
    """A call, Do Not Disturb or calendar watcher: `changed` carries its reading."""

    @property
    def changed(self) -> SignalInstance: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class SignalHub(QObject):
    """Holds the latest reading of each signal.

    Signals:
        readings_changed(Readings): any reading changed (the window shows it).
        device_signals_changed(DeviceSignals): what a heartbeat carries changed; worth
            a heartbeat now.
    """

    readings_changed = Signal(object)
    device_signals_changed = Signal(object)

    def __init__(
        self,
        calls: WatchedSignal | None,
        dnd: WatchedSignal | None,
        calendar: WatchedSignal | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = clock
        self._watched = [w for w in (calls, dnd, calendar) if w is not None]
        self.readings = Readings()
        self._sent = DeviceSignals()
        for name, watched in (("calls", calls), ("dnd", dnd), ("calendar", calendar)):
            if watched is not None:
                watched.changed.connect(lambda reading, name=name: self.on_reading(name, reading))

    def start(self) -> None:
        for watched in self._watched:
            watched.start()

    def stop(self) -> None:
        for watched in self._watched:
            watched.stop()

    def join(self, timeout: float) -> bool:
        """After stop(), off the UI thread: wait for the watchers' threads to end."""
        ended = True
        for watched in self._watched:
            join = getattr(watched, "join", None)
            if join is not None:
                ended = join(timeout) and ended
        return ended

    def device_signals(self) -> DeviceSignals:
        return self.readings.device_signals(self._now())

    @Slot(str, object)
    def on_reading(self, name: str, reading: object) -> None:
        readings = dataclasses.replace(self.readings, **{name: reading})  # type: ignore[arg-type]
        if readings == self.readings:
            return
        self.readings = readings
        self.readings_changed.emit(readings)
        signals = self.device_signals()
        if signals != self._sent:
            self._sent = signals
            self.device_signals_changed.emit(signals)
