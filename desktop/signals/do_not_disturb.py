"""The desktop's Do Not Disturb, watched from whichever sources this desktop has."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from desktop.signals.do_not_disturb_reading import DndPart, DndReading, combined


class DndWatcher(Protocol):
    """One source of the desktop's Do Not Disturb; `changed` carries a DndPart."""

    @property
    def changed(self) -> SignalInstance: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class DoNotDisturbSignal(QObject):
    """Signals:
    changed(DndReading): the combined reading changed.
    """

    changed = Signal(object)

    def __init__(
        self, watchers: Sequence[DndWatcher] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._watchers = list(watchers) if watchers is not None else default_dnd_watchers()
        self._parts: dict[int, DndPart] = {}
        self.reading: DndReading | None = None
        for index, watcher in enumerate(self._watchers):
            watcher.changed.connect(lambda part, index=index: self.on_part(index, part))

    def start(self) -> None:
        if not self._watchers:
            self._tell(combined([]))
        for watcher in self._watchers:
            watcher.start()

    def stop(self) -> None:
        for watcher in self._watchers:
            watcher.stop()

    @Slot(int, object)
    def on_part(self, index: int, part: DndPart) -> None:
        self._parts[index] = part
        if len(self._parts) == len(self._watchers):  # every source has been read once
            self._tell(combined([self._parts[i] for i in sorted(self._parts)]))

    def _tell(self, reading: DndReading) -> None:
        if reading != self.reading:
            self.reading = reading
            self.changed.emit(reading)


def default_dnd_watchers(platform: str = sys.platform) -> list[DndWatcher]:
    """The sources for `platform`; each imports its system's libraries only when used."""
    if platform.startswith("linux") or platform.startswith("freebsd"):
        from desktop.signals.gnome_banners import GnomeBanners
        from desktop.signals.notifications_inhibited import NotificationsInhibited

        return [GnomeBanners(), NotificationsInhibited()]
    if platform == "win32":
        from desktop.signals.focus_windows import WindowsFocusAssist

        return [WindowsFocusAssist()]
    if platform == "darwin":
        from desktop.signals.focus_macos import MacFocus

        return [MacFocus()]
    return []
