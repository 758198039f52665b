"""The window's "Sessions" box: how many run now, the most at once, online or in person,
and the wrap-up after a session."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from desktop.ui.naming import named
from desktop.ui.notes import error_label
from desktop.ui.steady_inputs import SteadySpinBox
from desktop.wording import status_words
from desktop.wording.translate import tr
from presence import EffectiveStatus
from presence.documents import (
    MOST_CONCURRENT_SESSIONS,
    MOST_WRAP_UP_MINUTES,
    AvailabilityDocument,
)

TYPED_LIMIT = 999  # what the field lets one type, so a number is never cut short unseen


class SessionsSection(QGroupBox):
    """Signals:
    edited(dict): part of a PATCH body.
    """

    edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Sessions"), parent)
        form = QFormLayout(self)
        self.active = named(QLabel(tr("—")), "active-sessions")
        self.active.setAccessibleName(tr("Active sessions"))
        form.addRow(tr("Active now:"), self.active)
        self.capacity = named(SteadySpinBox(), "capacity")
        self.capacity.setRange(1, TYPED_LIMIT)
        self.capacity.setKeyboardTracking(False)  # "12" is one edit, not "1" then "12"
        self.capacity.setAccessibleName(tr("Maximum concurrent sessions"))
        self.capacity.valueChanged.connect(self._on_capacity)
        form.addRow(tr("Maximum at once:"), self.capacity)
        self.capacity_error = error_label("max_concurrent_sessions-error")
        form.addRow(self.capacity_error)
        self.online = named(QCheckBox(tr("Online sessions")), "online")
        self.online.setAccessibleName(tr("Take online sessions"))
        self.online.toggled.connect(lambda on: self._send({"online_availability": on}))
        self.in_person = named(QCheckBox(tr("In-person sessions")), "in-person")
        self.in_person.setAccessibleName(tr("Take in-person sessions"))
        self.in_person.toggled.connect(lambda on: self._send({"in_person_availability": on}))
        modes = QHBoxLayout()
        modes.addWidget(self.online)
        modes.addWidget(self.in_person)
        modes.addStretch(1)
        form.addRow(tr("I take:"), modes)
        self.modes_error = error_label("modes-error")
        form.addRow(self.modes_error)
        self.wrap_up = named(SteadySpinBox(), "wrap-up-minutes")
        self.wrap_up.setRange(0, MOST_WRAP_UP_MINUTES)
        self.wrap_up.setSingleStep(5)
        self.wrap_up.setKeyboardTracking(False)
        self.wrap_up.setSuffix(tr(" min"))
        self.wrap_up.setSpecialValueText(tr("None"))
        self.wrap_up.setAccessibleName(tr("Wrap-up time after a session"))
        self.wrap_up.setToolTip(
            tr(
                "Busy for this long after your last session ends, to write your notes. "
                "The tray counts it down, with Extend and I'm ready."
            )
        )
        self.wrap_up.valueChanged.connect(lambda value: self._send({"wrap_up_minutes": value}))
        form.addRow(tr("Wrap-up after a session:"), self.wrap_up)
        self.wrap_up_error = error_label("wrap_up_minutes-error")
        form.addRow(self.wrap_up_error)
        self._shown_capacity = 1

    def inputs(self) -> list[QWidget]:
        return [self.capacity, self.online, self.in_person, self.wrap_up]

    def show_availability(self, availability: AvailabilityDocument, keep: set[str]) -> None:
        """Show the document's values, except the fields in `keep` (edits not yet sent)."""
        blockers = [QSignalBlocker(widget) for widget in self.inputs()]
        try:
            if "max_concurrent_sessions" not in keep:
                self._shown_capacity = availability.max_concurrent_sessions
                self.capacity.setValue(availability.max_concurrent_sessions)
                self.capacity_error.hide()
            if "online_availability" not in keep:
                self.online.setChecked(availability.online_availability)
            if "in_person_availability" not in keep:
                self.in_person.setChecked(availability.in_person_availability)
            if "wrap_up_minutes" not in keep:
                self.wrap_up.setValue(availability.wrap_up_minutes)
                self.wrap_up_error.hide()
        finally:
            del blockers

    def show_status(self, status: EffectiveStatus | None) -> None:
        self.active.setText(status_words.sessions(status) if status is not None else tr("—"))

    def commit_typing(self) -> None:
        """Take a number typed but not yet confirmed with Enter or Tab (the window closes)."""
        self.capacity.interpretText()
        self.wrap_up.interpretText()

    def _on_capacity(self, value: int) -> None:
        if value > MOST_CONCURRENT_SESSIONS:
            self.capacity_error.setText(
                tr(
                    "At most {most} sessions at once: {value} is more than the server "
                    "allows. Kept at {kept}.",
                    most=MOST_CONCURRENT_SESSIONS,
                    value=value,
                    kept=self._shown_capacity,
                )
            )
            self.capacity_error.show()
            with QSignalBlocker(self.capacity):
                self.capacity.setValue(self._shown_capacity)
            return
        self._shown_capacity = value
        self._send({"max_concurrent_sessions": value})

    def _send(self, changes: dict[str, object]) -> None:
        for label in (self.capacity_error, self.modes_error, self.wrap_up_error):
            label.hide()
        self.edited.emit(changes)
