"""The window's status note: a line clients see beside the status, and how long it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.duration_picker import DurationPicker
from desktop.ui.naming import named
from desktop.ui.notes import error_label, hint_label
from desktop.wording import status_words
from desktop.wording.translate import tr
from presence.documents import STATUS_NOTE_LENGTH, AvailabilityDocument, JsonValue


class NoteSection(QGroupBox):
    """Signals:
    edited(dict): `{"status_note": {"text", "expires_at"}}`, or `{"status_note": None}`.
    """

    edited = Signal(dict)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(tr("Status note"), parent)
        self._now = now
        self._shown = ""
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.text = named(QLineEdit(), "status-note")
        self.text.setMaxLength(STATUS_NOTE_LENGTH)
        self.text.setPlaceholderText(tr("Running 10 min late, Back at 14:00…"))
        self.text.setAccessibleName(tr("Status note"))
        self.text.setClearButtonEnabled(True)
        self.text.editingFinished.connect(self._send)
        row.addWidget(self.text, 1)
        self.picker = DurationPicker("note-for", tr("Show the note for how long"))
        self.picker.picked.connect(self._send)
        row.addWidget(self.picker)
        self.clear_button = named(QPushButton(tr("Clear")), "clear-note")
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        hint = hint_label(tr("Clients see it beside your status; it is not a status."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        self.error = error_label("status_note-error")
        layout.addWidget(self.error)

    def inputs(self) -> list[QWidget]:
        return [self.text, self.picker.box, self.picker.until]

    def show_availability(self, availability: AvailabilityDocument) -> None:
        note = status_words.current_note(availability, self._now())
        with QSignalBlocker(self.text):
            self.text.setText(note.text if note else "")
        self._shown = self.text.text()
        self.picker.show_end(note.expires_at if note else None, self._now())
        self.clear_button.setEnabled(note is not None)

    def clear(self) -> None:
        self.text.clear()
        self._send()

    def _send(self) -> None:
        text = self.text.text().strip()
        self.error.hide()
        if not text:
            if self._shown:
                self._shown = ""
                self.edited.emit({"status_note": None})
            return
        until = self.picker.ends_at(self._now())
        self._shown = text
        note: JsonValue = {"text": text, "expires_at": until.isoformat() if until else None}
        self.edited.emit({"status_note": note})
