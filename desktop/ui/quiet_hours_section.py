"""The window's quiet hours: on or off, which days, from when to when, in which zone.

Each edit names only what changed (`{"quiet_hours": {"days": […]}}`), so a part the
server refuses never takes another part with it. A time zone that is not one is refused
here, at the field, and never sent.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QLocale, QSignalBlocker, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from desktop.ui.naming import named
from desktop.ui.notes import error_label
from desktop.ui.steady_inputs import SteadyTimeEdit
from desktop.ui.time_zone_box import TimeZoneBox
from desktop.wording.translate import tr
from desktop.wording.zones import not_a_zone
from presence.documents import AvailabilityDocument, JsonObject, JsonValue

UTC_ALIASES = ("Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "GMT", "UCT", "Zulu")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def system_timezone() -> str:
    """The system's IANA zone name, or UTC when it cannot be told."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    if name in UTC_ALIASES or name not in zoneinfo.available_timezones():
        return "UTC"
    return name


class QuietHoursSection(QGroupBox):
    """Signals:
    edited(dict): the quiet-hours part of a PATCH body: `{"quiet_hours": {…}}`.
    """

    edited = Signal(dict)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(tr("Quiet hours: show busy at these times"), parent)
        self._stored_zone: str | None = None  # the server's, or the last one sent
        self.setCheckable(True)
        self.setChecked(False)
        self.setAccessibleName(tr("Quiet hours enabled"))
        self.toggled.connect(self._on_toggled)
        form = QFormLayout(self)
        days_row = QHBoxLayout()
        self.days: dict[str, QCheckBox] = {}
        for number, day in enumerate(DAYS, start=1):
            name = QLocale().dayName(number, QLocale.FormatType.ShortFormat)
            box = named(QCheckBox(name), f"day-{day}")
            box.setAccessibleName(tr("Quiet hours on {day}", day=name))
            box.toggled.connect(lambda _on: self._send({"days": [*self.chosen_days()]}))
            self.days[day] = box
            days_row.addWidget(box)
        days_row.addStretch(1)
        form.addRow(tr("Days:"), days_row)
        self.start = named(SteadyTimeEdit(), "quiet-start")
        self.start.setAccessibleName(tr("Quiet hours start"))
        self.end = named(SteadyTimeEdit(), "quiet-end")
        self.end.setAccessibleName(tr("Quiet hours end"))
        self.start.timeChanged.connect(lambda at: self._send({"start": at.toString("HH:mm")}))
        self.end.timeChanged.connect(lambda at: self._send({"end": at.toString("HH:mm")}))
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel(tr("to")))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(tr("From:"), times)
        self.timezone = named(TimeZoneBox(now), "timezone")
        self.timezone.setAccessibleName(tr("Quiet hours time zone"))
        self.timezone.set_zone(system_timezone())
        self.timezone.zone_chosen.connect(self._on_zone)
        self.timezone.zone_refused.connect(
            lambda text: self.show_error(not_a_zone(text) if text else tr("Pick a time zone."))
        )
        form.addRow(tr("Time zone:"), self.timezone)
        self.error = error_label("quiet_hours-error")
        form.addRow(self.error)

    def inputs(self) -> list[QWidget]:
        return [self, *self.days.values(), self.start, self.end, self.timezone]

    def chosen_days(self) -> list[JsonValue]:
        return [day for day, box in self.days.items() if box.isChecked()]

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setAccessibleDescription(message)
        self.error.show()

    def show_availability(self, availability: AvailabilityDocument) -> None:
        quiet = availability.quiet_hours
        blockers = [QSignalBlocker(widget) for widget in self.inputs()]
        try:
            self.setChecked(quiet.enabled)
            for day, box in self.days.items():
                box.setChecked(day in quiet.days)
            self.start.setTime(QTime(quiet.start.hour, quiet.start.minute))
            self.end.setTime(QTime(quiet.end.hour, quiet.end.minute))
            self._stored_zone = quiet.timezone
            if not quiet.enabled and quiet.timezone == "UTC":
                # Never set up: propose the system's zone rather than the default.
                self.timezone.set_zone(system_timezone())
            else:
                self.timezone.set_zone(quiet.timezone)
        finally:
            del blockers

    def _on_toggled(self, on: bool) -> None:
        changes: JsonObject = {"enabled": on}
        if on and self.timezone.zone() != self._stored_zone:
            changes["timezone"] = self._stored_zone = self.timezone.zone()  # the proposal
        self._send(changes)

    def _on_zone(self, name: str) -> None:
        self.error.hide()
        if name != self._stored_zone:
            self._stored_zone = name  # sent: Enter or Tab again sends nothing more
            self._send({"timezone": name})

    def _send(self, changes: JsonObject) -> None:
        self.error.hide()
        self.edited.emit({"quiet_hours": changes})
