"""What the desktop's signals read now, together: for the heartbeat and for the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from desktop.signals.calendar_reading import CalendarReading
from presence import DeviceSignals


class CallReading(Protocol):
    """A microphone or camera in use by any app (`desktop.signals.call_reading`)."""

    @property
    def available(self) -> bool: ...
    @property
    def in_call(self) -> bool: ...
    @property
    def microphone(self) -> bool | None: ...
    @property
    def camera(self) -> bool | None: ...
    @property
    def problem(self) -> str | None: ...


class DndReading(Protocol):
    """The desktop's Do Not Disturb (`desktop.signals.dnd_reading`)."""

    @property
    def available(self) -> bool: ...
    @property
    def on(self) -> bool: ...
    @property
    def source(self) -> str | None: ...
    @property
    def problem(self) -> str | None: ...


@dataclass(frozen=True)
class Readings:
    """None for a signal that has not been read yet (or is not watched)."""

    calls: CallReading | None = None
    dnd: DndReading | None = None
    calendar: CalendarReading | None = None

    def device_signals(self, now: datetime) -> DeviceSignals:
        """Only what leaves the device: three readings, no names, no titles."""
        calls, dnd, calendar = self.calls, self.dnd, self.calendar
        busy_until = calendar.busy_until if calendar is not None else None
        return DeviceSignals(
            in_call=calls is not None and calls.available and calls.in_call,
            calendar_busy_until=busy_until if busy_until is not None and busy_until > now else None,
            do_not_disturb=dnd is not None and dnd.available and dnd.on,
        )
