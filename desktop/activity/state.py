"""The activity state the monitor reports, and what it means for a heartbeat."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from presence import AppState


class ActivityState(enum.StrEnum):
    ACTIVE = "active"
    IDLE = "idle"
    LOCKED = "locked"
    ASLEEP = "asleep"
    UNKNOWN = "unknown"  # no idle source works on this desktop

    @property
    def app_state(self) -> AppState:
        """The heartbeat's `app_state`: locked is background, asleep is offline."""
        if self is ActivityState.LOCKED:
            return AppState.BACKGROUND
        if self is ActivityState.ASLEEP:
            return AppState.OFFLINE
        return AppState.FOREGROUND


class IdleSource(Protocol):
    """Seconds since the last user input, desktop-wide."""

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when this reading failed."""

    def close(self) -> None:
        """Release what the source holds (listeners, connections)."""


@runtime_checkable
class ReturnWatch(Protocol):
    """What an idle source may add: being told of the next input instead of polling for it.

    The monitor polls every second while idle only to see a return quickly; a source
    with this capability lets it poll slowly instead.
    """

    def watch_for_return(self, on_return: Callable[[], None]) -> bool:
        """Call `on_return` once, from the event loop, at the next input.

        It is also called when the watch is lost (the service behind it restarted), so
        the caller reads the idle time again and watches anew. Returns False when the
        watch cannot be set up; nothing is called then. A second call before the first
        watch fired replaces its callback.
        """

    def cancel_return_watch(self) -> None:
        """Forget the pending watch, if any: `on_return` is then never called."""


@runtime_checkable
class IdleWatch(Protocol):
    """What an idle source may add: being told when the idle time reaches a threshold.

    The monitor polls while active only to see away_after reached; a source with this
    capability lets it poll slowly instead.
    """

    def watch_for_idle(self, seconds: float, on_idle: Callable[[], None]) -> bool:
        """Call `on_idle`, from the event loop, each time the idle time reaches `seconds`.

        It is also called when the watch is lost (the service behind it restarted); a
        later call sets it up again. Calling it again while the watch stands changes
        nothing and costs nothing. Returns False when the watch cannot be set up.
        """

    def cancel_idle_watch(self) -> None:
        """Remove the watch, if any: `on_idle` is then never called."""
