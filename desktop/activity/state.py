"""The activity state the monitor reports, and what it means for a heartbeat."""

from __future__ import annotations

import enum
from typing import Protocol


class ActivityState(enum.StrEnum):
    ACTIVE = "active"
    IDLE = "idle"
    LOCKED = "locked"
    ASLEEP = "asleep"
    UNKNOWN = "unknown"  # no idle source works on this desktop

    @property
    def app_state(self) -> str:
        """The heartbeat's `app_state`: locked is background, asleep is offline."""
        if self is ActivityState.LOCKED:
            return "background"
        if self is ActivityState.ASLEEP:
            return "offline"
        return "foreground"


class IdleSource(Protocol):
    """Seconds since the last user input, desktop-wide."""

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when this reading failed."""

    def close(self) -> None:
        """Release what the source holds (listeners, connections)."""
