"""Lock and sleep watchers for OSes that announce both as messages (Windows, macOS)."""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import QEventLoop, QObject, QTimer

from desktop.activity.watchers import LockWatcher, SleepWatcher

log = logging.getLogger(__name__)


class SessionEvent(enum.Enum):
    """What one OS message or notification means for the session."""

    LOCKED = "locked"
    UNLOCKED = "unlocked"
    SUSPENDING = "suspending"
    RESUMED = "resumed"


class AnnouncedLockWatcher(LockWatcher):
    """Follows LOCKED and UNLOCKED events; the session counts as unlocked at start.

    Neither Windows nor macOS is asked for the state at start: the app starts at
    sign-in, when the session is unlocked.
    """

    def on_session_event(self, event: SessionEvent) -> None:
        """An OS message arrived; only lock and unlock concern this watcher."""
        if event is SessionEvent.LOCKED:
            self._set_locked(True)
        elif event is SessionEvent.UNLOCKED:
            self._set_locked(False)


class AnnouncedSleepWatcher(SleepWatcher):
    """Holds a suspend back by taking its time to handle the OS's announcement.

    There is no inhibitor to take on these OSes. Instead the OS waits for the app's
    handler of the announcement, up to a limit of its own: about 2 s for Windows'
    PBT_APMSUSPEND, up to 30 s for macOS' NSWorkspaceWillSleepNotification. So the
    handler emits about_to_sleep and then runs a nested event loop until allow_sleep()
    is called or max_hold_ms has passed. The offline heartbeat's reply can arrive
    meanwhile, as a signal like any other.

    The OS sends more than one resume message (Windows sends PBT_APMRESUMEAUTOMATIC and,
    when a person woke the machine, PBT_APMRESUMESUSPEND): resumed is emitted once.
    """

    def __init__(self, max_hold_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._max_hold_ms = max_hold_ms
        self._suspending = False
        self._released = False
        self._hold: QEventLoop | None = None

    def is_holding(self) -> bool:
        """Whether the OS's suspend announcement is being handled (and so held) now."""
        return self._hold is not None

    def allow_sleep(self) -> None:
        """Return from the announcement's handler, which lets the suspend go ahead."""
        self._released = True
        if self._hold is not None:
            self._hold.quit()

    def stop(self) -> None:
        """Let a held suspend go ahead."""
        self.allow_sleep()

    def on_session_event(self, event: SessionEvent) -> None:
        """An OS message arrived; only suspend and resume concern this watcher."""
        if event is SessionEvent.SUSPENDING:
            self._hold_suspend()
        elif event is SessionEvent.RESUMED and self._suspending:
            self._suspending = False
            self.resumed.emit()

    def _hold_suspend(self) -> None:
        if self._hold is not None:
            return  # announced again while the first announcement is still held
        self._suspending = True
        self._released = False
        self.about_to_sleep.emit()
        if self._released:
            return  # allowed at once (no heartbeat to send): nothing to wait for
        hold = QEventLoop()
        deadline = QTimer(hold)
        deadline.setSingleShot(True)
        deadline.timeout.connect(hold.quit)
        deadline.start(self._max_hold_ms)
        self._hold = hold
        try:
            hold.exec()
        finally:
            self._hold = None
        if not self._released:
            log.info("suspend went ahead after %d ms without allow_sleep()", self._max_hold_ms)
