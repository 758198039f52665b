"""A helper for tests of sleep watchers that hold a suspend back (Windows, macOS)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from desktop.activity.session_events import AnnouncedSleepWatcher


def allow_sleep_later(watcher: AnnouncedSleepWatcher, log: list[str]) -> Callable[[], None]:
    """An about_to_sleep slot that allows the sleep from the event loop, as a reply would."""

    def on_about_to_sleep() -> None:
        log.append("about_to_sleep")

        def allow() -> None:
            log.append(f"allow_sleep, holding={watcher.is_holding()}")
            watcher.allow_sleep()

        QTimer.singleShot(0, watcher, allow)

    return on_about_to_sleep
