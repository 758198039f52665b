"""The window's "What counts" box: each signal beyond the keyboard, whether this desktop
can read it, what it reads now, and the settings that decide what it does."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.naming import named
from desktop.ui.notes import error_label, hint_label
from desktop.wording.signal_words import SignalLine, WhatCountsView
from desktop.wording.translate import tr
from presence.documents import AvailabilityDocument


class WhatCountsSection(QGroupBox):
    """Signals:
    edited(dict): part of a PATCH body (busy_in_calls, busy_in_do_not_disturb).
    titles_toggled(bool): show calendar event titles in this window, or not.
    calendar_add_requested(): open the dialog that adds a calendar.
    calendar_remove_requested(int): remove the calendar at this position.
    """

    edited = Signal(dict)
    titles_toggled = Signal(bool)
    calendar_add_requested = Signal()
    calendar_remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("What counts"), parent)
        layout = QVBoxLayout(self)
        intro = hint_label(
            tr(
                "Besides your keyboard and mouse, the app notices these. Only whether each "
                "one is on leaves this computer: never an app's name or an event's title."
            )
        )
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.lines: dict[str, QLabel] = {}
        for row, (key, title) in enumerate(
            (
                ("keyboard", tr("Keyboard and mouse:")),
                ("calls", tr("Calls:")),
                ("calendar", tr("Calendar:")),
                ("dnd", tr("Do Not Disturb:")),
            )
        ):
            name = QLabel(title)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            line = named(QLabel(tr("Not read yet")), f"{key}-reading")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            line.setAccessibleName(title.rstrip(":"))
            name.setBuddy(line)
            grid.addWidget(line, row, 1)
            self.lines[key] = line

        self.busy_in_calls = named(QCheckBox(tr("Show me as busy during calls")), "busy-in-calls")
        self.busy_in_calls.setToolTip(
            tr(
                "A microphone or camera in use by any app (Zoom, Teams, a browser) means "
                "you are in a call. Either way a call counts as activity, so you never go "
                "away in the middle of one."
            )
        )
        self.busy_in_calls.toggled.connect(lambda on: self._send({"busy_in_calls": on}))
        layout.addWidget(self.busy_in_calls)
        self.busy_in_dnd = named(
            QCheckBox(tr("Show me as busy while Do Not Disturb is on")), "busy-in-dnd"
        )
        self.busy_in_dnd.toggled.connect(lambda on: self._send({"busy_in_do_not_disturb": on}))
        layout.addWidget(self.busy_in_dnd)
        self.error = error_label("signals-error")
        layout.addWidget(self.error)

        self.show_titles = named(QCheckBox(tr("Show event titles here")), "show-titles")
        self.show_titles.setToolTip(
            tr("Titles are shown in this window only; they never leave it.")
        )
        self.show_titles.toggled.connect(self.titles_toggled)
        layout.addWidget(self.show_titles)
        self._calendars_box = QVBoxLayout()
        layout.addLayout(self._calendars_box)
        self.calendar_rows: list[tuple[QWidget, QLabel, QPushButton]] = []
        add_row = QHBoxLayout()
        self.add_calendar = named(QPushButton(tr("Add a calendar…")), "add-calendar")
        self.add_calendar.setToolTip(
            tr("A calendar's ICS link, or a CalDAV account. Kept in your system keyring.")
        )
        self.add_calendar.clicked.connect(self.calendar_add_requested)
        add_row.addWidget(self.add_calendar)
        add_row.addStretch(1)
        layout.addLayout(add_row)

    def inputs(self) -> list[QWidget]:
        return [self.busy_in_calls, self.busy_in_dnd]

    def show_availability(self, availability: AvailabilityDocument, keep: set[str]) -> None:
        """Show the document's settings, except the fields in `keep` (edits not yet sent)."""
        blockers = [QSignalBlocker(widget) for widget in self.inputs()]
        try:
            if "busy_in_calls" not in keep:
                self.busy_in_calls.setChecked(availability.busy_in_calls)
            if "busy_in_do_not_disturb" not in keep:
                self.busy_in_dnd.setChecked(availability.busy_in_do_not_disturb)
        finally:
            del blockers

    def show_view(self, view: WhatCountsView) -> None:
        """What each signal reads now, and the calendars added."""
        for key, line in (
            ("keyboard", view.keyboard),
            ("calls", view.calls),
            ("calendar", view.calendar),
            ("dnd", view.dnd),
        ):
            self._show_line(self.lines[key], line)
        with QSignalBlocker(self.show_titles):
            self.show_titles.setChecked(view.titles_shown)
        self.show_titles.setVisible(bool(view.calendars))
        self._show_calendars(view)

    @staticmethod
    def _show_line(label: QLabel, line: SignalLine) -> None:
        label.setText(line.text)
        # What this desktop cannot read is said in the placeholder's quieter colour.
        label.setStyleSheet("" if line.available else "color: palette(placeholder-text);")

    def _show_calendars(self, view: WhatCountsView) -> None:
        while len(self.calendar_rows) > len(view.calendars):
            row, _label, _remove = self.calendar_rows.pop()
            row.hide()
            self._calendars_box.removeWidget(row)
            row.deleteLater()
        while len(self.calendar_rows) < len(view.calendars):
            index = len(self.calendar_rows)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = named(QLabel(), f"calendar-{index}")
            label.setWordWrap(True)
            remove = named(QPushButton(tr("Remove")), f"remove-calendar-{index}")
            remove.clicked.connect(
                lambda _checked=False, i=index: self.calendar_remove_requested.emit(i)
            )
            line.addWidget(label, 1)
            line.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
            self._calendars_box.addWidget(row)
            self.calendar_rows.append((row, label, remove))
        for (_row, label, remove), calendar in zip(self.calendar_rows, view.calendars, strict=True):
            remove.setAccessibleName(tr("Remove the calendar {name}", name=calendar.name))
            self._show_line(label, SignalLine(calendar.text, calendar.ok))

    def _send(self, changes: dict[str, object]) -> None:
        self.error.hide()
        self.edited.emit(changes)
