"""The availability window: status, capacity, session modes, quiet hours, and why.

Edits go out at once, debounced, as `edited(dict)` shaped like the PATCH body. The
window shows the `ClientState` that `show_state` gives it and never talks to the network.
Closing it hides it to the tray.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QLocale, QSignalBlocker, Qt, QTime, QTimer, Signal
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
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.client_state import ClientState
from desktop.ui.naming import named
from desktop.ui.quick_icons import app_icon
from desktop.ui.steady_spin_box import SteadySpinBox
from desktop.wording import connection, session_messages, status_words
from desktop.wording.times import start_of_tomorrow
from desktop.wording.translate import tr
from presence import Status
from presence.documents import AvailabilityChanges, AvailabilityDocument

DEBOUNCE_MS = 400
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BUSY_FOR = (("Until I change it", None), ("For 1 hour", 1), ("Until tomorrow", "tomorrow"))
STATUSES = (Status.ONLINE, Status.BUSY, Status.AWAY, Status.OFFLINE)


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
        self._pending: AvailabilityChanges = {}
        self.state = ClientState()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        # "No activity for 6 minutes" ages: re-word it each minute while the window shows.
        self._words_timer = QTimer(self)
        self._words_timer.setInterval(60_000)
        self._words_timer.timeout.connect(self._refresh_words)
        self.setWindowTitle(session_messages.app_title())
        self.setWindowIcon(app_icon())
        self.setAccessibleName(session_messages.app_title())
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
        banner_text = QLabel(tr("<b>Local mode</b> — your status stays on this computer."))
        banner_row.addWidget(banner_text, 1)
        self.connect_button = QPushButton(tr("Connect to your organisation's server…"))
        self.connect_button.setAccessibleName(tr("Connect to your organisation's server"))
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
        self.headline.setAccessibleName(tr("Current status"))
        layout.addWidget(self.headline)
        self.reason = named(QLabel(), "reason")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(tr("Why"))
        layout.addWidget(self.reason)

        status_box = QGroupBox(tr("My status"))
        status_layout = QVBoxLayout(status_box)
        self.override = named(QLabel(), "override")
        self.override.setWordWrap(True)
        self.override.setStyleSheet("color: #C62828;")
        self.override.hide()
        status_layout.addWidget(self.override)
        self.status_buttons = QButtonGroup(self)
        self.choices: dict[Status, QRadioButton] = {}
        for value in STATUSES:
            label = status_words.status_label(value)
            button = named(QRadioButton(label), f"choice-{value}")
            button.setAccessibleName(label)
            button.setAccessibleDescription(status_words.choice_hint(value))
            self.status_buttons.addButton(button)
            self.choices[value] = button
            row = QHBoxLayout()
            row.addWidget(button)
            if value is Status.BUSY:
                self.busy_for = named(QComboBox(), "busy-for")
                self.busy_for.setAccessibleName(tr("Busy for how long"))
                for text, _ in BUSY_FOR:
                    self.busy_for.addItem(tr(text))
                self.busy_for.activated.connect(lambda _i: self._choose(Status.BUSY))
                row.addWidget(self.busy_for)
            row.addStretch(1)
            status_layout.addLayout(row)
            hint = QLabel(status_words.choice_hint(value))
            hint.setStyleSheet("color: palette(placeholder-text); margin-left: 24px;")
            hint.setWordWrap(True)
            status_layout.addWidget(hint)
            button.clicked.connect(lambda _checked=False, v=value: self._choose(v))
        self.preference_error = error_label("preference-error")
        status_layout.addWidget(self.preference_error)
        layout.addWidget(status_box)

        sessions_box = QGroupBox(tr("Sessions"))
        form = QFormLayout(sessions_box)
        self.active_sessions = named(QLabel(), "active-sessions")
        self.active_sessions.setAccessibleName(tr("Active sessions"))
        form.addRow(tr("Active now:"), self.active_sessions)
        self.capacity = named(SteadySpinBox(), "capacity")
        self.capacity.setRange(1, 50)
        self.capacity.setKeyboardTracking(False)  # "12" is one edit, not "1" then "12"
        self.capacity.setAccessibleName(tr("Maximum concurrent sessions"))
        self.capacity.valueChanged.connect(
            lambda value: self._edit({"max_concurrent_sessions": value})
        )
        form.addRow(tr("Maximum at once:"), self.capacity)
        self.capacity_error = error_label("max_concurrent_sessions-error")
        form.addRow(self.capacity_error)
        self.online_mode = named(QCheckBox(tr("Online sessions")), "online")
        self.online_mode.setAccessibleName(tr("Take online sessions"))
        self.online_mode.toggled.connect(lambda on: self._edit({"online_availability": on}))
        self.in_person_mode = named(QCheckBox(tr("In-person sessions")), "in-person")
        self.in_person_mode.setAccessibleName(tr("Take in-person sessions"))
        self.in_person_mode.toggled.connect(lambda on: self._edit({"in_person_availability": on}))
        modes = QHBoxLayout()
        modes.addWidget(self.online_mode)
        modes.addWidget(self.in_person_mode)
        form.addRow(tr("I take:"), modes)
        self.modes_error = error_label("modes-error")
        form.addRow(self.modes_error)
        layout.addWidget(sessions_box)

        self.quiet = named(QGroupBox(tr("Quiet hours: show busy at these times")), "quiet")
        self.quiet.setCheckable(True)
        self.quiet.setAccessibleName(tr("Quiet hours enabled"))
        self.quiet.toggled.connect(lambda _on: self._edit_quiet())
        quiet_form = QFormLayout(self.quiet)
        days_row = QHBoxLayout()
        self.days: dict[str, QCheckBox] = {}
        for number, day in enumerate(DAYS, start=1):
            name = QLocale().dayName(number, QLocale.FormatType.ShortFormat)
            box = named(QCheckBox(name), f"day-{day}")
            box.setAccessibleName(tr("Quiet hours on {day}", day=name))
            box.toggled.connect(lambda _on: self._edit_quiet())
            self.days[day] = box
            days_row.addWidget(box)
        quiet_form.addRow(tr("Days:"), days_row)
        self.quiet_start = named(QTimeEdit(), "quiet-start")
        self.quiet_start.setDisplayFormat("HH:mm")
        self.quiet_start.setAccessibleName(tr("Quiet hours start"))
        self.quiet_end = named(QTimeEdit(), "quiet-end")
        self.quiet_end.setDisplayFormat("HH:mm")
        self.quiet_end.setAccessibleName(tr("Quiet hours end"))
        for edit in (self.quiet_start, self.quiet_end):
            edit.timeChanged.connect(lambda _t: self._edit_quiet())
        times = QHBoxLayout()
        times.addWidget(self.quiet_start)
        times.addWidget(QLabel(tr("to")))
        times.addWidget(self.quiet_end)
        times.addStretch(1)
        quiet_form.addRow(tr("From:"), times)
        self.timezone = named(QComboBox(), "timezone")
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.setAccessibleName(tr("Quiet hours time zone"))
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone.setCurrentText(system_timezone())
        self.timezone.activated.connect(lambda _i: self._edit_quiet())
        line_edit = self.timezone.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(self._on_timezone_typed)
        quiet_form.addRow(tr("Time zone:"), self.timezone)
        self.quiet_error = error_label("quiet_hours-error")
        quiet_form.addRow(self.quiet_error)
        layout.addWidget(self.quiet)

        self.notifications = named(QCheckBox(tr("Notify me of automatic changes")), "notifications")
        self.notifications.setAccessibleName(tr("Desktop notifications"))
        self.notifications.setToolTip(
            tr("Auto-away, back online, capacity reached, quiet hours, a session starting")
        )
        self.notifications.toggled.connect(self.notifications_toggled)
        layout.addWidget(self.notifications)

        footer = QHBoxLayout()
        self.idle_note = named(QLabel(), "idle-note")
        self.idle_note.setWordWrap(True)
        self.idle_note.hide()
        footer.addWidget(self.idle_note, 1)
        self.sync_label = named(QLabel(), "sync-state")
        self.sync_label.setAccessibleName(tr("Sync state"))
        footer.addWidget(self.sync_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(footer)
        self.show_state(self.state)

    # --- what the app tells the window ----------------------------------------------------

    def set_tray_available(self, available: bool) -> None:
        self._tray_available = available

    def show_state(self, state: ClientState) -> None:
        """Show `state`: its status, why, the availability (fields being typed are kept)."""
        previous, self.state = self.state, state
        self.banner.setVisible(state.local_mode)
        if not state.signed_in:
            self.sync_label.setText(
                connection.starting() if state.local_mode else connection.not_signed_in()
            )
        else:
            self.sync_label.setText(connection.sync_label(state.sync_state, state.problem))
        if state.availability is not None and state.availability != previous.availability:
            self._show_availability(state.availability)
        self._refresh_words()

    def set_notifications(self, enabled: bool) -> None:
        with QSignalBlocker(self.notifications):
            self.notifications.setChecked(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_idle_unavailable(self, unavailable: bool) -> None:
        self.idle_note.setText(
            tr(
                "Automatic away is unavailable on this desktop: it does not tell apps how long "
                "you have been idle. Set Away or Busy yourself when you step away."
            )
        )
        self.idle_note.setVisible(unavailable)

    def _show_availability(self, availability: AvailabilityDocument) -> None:
        keep = set(self._pending)
        blockers = [QSignalBlocker(widget) for widget in self._inputs()]
        try:
            if "preference" not in keep:
                self.choices[availability.preference].setChecked(True)
            if "max_concurrent_sessions" not in keep:
                self.capacity.setValue(availability.max_concurrent_sessions)
            if "online_availability" not in keep:
                self.online_mode.setChecked(availability.online_availability)
            if "in_person_availability" not in keep:
                self.in_person_mode.setChecked(availability.in_person_availability)
            if "quiet_hours" not in keep:
                self._show_quiet_hours(availability)
        finally:
            del blockers
        override_holds = availability.admin_override is not None
        for button in self.choices.values():
            button.setEnabled(not override_holds)
        self.busy_for.setEnabled(not override_holds)
        self.override.setVisible(override_holds)
        if override_holds:
            self.override.setText(
                tr(
                    "{override}. Your own choice applies again when it ends.",
                    override=status_words.override_words(availability, self._now()),
                )
            )

    def _show_quiet_hours(self, availability: AvailabilityDocument) -> None:
        quiet = availability.quiet_hours
        self.quiet.setChecked(quiet.enabled)
        timezone = quiet.timezone
        if not quiet.enabled and timezone == "UTC":
            # Never set up: propose the system's zone rather than the default.
            timezone = system_timezone()
        for day, box in self.days.items():
            box.setChecked(day in quiet.days)
        self.quiet_start.setTime(QTime(quiet.start.hour, quiet.start.minute))
        self.quiet_end.setTime(QTime(quiet.end.hour, quiet.end.minute))
        self.timezone.setCurrentText(timezone)

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
        state = self.state
        # As the tray and the command line show it: a choice waiting to sync shows at once.
        status = state.shown_status()
        if status is None:
            if state.signed_out:
                self.headline.setText(session_messages.signed_out_headline())
                self.reason.setText(session_messages.sign_in_to_show_status())
            else:
                self.headline.setText(status_words.status_title(None))
                self.reason.setText(status_words.explanation(None, None, self._now()))
            self.active_sessions.setText(tr("—"))
            return
        self.headline.setText(status_words.status_title(status))
        self.reason.setText(status_words.reason_sentence(status, state.availability, self._now()))
        self.active_sessions.setText(status_words.sessions(status))

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

    def _choose(self, value: Status) -> None:
        self.choices[value].setChecked(True)
        expires: datetime | None = None
        if value is Status.BUSY:
            choice = BUSY_FOR[self.busy_for.currentIndex()][1]
            now = self._now()
            if choice == 1:
                expires = now + timedelta(hours=1)
            elif choice == "tomorrow":
                expires = start_of_tomorrow(now)
        self._edit(
            {
                "preference": value.value,
                "preference_expires_at": expires.isoformat() if expires else None,
            }
        )

    def _on_timezone_typed(self) -> None:
        name = self.timezone.currentText().strip()
        if name not in zoneinfo.available_timezones():
            self.show_field_error(
                "quiet_hours.timezone",
                tr(
                    "{name} is not a time zone. Pick one from the list, like Europe/Berlin.",
                    name=repr(name),
                ),
            )
            return
        self._edit_quiet()

    def _edit_quiet(self) -> None:
        self._edit(
            {
                "quiet_hours": {
                    "enabled": self.quiet.isChecked(),
                    "days": [day for day, box in self.days.items() if box.isChecked()],
                    "start": self.quiet_start.time().toString("HH:mm"),
                    "end": self.quiet_end.time().toString("HH:mm"),
                    "timezone": self.timezone.currentText().strip(),
                }
            }
        )

    def _edit(self, changes: AvailabilityChanges) -> None:
        for field in changes:
            self.field_error_label(field).hide()
        self._pending.update(changes)
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
