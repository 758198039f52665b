"""The availability window: status, capacity, session modes, quiet hours, and why.

Edits go out at once, debounced, as `edited(dict)` shaped like the PATCH body. The
window shows what `show_state` gives it and never talks to the network itself.
Closing it hides it to the tray.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import wording
from desktop.ui.naming import named
from desktop.ui.quick_icons import app_icon

DEBOUNCE_MS = 400
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BUSY_FOR = (("Until I change it", None), ("For 1 hour", 1), ("Until tomorrow", "tomorrow"))


def system_timezone() -> str:
    """The system's IANA zone name, or UTC when it cannot be told."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    return name if name in zoneinfo.available_timezones() else "UTC"


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("color: #C62828;")
    label.setWordWrap(True)
    label.hide()
    return label


class AvailabilityWindow(QWidget):
    """Signals:
    edited(dict): changes, shaped like the PATCH /v1/me/availability body.
    connect_requested(): the local-mode banner's button.
    notifications_toggled(bool): desktop notifications switched on or off.
    """

    edited = Signal(dict)
    connect_requested = Signal()
    notifications_toggled = Signal(bool)

    def __init__(self, clock: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = clock or (lambda: datetime.now().astimezone())
        self.quitting = False
        self._tray_available = True
        self._no_status = ("", "")
        self._pending: dict[str, Any] = {}
        self._status: dict[str, Any] | None = None
        self._availability: dict[str, Any] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        # "No activity for 6 minutes" ages: re-word it each minute while the window shows.
        self._words_timer = QTimer(self)
        self._words_timer.setInterval(60_000)
        self._words_timer.timeout.connect(self._refresh_words)
        self.setWindowTitle("Availability")
        self.setWindowIcon(app_icon())
        self.setAccessibleName("Availability")
        self._build()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        self.banner = named(QWidget(), "local-banner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(8, 6, 8, 6)
        self.banner.setStyleSheet(
            "#local-banner { background: #E3F2FD; border-radius: 4px; }"
            "#local-banner QLabel { color: #0D47A1; }"
        )
        banner_text = QLabel("<b>Local mode</b> — your status stays on this computer.")
        banner_row.addWidget(banner_text, 1)
        self.connect_button = QPushButton("Connect to your organisation's server…")
        self.connect_button.setAccessibleName("Connect to your organisation's server")
        self.connect_button.clicked.connect(self.connect_requested)
        banner_row.addWidget(self.connect_button)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.notice = named(QLabel(), "notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.headline = named(QLabel(), "headline")
        self.headline.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.headline.setAccessibleName("Current status")
        layout.addWidget(self.headline)
        self.reason = named(QLabel(), "reason")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Why")
        layout.addWidget(self.reason)

        status_box = QGroupBox("My status")
        status_layout = QVBoxLayout(status_box)
        self.override = named(QLabel(), "override")
        self.override.setWordWrap(True)
        self.override.setStyleSheet("color: #C62828;")
        self.override.hide()
        status_layout.addWidget(self.override)
        self.status_buttons = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for value, label in wording.STATUS_LABELS.items():
            button = named(QRadioButton(label), f"choice-{value}")
            button.setAccessibleName(label)
            button.setAccessibleDescription(wording.CHOICES[value])
            self.status_buttons.addButton(button)
            self.choices[value] = button
            row = QHBoxLayout()
            row.addWidget(button)
            if value == "busy":
                self.busy_for = named(QComboBox(), "busy-for")
                self.busy_for.setAccessibleName("Busy for how long")
                for text, _ in BUSY_FOR:
                    self.busy_for.addItem(text)
                self.busy_for.activated.connect(lambda _i: self._choose("busy"))
                row.addWidget(self.busy_for)
            row.addStretch(1)
            status_layout.addLayout(row)
            hint = QLabel(wording.CHOICES[value])
            hint.setStyleSheet("color: palette(placeholder-text); margin-left: 24px;")
            hint.setWordWrap(True)
            status_layout.addWidget(hint)
            button.clicked.connect(lambda _checked=False, v=value: self._choose(v))
        self.preference_error = error_label("preference-error")
        status_layout.addWidget(self.preference_error)
        layout.addWidget(status_box)

        sessions_box = QGroupBox("Sessions")
        form = QFormLayout(sessions_box)
        self.active_sessions = named(QLabel(), "active-sessions")
        self.active_sessions.setAccessibleName("Active sessions")
        form.addRow("Active now:", self.active_sessions)
        self.capacity = named(QSpinBox(), "capacity")
        self.capacity.setRange(1, 50)
        self.capacity.setKeyboardTracking(False)  # "12" is one edit, not "1" then "12"
        self.capacity.setAccessibleName("Maximum concurrent sessions")
        self.capacity.valueChanged.connect(
            lambda value: self._edit("max_concurrent_sessions", value)
        )
        form.addRow("Maximum at once:", self.capacity)
        self.capacity_error = error_label("max_concurrent_sessions-error")
        form.addRow(self.capacity_error)
        self.online_mode = named(QCheckBox("Online sessions"), "online")
        self.online_mode.setAccessibleName("Take online sessions")
        self.online_mode.toggled.connect(lambda on: self._edit("online_availability", on))
        self.in_person_mode = named(QCheckBox("In-person sessions"), "in-person")
        self.in_person_mode.setAccessibleName("Take in-person sessions")
        self.in_person_mode.toggled.connect(lambda on: self._edit("in_person_availability", on))
        modes = QHBoxLayout()
        modes.addWidget(self.online_mode)
        modes.addWidget(self.in_person_mode)
        form.addRow("I take:", modes)
        self.modes_error = error_label("modes-error")
        form.addRow(self.modes_error)
        layout.addWidget(sessions_box)

        self.quiet = named(QGroupBox("Quiet hours: show busy at these times"), "quiet")
        self.quiet.setCheckable(True)
        self.quiet.setAccessibleName("Quiet hours enabled")
        self.quiet.toggled.connect(lambda _on: self._edit_quiet())
        quiet_form = QFormLayout(self.quiet)
        days_row = QHBoxLayout()
        self.days: dict[str, QCheckBox] = {}
        for day, name in zip(DAYS, DAY_NAMES, strict=True):
            box = named(QCheckBox(name), f"day-{day}")
            box.setAccessibleName(f"Quiet hours on {name}")
            box.toggled.connect(lambda _on: self._edit_quiet())
            self.days[day] = box
            days_row.addWidget(box)
        quiet_form.addRow("Days:", days_row)
        self.quiet_start = named(QTimeEdit(), "quiet-start")
        self.quiet_start.setDisplayFormat("HH:mm")
        self.quiet_start.setAccessibleName("Quiet hours start")
        self.quiet_end = named(QTimeEdit(), "quiet-end")
        self.quiet_end.setDisplayFormat("HH:mm")
        self.quiet_end.setAccessibleName("Quiet hours end")
        for edit in (self.quiet_start, self.quiet_end):
            edit.timeChanged.connect(lambda _t: self._edit_quiet())
        times = QHBoxLayout()
        times.addWidget(self.quiet_start)
        times.addWidget(QLabel("to"))
        times.addWidget(self.quiet_end)
        times.addStretch(1)
        quiet_form.addRow("From:", times)
        self.timezone = named(QComboBox(), "timezone")
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.setAccessibleName("Quiet hours time zone")
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone.setCurrentText(system_timezone())
        self.timezone.activated.connect(lambda _i: self._edit_quiet())
        line_edit = self.timezone.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(self._on_timezone_typed)
        quiet_form.addRow("Time zone:", self.timezone)
        self.quiet_error = error_label("quiet_hours-error")
        quiet_form.addRow(self.quiet_error)
        layout.addWidget(self.quiet)

        self.notifications = named(QCheckBox("Notify me of automatic changes"), "notifications")
        self.notifications.setAccessibleName("Desktop notifications")
        self.notifications.setToolTip(
            "Auto-away, back online, capacity reached, quiet hours, a session starting"
        )
        self.notifications.toggled.connect(self.notifications_toggled)
        layout.addWidget(self.notifications)

        footer = QHBoxLayout()
        self.idle_note = named(QLabel(), "idle-note")
        self.idle_note.setWordWrap(True)
        self.idle_note.hide()
        footer.addWidget(self.idle_note, 1)
        self.sync_label = named(QLabel(), "sync-state")
        self.sync_label.setAccessibleName("Sync state")
        footer.addWidget(self.sync_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(footer)
        self.show_sync_state("offline")

    # --- what the app tells the window ----------------------------------------------------

    def set_local_mode(self, local: bool) -> None:
        self.banner.setVisible(local)

    def set_tray_available(self, available: bool) -> None:
        self._tray_available = available

    def clear_status(self, headline: str = "", why: str = "") -> None:
        """Show no status rather than a stale one (signed out, or another server)."""
        self._status = None
        self._no_status = (headline, why)
        self._refresh_words()

    def set_notifications(self, enabled: bool) -> None:
        with QSignalBlocker(self.notifications):
            self.notifications.setChecked(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_idle_unavailable(self, unavailable: bool) -> None:
        self.idle_note.setText(
            "Automatic away is unavailable on this desktop: it does not tell apps how long "
            "you have been idle. Set Away or Busy yourself when you step away."
        )
        self.idle_note.setVisible(unavailable)

    def show_sync_state(self, state: str, problem: str = "") -> None:
        self.sync_label.setText(wording.sync_label(state, problem))

    def show_status(self, status: dict[str, Any]) -> None:
        self._status = status
        self._refresh_words()

    def show_availability(self, availability: dict[str, Any]) -> None:
        """The server's document with pending edits applied. Fields being typed are kept."""
        self._availability = availability
        keep = set(self._pending)
        blockers = [QSignalBlocker(widget) for widget in self._inputs()]
        try:
            if "preference" not in keep and availability.get("preference") in self.choices:
                self.choices[availability["preference"]].setChecked(True)
            if "max_concurrent_sessions" not in keep:
                self.capacity.setValue(int(availability.get("max_concurrent_sessions", 1)))
            if "online_availability" not in keep:
                self.online_mode.setChecked(bool(availability.get("online_availability")))
            if "in_person_availability" not in keep:
                self.in_person_mode.setChecked(bool(availability.get("in_person_availability")))
            quiet = availability.get("quiet_hours")
            if "quiet_hours" not in keep and isinstance(quiet, dict):
                self.quiet.setChecked(bool(quiet.get("enabled")))
                if not quiet.get("enabled") and quiet.get("timezone") == "UTC":
                    # Never set up: propose the system's zone rather than the default.
                    quiet = {**quiet, "timezone": system_timezone()}
                for day, box in self.days.items():
                    box.setChecked(day in quiet.get("days", []))
                self.quiet_start.setTime(QTime.fromString(quiet.get("start", "00:00"), "HH:mm"))
                self.quiet_end.setTime(QTime.fromString(quiet.get("end", "00:00"), "HH:mm"))
                if quiet.get("timezone"):
                    self.timezone.setCurrentText(quiet["timezone"])
        finally:
            del blockers
        override = availability.get("admin_override")
        for button in self.choices.values():
            button.setEnabled(override is None)
        self.busy_for.setEnabled(override is None)
        self.override.setVisible(override is not None)
        if override is not None:
            self.override.setText(
                wording.explanation(
                    {
                        **(self._status or {}),
                        "status": override["status"],
                        "reason": "admin_override",
                    },
                    availability,
                    self._now(),
                ).removesuffix(".")
                + ". Your own choice applies again when it ends."
            )
        self._refresh_words()

    def show_field_error(self, field: str, message: str) -> None:
        """A server-side validation error, next to the field it is about."""
        label = self.field_error_label(field)
        label.setText(message)
        label.show()
        label.setAccessibleDescription(message)

    def field_error_label(self, field: str) -> QLabel:
        top = field.split(".", 1)[0]
        if top in ("preference", "preference_expires_at"):
            return self.preference_error
        if top == "max_concurrent_sessions":
            return self.capacity_error
        if top in ("online_availability", "in_person_availability"):
            return self.modes_error
        if top == "quiet_hours":
            return self.quiet_error
        return self.preference_error

    def _refresh_words(self) -> None:
        if self._status is None:
            headline, why = self._no_status
            self.headline.setText(headline or wording.status_title(None))
            self.reason.setText(why or "Waiting for the status server…")
            self.active_sessions.setText("—")
            return
        self.headline.setText(wording.status_title(self._status))
        self.reason.setText(
            wording.reason_words(self._status, self._availability, self._now()).capitalize() + "."
        )
        self.active_sessions.setText(wording.sessions(self._status))

    # --- edits ----------------------------------------------------------------------------

    def _inputs(self) -> list[QWidget]:
        return [
            *self.choices.values(),
            self.busy_for,
            self.capacity,
            self.online_mode,
            self.in_person_mode,
            self.quiet,
            *self.days.values(),
            self.quiet_start,
            self.quiet_end,
            self.timezone,
        ]

    def _choose(self, value: str) -> None:
        self.choices[value].setChecked(True)
        expires: datetime | None = None
        if value == "busy":
            choice = BUSY_FOR[self.busy_for.currentIndex()][1]
            now = self._now()
            if choice == 1:
                expires = now + timedelta(hours=1)
            elif choice == "tomorrow":
                expires = wording.start_of_tomorrow(now)
        self._edit("preference", value)
        self._edit("preference_expires_at", expires.isoformat() if expires else None)

    def _on_timezone_typed(self) -> None:
        name = self.timezone.currentText().strip()
        if name not in zoneinfo.available_timezones():
            self.show_field_error(
                "quiet_hours.timezone",
                f"{name!r} is not a time zone. Pick one from the list, like Europe/Berlin.",
            )
            return
        self._edit_quiet()

    def _edit_quiet(self) -> None:
        self._edit(
            "quiet_hours",
            {
                "enabled": self.quiet.isChecked(),
                "days": [day for day, box in self.days.items() if box.isChecked()],
                "start": self.quiet_start.time().toString("HH:mm"),
                "end": self.quiet_end.time().toString("HH:mm"),
                "timezone": self.timezone.currentText().strip(),
            },
        )

    def _edit(self, field: str, value: Any) -> None:
        self.field_error_label(field).hide()
        self._pending[field] = value
        self._debounce.start()

    def flush(self) -> None:
        """Send the debounced edits now."""
        self._debounce.stop()
        if self._pending:
            changes, self._pending = self._pending, {}
            self.edited.emit(changes)

    def showEvent(self, event: QShowEvent) -> None:
        self._refresh_words()
        self._words_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._words_timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        if self.quitting:
            event.accept()
            return
        event.ignore()
        if self._tray_available:
            self.hide()
        else:
            # No tray to come back from: hiding would leave the app running unseen.
            self.showMinimized()
