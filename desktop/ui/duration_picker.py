"""How long a choice lasts: the shared durations, with a time field for "Until…"."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QSignalBlocker, QTime, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.core.durations import Duration, end_of_today, ends_at
from desktop.ui.naming import named
from desktop.ui.steady_inputs import SteadyTimeEdit
from desktop.wording.duration_words import duration_label

DURATIONS = tuple(Duration)


class DurationPicker(QWidget):
    """A box of durations and, for "Until…", a time.

    Signals:
    picked(): a duration is complete (for "Until…", once its time is confirmed).
    """

    picked = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = named(QComboBox(), name)
        self.box.setAccessibleName(accessible)
        for duration in DURATIONS:
            self.box.addItem(duration_label(duration), duration)
        self.box.setCurrentIndex(DURATIONS.index(Duration.UNTIL_CHANGED))
        self.box.activated.connect(self._on_activated)
        row.addWidget(self.box)
        self.until = named(SteadyTimeEdit(), f"{name}-until")
        self.until.setAccessibleName(accessible)
        self.until.setTime(QTime(17, 0))
        self.until.editingFinished.connect(self.picked)
        self.until.hide()
        row.addWidget(self.until)

    def duration(self) -> Duration:
        return DURATIONS[self.box.currentIndex()]

    def ends_at(self, now: datetime) -> datetime | None:
        picked = self.until.time()
        return ends_at(self.duration(), now, time(picked.hour(), picked.minute()))

    def pick_time(self) -> None:
        """Ready for a time: "Until…" chosen, the hours selected."""
        self.set_duration(Duration.UNTIL_TIME)
        self.until.setFocus()
        self.until.setSelectedSection(SteadyTimeEdit.Section.HourSection)

    def set_duration(self, duration: Duration) -> None:
        with QSignalBlocker(self.box):
            self.box.setCurrentIndex(DURATIONS.index(duration))
        self.until.setVisible(duration is Duration.UNTIL_TIME)

    def show_end(self, expires: datetime | None, now: datetime) -> None:
        """Show when a held choice ends: never, at the end of today, or at a time."""
        if expires is None:
            self.set_duration(Duration.UNTIL_CHANGED)
        elif expires == end_of_today(now):
            self.set_duration(Duration.END_OF_TODAY)
        else:
            local = expires.astimezone()
            with QSignalBlocker(self.until):
                self.until.setTime(QTime(local.hour, local.minute))
            self.set_duration(Duration.UNTIL_TIME)

    def _on_activated(self, _index: int) -> None:
        self.set_duration(self.duration())
        if self.duration() is Duration.UNTIL_TIME:
            self.until.setFocus()  # the choice is made once the time is
            return
        self.picked.emit()
