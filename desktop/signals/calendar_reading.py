"""What the calendars say now, as the heartbeat and the window read it. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SourceState:
    """How one source fared: `label` is its host only; `problem` in words when not ok."""

    label: str
    ok: bool
    problem: str | None
    fetched_at: datetime | None


@dataclass(frozen=True)
class CalendarReading:
    """What the calendars say now. `titles` stay on the device, shown only when asked."""

    available: bool
    busy_until: datetime | None
    titles: tuple[str, ...]
    sources: tuple[SourceState, ...]
    # Why the list of calendars itself could not be read (a locked keyring), if so.
    list_problem: str | None = None


NO_CALENDARS = CalendarReading(False, None, (), ())
