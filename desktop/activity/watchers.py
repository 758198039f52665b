"""Base classes for lock and sleep event sources, so the monitor can take any of them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class LockWatcher(QObject):
    """Reports whether the session is locked (or its screen saver is on).

    Signals:
        locked_changed(bool): the session was locked (True) or unlocked (False).
    """

    locked_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._locked = False

    def start(self) -> None:
        """Read the current state and subscribe to changes."""

    def stop(self) -> None:
        """Unsubscribe."""

    def is_locked(self) -> bool:
        """Whether the session is locked now, as far as this watcher knows."""
        return self._locked

    def _set_locked(self, locked: bool) -> None:
        if locked != self._locked:
            self._locked = locked
            self.locked_changed.emit(locked)


class SleepWatcher(QObject):
    """Reports system suspend and resume, and may hold suspend back for a moment.

    Signals:
        about_to_sleep(): the system is about to suspend; call allow_sleep() when ready.
        resumed(): the system woke up (or the suspend was cancelled).
    """

    about_to_sleep = Signal()
    resumed = Signal()

    def start(self) -> None:
        """Subscribe, and take whatever lets this watcher delay a suspend."""

    def stop(self) -> None:
        """Unsubscribe and let the system sleep freely."""

    def allow_sleep(self) -> None:
        """Stop holding the suspend back."""
