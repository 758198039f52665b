"""The window's "My status" box: the four choices, how long Busy lasts, an admin's override."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.duration_picker import DurationPicker
from desktop.ui.naming import named
from desktop.ui.notes import error_label, hint_label, warning_box
from desktop.wording import status_words
from desktop.wording.translate import tr
from presence import Status
from presence.documents import AvailabilityDocument

STATUSES = (Status.ONLINE, Status.BUSY, Status.AWAY, Status.OFFLINE)


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
        self.busy_picker = DurationPicker("busy-for", tr("Busy for how long"))
        self.busy_for = self.busy_picker.box
        self.busy_until = self.busy_picker.until
        self.busy_picker.picked.connect(lambda: self.choose(Status.BUSY))
        row.addWidget(self.busy_picker)

    def inputs(self) -> list[QWidget]:
        return [*self.choices.values(), self.busy_for, self.busy_until]

    def pick_until_time(self) -> None:
        """Ready to choose Busy until a time: the tray's "Until a time I choose…"."""
        self.busy_picker.pick_time()

    def choose(self, value: Status) -> None:
        self.choices[value].setChecked(True)
        until = self.busy_picker.ends_at(self._now()) if value is Status.BUSY else None
        self.error.hide()
        self.chosen.emit(value, until)

    def show_availability(self, availability: AvailabilityDocument) -> None:
        """The choice held, and for Busy how long, as the tray shows it."""
        with QSignalBlocker(self.buttons):
            self.choices[availability.preference].setChecked(True)
        if availability.preference is Status.BUSY:
            self.busy_picker.show_end(availability.preference_expires_at, self._now())
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
