"""Adding and removing calendars off the UI thread: the keyring may take its time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.signals.calendar_sources import CalendarSource, CalendarSources
from desktop.sync.worker import Worker


class CalendarEditing(QObject):
    """Signals:
    added(): the calendar was added.
    add_failed(str): it was not, and why in words (nothing was stored).
    removed(): the calendar was removed.
    remove_failed(str): it was not, and why in words.
    """

    added = Signal()
    add_failed = Signal(str)
    removed = Signal()
    remove_failed = Signal(str)
    _done = Signal(str, str)  # what was done, and why not ("" when it was)

    def __init__(
        self,
        sources: CalendarSources,
        on_changed: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """`on_changed` runs on the UI thread after every change (fetch the list again)."""
        super().__init__(parent)
        self._sources = sources
        self._worker = Worker("calendar-editing")
        self._on_changed = on_changed
        # Emitted on the worker, received here on the UI thread (queued).
        self._done.connect(self._on_done)

    def add(self, source: CalendarSource) -> None:
        def run() -> None:
            self._done.emit("add", self._sources.add(source) or "")

        self._worker.submit(run)

    def remove(self, index: int) -> None:
        """Remove the calendar shown at `index` (in the order of the list)."""

        def run() -> None:
            stored = self._sources.read()
            if stored.problem is not None:
                self._done.emit("remove", stored.problem)
            elif 0 <= index < len(stored.sources):
                self._done.emit("remove", self._sources.remove(stored.sources[index].url) or "")

        self._worker.submit(run)

    def _on_done(self, what: str, why_not: str) -> None:
        if why_not:
            (self.add_failed if what == "add" else self.remove_failed).emit(why_not)
            return
        self._on_changed()
        (self.added if what == "add" else self.removed).emit()

    def shut_down(self) -> None:
        self._worker.shut_down()

    def join(self, timeout: float | None = None) -> bool:
        return self._worker.join(timeout)
