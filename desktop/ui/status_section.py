"""The window's "My status" box: the four choices, how long Busy lasts, an admin's override."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from PySide6.QtCore import QSignalBlocker, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.durations import Duration, end_of_today, ends_at
from desktop.ui.naming import named
from desktop.ui.notes import error_label, hint_label, warning_box
from desktop.ui.steady_inputs import SteadyTimeEdit
from desktop.wording import status_words
from desktop.wording.duration_words import duration_label
from desktop.wording.translate import tr
from presence import Status
from presence.documents import AvailabilityDocument

STATUSES = (Status.ONLINE, Status.BUSY, Status.AWAY, Status.OFFLINE)
DURATIONS = tuple(Duration)


class StatusSection(QGroupBox):
    """Signals:
    chosen(Status, object): a status and when it ends (an aware datetime or None).
    """

    chosen = Signal(object, object)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(tr("My status"), parent)
        self._now = now
        layout = QVBoxLayout(self)
        self.override = warning_box("override")
        layout.addWidget(self.override)
        self.buttons = QButtonGroup(self)
        self.choices: dict[Status, QRadioButton] = {}
        for value in STATUSES:
            label = status_words.status_label(value)
            button = named(QRadioButton(label), f"choice-{value}")
            button.setAccessibleName(label)
            button.setAccessibleDescription(status_words.choice_hint(value))
            self.buttons.addButton(button)
            self.choices[value] = button
            row = QHBoxLayout()
            row.addWidget(button)
            if value is Status.BUSY:
                self._add_duration(row)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(hint_label(status_words.choice_hint(value)))
            button.clicked.connect(lambda _checked=False, v=value: self.choose(v))
        self.error = error_label("preference-error")
        layout.addWidget(self.error)

    def _add_duration(self, row: QHBoxLayout) -> None:
        self.busy_for = named(QComboBox(), "busy-for")
        self.busy_for.setAccessibleName(tr("Busy for how long"))
        for duration in DURATIONS:
            self.busy_for.addItem(duration_label(duration), duration)
        self.busy_for.setCurrentIndex(DURATIONS.index(Duration.UNTIL_CHANGED))
        self.busy_for.activated.connect(self._on_duration)
        row.addWidget(self.busy_for)
        self.busy_until = named(SteadyTimeEdit(), "busy-until")
        self.busy_until.setAccessibleName(tr("Busy until this time"))
        self.busy_until.setTime(QTime(17, 0))
        self.busy_until.editingFinished.connect(lambda: self.choose(Status.BUSY))
        self.busy_until.hide()
        row.addWidget(self.busy_until)

    def inputs(self) -> list[QWidget]:
        return [*self.choices.values(), self.busy_for, self.busy_until]

    def duration(self) -> Duration:
        return DURATIONS[self.busy_for.currentIndex()]

    def pick_until_time(self) -> None:
        """Ready to choose Busy until a time: the tray's "Until a time I choose…"."""
        self._set_duration(Duration.UNTIL_TIME)
        self.busy_until.setFocus()
        self.busy_until.setSelectedSection(SteadyTimeEdit.Section.HourSection)

    def _on_duration(self, _index: int) -> None:
        self._set_duration(self.duration())
        if self.duration() is Duration.UNTIL_TIME:
            self.busy_until.setFocus()  # the choice is made once the time is
            return
        self.choose(Status.BUSY)

    def _set_duration(self, duration: Duration) -> None:
        with QSignalBlocker(self.busy_for):
            self.busy_for.setCurrentIndex(DURATIONS.index(duration))
        self.busy_until.setVisible(duration is Duration.UNTIL_TIME)

    def choose(self, value: Status) -> None:
        self.choices[value].setChecked(True)
        until = None
        if value is Status.BUSY:
            picked = self.busy_until.time()
            until = ends_at(self.duration(), self._now(), time(picked.hour(), picked.minute()))
        self.error.hide()
        self.chosen.emit(value, until)

    def show_availability(self, availability: AvailabilityDocument) -> None:
        """The choice held, and for Busy how long, as the tray shows it."""
        with QSignalBlocker(self.buttons):
            self.choices[availability.preference].setChecked(True)
        expires = availability.preference_expires_at
        if availability.preference is Status.BUSY:
            if expires is None:
                self._set_duration(Duration.UNTIL_CHANGED)
            elif expires == end_of_today(self._now()):
                self._set_duration(Duration.END_OF_TODAY)
            else:
                local = expires.astimezone()
                with QSignalBlocker(self.busy_until):
                    self.busy_until.setTime(QTime(local.hour, local.minute))
                self._set_duration(Duration.UNTIL_TIME)
        override_holds = availability.admin_override is not None
        for widget in self.inputs():
            widget.setEnabled(not override_holds)
        self.override.setVisible(override_holds)
        if override_holds:
            self.override.setText(
                tr(
                    "{override}. Your own choice applies again when it ends.",
                    override=status_words.override_words(availability, self._now()),
                )
            )
