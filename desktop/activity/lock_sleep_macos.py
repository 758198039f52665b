"""Lock and sleep on macOS: `com.apple.screenIs…` and NSWorkspace sleep notifications."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject

from desktop.activity.objc_notifications import Center, ObjCNotificationObserver, OnNotification
from desktop.activity.session_events import (
    AnnouncedLockWatcher,
    AnnouncedSleepWatcher,
    SessionEvent,
)

log = logging.getLogger(__name__)

# Undocumented but long stable; posted by loginwindow on the distributed center.
LOCK_NOTIFICATIONS = {
    "com.apple.screenIsLocked": SessionEvent.LOCKED,
    "com.apple.screenIsUnlocked": SessionEvent.UNLOCKED,
}
# AppKit's NSWorkspace…Notification constants: each NSString's value is its own name.
SLEEP_NOTIFICATIONS = {
    "NSWorkspaceWillSleepNotification": SessionEvent.SUSPENDING,
    "NSWorkspaceDidWakeNotification": SessionEvent.RESUMED,
}
# An observer of NSWorkspaceWillSleepNotification "can delay sleep for up to 30 seconds".
SUSPEND_HOLD_MS = 5000


class NotificationObserver(Protocol):
    """One observer in a notification center; ObjCNotificationObserver is the real one."""

    def observe(
        self, center: Center, names: Sequence[str], on_notification: OnNotification
    ) -> None: ...

    def close(self) -> None: ...


ObserverFactory = Callable[[], NotificationObserver]


def decode_notification(name: str) -> SessionEvent | None:
    """What a notification means for the session, or None when it means nothing here."""
    return LOCK_NOTIFICATIONS.get(name) or SLEEP_NOTIFICATIONS.get(name)


class _Subscription:
    """Opens an observer at start and closes it at stop; failing to open is logged."""

    def __init__(
        self,
        factory: ObserverFactory | None,
        center: Center,
        names: Sequence[str],
        on_event: Callable[[SessionEvent], None],
    ) -> None:
        self._factory = factory or ObjCNotificationObserver
        self._center = center
        self._names = names
        self._on_event = on_event
        self._observer: NotificationObserver | None = None

    def open(self) -> None:
        if self._observer is not None:
            return
        try:
            observer = self._factory()
            observer.observe(self._center, self._names, self.on_notification)
        except OSError as error:
            log.info("no %s notifications (%s): %s", self._center.value, self._names, error)
            return
        self._observer = observer

    def close(self) -> None:
        if self._observer is not None:
            self._observer.close()
            self._observer = None

    def on_notification(self, name: str) -> None:
        event = decode_notification(name)
        if event is not None:
            self._on_event(event)


class ScreenLockWatcher(AnnouncedLockWatcher):
    """`com.apple.screenIsLocked` / `com.apple.screenIsUnlocked` (distributed center)."""

    def __init__(
        self, observer_factory: ObserverFactory | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._subscription = _Subscription(
            observer_factory, Center.DISTRIBUTED, list(LOCK_NOTIFICATIONS), self.on_session_event
        )

    def start(self) -> None:
        """Observe the lock notifications."""
        self._subscription.open()

    def stop(self) -> None:
        """Stop observing."""
        self._subscription.close()


class WorkspaceSleepWatcher(AnnouncedSleepWatcher):
    """NSWorkspace `WillSleep` (held until allow_sleep()) and `DidWake` notifications."""

    def __init__(
        self,
        observer_factory: ObserverFactory | None = None,
        max_hold_ms: int = SUSPEND_HOLD_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(max_hold_ms, parent)
        self._subscription = _Subscription(
            observer_factory, Center.WORKSPACE, list(SLEEP_NOTIFICATIONS), self.on_session_event
        )

    def start(self) -> None:
        """Observe the sleep and wake notifications."""
        self._subscription.open()

    def stop(self) -> None:
        """Let a held sleep go ahead and stop observing."""
        super().stop()
        self._subscription.close()
