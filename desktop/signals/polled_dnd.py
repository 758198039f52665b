"""A Do Not Disturb source read on a timer, for systems that announce no change."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.signals.do_not_disturb_reading import DndPart

POLL_MS = 10_000


class PolledDnd(QObject):
    """Reads `read()` at start and every `poll_ms`; tells only a reading that differs.

    Signals:
        changed(DndPart): the reading changed.
    """

    changed = Signal(object)

    def __init__(self, poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.on_poll)
        self._last: DndPart | None = None

    def read(self) -> DndPart:
        raise NotImplementedError

    def start(self) -> None:
        self._timer.start()
        self.on_poll()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def on_poll(self) -> None:
        part = self.read()
        if part != self._last:
            self._last = part
            self.changed.emit(part)
