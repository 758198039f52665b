"""The availability window: status, why, whether clients can book, and the settings.

Edits go out at once, debounced, as `edited(dict)` shaped like the PATCH body. The
window shows the `ClientState` that `show_state` gives it and never talks to the network.
Until the first availability arrives, the settings are not shown: there is nothing true
to show yet. Closing it (the close button, Esc, Ctrl+W) hides it to the tray.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import merged_changes
from desktop.core.client_state import ClientState
from desktop.ui.account_row import AccountRow
from desktop.ui.fitting import fit_height
from desktop.ui.icons import glyph_pixmap
from desktop.ui.naming import named
from desktop.ui.note_section import NoteSection
from desktop.ui.quick_icons import app_icon
from desktop.ui.quiet_hours_section import QuietHoursSection
from desktop.ui.sessions_section import SessionsSection
from desktop.ui.status_section import StatusSection
from desktop.ui.what_counts_section import WhatCountsSection
from desktop.wording import connection, session_messages, signal_words, status_words
from desktop.wording.translate import tr
from presence import Status
from presence.documents import AvailabilityChanges, AvailabilityDocument

DEBOUNCE_MS = 400
MINIMUM_WIDTH = 560  # the status hints wrap in three lines at most; nothing is clipped
GLYPH_SIZE = 22


class AvailabilityWindow(QWidget):
    """Signals:
    edited(dict): changes, shaped like the PATCH /v1/me/availability body.
    connect_requested(): sign in to an organisation's server (a new one).
    sign_in_requested(): sign in again to the server in use.
    sign_out_requested()
    local_mode_requested(): leave the server for local mode.
    quit_requested()
    notifications_toggled(bool): desktop notifications switched on or off.
    titles_toggled(bool): calendar event titles shown in the window, or not.
    calendar_add_requested(): open the dialog that adds a calendar.
    calendar_remove_requested(int): remove the calendar at this position.
    """

    edited = Signal(dict)
    connect_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    local_mode_requested = Signal()
    quit_requested = Signal()
    notifications_toggled = Signal(bool)
    titles_toggled = Signal(bool)
    calendar_add_requested = Signal()
    calendar_remove_requested = Signal(int)

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
        *,
        idle_seconds: Callable[[], float | None] = lambda: None,
    ) -> None:
        """`idle_seconds`: how long this computer has been idle, for "What counts"."""
        super().__init__(parent)
        self._now = clock or (lambda: datetime.now().astimezone())
        self._idle_seconds = idle_seconds
        self._idle_unavailable = False
        self._titles_shown = False
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
        self.setMinimumWidth(MINIMUM_WIDTH)
        self._build()
        for keys in (QKeySequence.StandardKey.Close, QKeySequence(Qt.Key.Key_Escape)):
            QShortcut(keys, self, self.close)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # On a small screen the window scrolls rather than cut its bottom off.
        self.content_area = named(QScrollArea(), "content")
        self.content_area.setWidgetResizable(True)
        self.content_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        self.content_area.setWidget(content)
        outer.addWidget(self.content_area)
        layout = QVBoxLayout(content)

        # What the app had to tell: framed, until read and dismissed (or replaced).
        self.notice_box = named(QFrame(), "notice-box")
        self.notice_box.setFrameShape(QFrame.Shape.StyledPanel)
        notice_row = QHBoxLayout(self.notice_box)
        self.notice = named(QLabel(), "notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_row.addWidget(self.notice, 1)
        dismiss = named(QPushButton(tr("Dismiss")), "dismiss-notice")
        dismiss.setAccessibleName(tr("Dismiss this message"))
        dismiss.clicked.connect(lambda: self.show_notice(""))
        notice_row.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.notice_box.hide()
        layout.addWidget(self.notice_box)

        headline_row = QHBoxLayout()
        self.glyph = named(QLabel(), "glyph")
        headline_row.addWidget(self.glyph)
        self.headline = named(QLabel(), "headline")
        self.headline.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.headline.setAccessibleName(tr("Current status"))
        self.headline.setWordWrap(True)
        headline_row.addWidget(self.headline, 1)
        layout.addLayout(headline_row)
        self.reason = named(QLabel(), "reason")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(tr("Why"))
        layout.addWidget(self.reason)
        self.bookable = named(QLabel(), "bookable")
        self.bookable.setWordWrap(True)
        self.bookable.setAccessibleName(tr("Whether clients can book you now"))
        layout.addWidget(self.bookable)

        self.waiting = named(QLabel(), "waiting")
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.waiting)

        self.settings_area = named(QWidget(), "settings")
        settings = QVBoxLayout(self.settings_area)
        settings.setContentsMargins(0, 0, 0, 0)
        self.status = StatusSection(self._now)
        self.status.chosen.connect(self._on_chosen)
        settings.addWidget(self.status)
        self.note = NoteSection(self._now)
        self.note.edited.connect(self._edit)
        settings.addWidget(self.note)
        self.sessions = SessionsSection()
        self.sessions.edited.connect(self._edit)
        settings.addWidget(self.sessions)
        self.quiet = named(QuietHoursSection(self._now), "quiet")
        self.quiet.edited.connect(self._edit)
        settings.addWidget(self.quiet)
        self.what_counts = named(WhatCountsSection(), "what-counts")
        self.what_counts.edited.connect(self._edit)
        self.what_counts.titles_toggled.connect(self.titles_toggled)
        self.what_counts.calendar_add_requested.connect(self.calendar_add_requested)
        self.what_counts.calendar_remove_requested.connect(self.calendar_remove_requested)
        settings.addWidget(self.what_counts)
        self.settings_area.hide()
        layout.addWidget(self.settings_area)

        self.notifications = named(QCheckBox(tr("Notify me of automatic changes")), "notifications")
        self.notifications.setAccessibleName(tr("Desktop notifications"))
        self.notifications.setToolTip(
            tr("Auto-away, back online, capacity reached, quiet hours, a session starting")
        )
        self.notifications.toggled.connect(self.notifications_toggled)
        layout.addWidget(self.notifications)

        account_box = QGroupBox(tr("Account"))
        account_layout = QVBoxLayout(account_box)
        self.account = AccountRow()
        for mine, theirs in (
            (self.connect_requested, self.account.connect_requested),
            (self.sign_in_requested, self.account.sign_in_requested),
            (self.sign_out_requested, self.account.sign_out_requested),
            (self.local_mode_requested, self.account.local_mode_requested),
        ):
            theirs.connect(mine)
        account_layout.addWidget(self.account)
        layout.addWidget(account_box)

        self.idle_note = named(QLabel(), "idle-note")
        self.idle_note.setWordWrap(True)
        self.idle_note.hide()
        layout.addWidget(self.idle_note)
        footer = QHBoxLayout()
        self.sync_label = named(QLabel(), "sync-state")
        self.sync_label.setAccessibleName(tr("Sync state"))
        self.sync_label.setWordWrap(True)
        footer.addWidget(self.sync_label, 1)
        self.quit_button = named(QPushButton(tr("Quit")), "quit")
        self.quit_button.setToolTip(tr("Quit the app: you show offline until it runs again"))
        self.quit_button.clicked.connect(self.quit_requested)
        footer.addWidget(self.quit_button)
        layout.addLayout(footer)
        layout.addStretch(1)
        self.show_state(self.state)

    # --- what the app tells the window ----------------------------------------------------

    def set_tray_available(self, available: bool) -> None:
        self._tray_available = available

    def show_state(self, state: ClientState) -> None:
        """Show `state`: its status, why, the availability (fields being typed are kept)."""
        previous, self.state = self.state, state
        self.account.show_state(state)
        if not state.signed_in:
            self.sync_label.setText(
                connection.starting() if state.local_mode else connection.not_signed_in()
            )
        else:
            self.sync_label.setText(connection.sync_label(state.sync_state, state.problem))
        availability = state.availability
        if availability is not None and availability != previous.availability:
            self._show_availability(availability)
        self.settings_area.setVisible(availability is not None)
        self.waiting.setVisible(availability is None)
        self.waiting.setText(session_messages.settings_waiting(state.local_mode))
        self._refresh_words()

    def set_notifications(self, enabled: bool) -> None:
        self.notifications.blockSignals(True)
        self.notifications.setChecked(enabled)
        self.notifications.blockSignals(False)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice_box.setVisible(bool(text))

    def set_titles_shown(self, shown: bool) -> None:
        self._titles_shown = shown
        self._refresh_words()

    def show_idle_unavailable(self, unavailable: bool) -> None:
        self._idle_unavailable = unavailable
        self.idle_note.setText(
            tr(
                "Automatic away is unavailable on this desktop: it does not tell apps how long "
                "you have been idle. Set Away or Busy yourself when you step away."
            )
        )
        self.idle_note.setVisible(unavailable)

    def pick_busy_until(self) -> None:
        """Show the window ready to choose Busy until a time (the tray's entry for it)."""
        self.status.pick_until_time()

    def _show_availability(self, availability: AvailabilityDocument) -> None:
        keep = set(self._pending)
        if "preference" not in keep:
            self.status.show_availability(availability)
        if "status_note" not in keep:
            self.note.show_availability(availability)
        self.sessions.show_availability(availability, keep)
        self.what_counts.show_availability(availability, keep)
        if "quiet_hours" not in keep:
            self.quiet.show_availability(availability)

    def show_field_error(self, field: str, message: str) -> None:
        """A server-side validation error, next to the field it is about."""
        label = self.field_error_label(field)
        label.setText(message)
        label.show()
        label.setAccessibleDescription(message)

    def field_error_label(self, field: str) -> QLabel:
        top = field.split(".", 1)[0]
        if top == "max_concurrent_sessions":
            return self.sessions.capacity_error
        if top in ("online_availability", "in_person_availability"):
            return self.sessions.modes_error
        if top == "wrap_up_minutes":
            return self.sessions.wrap_up_error
        if top == "quiet_hours":
            return self.quiet.error
        if top == "status_note":
            return self.note.error
        if top in ("busy_in_calls", "busy_in_do_not_disturb"):
            return self.what_counts.error
        return self.status.error

    def _refresh_words(self) -> None:
        state = self.state
        self.what_counts.show_view(
            signal_words.what_counts(
                state.readings,
                self._now(),
                idle_seconds=self._idle_seconds(),
                idle_unavailable=self._idle_unavailable,
                titles_shown=self._titles_shown,
            )
        )
        # As the tray and the command line show it: a choice waiting to sync shows at once.
        status = state.shown_status()
        self.sessions.show_status(status)
        self.glyph.setPixmap(
            glyph_pixmap(status.status if status else None, GLYPH_SIZE, self.devicePixelRatioF())
        )
        if status is None:
            if state.signed_out:
                self.headline.setText(session_messages.signed_out_headline())
                self.reason.setText(session_messages.sign_in_to_show_status())
            else:
                self.headline.setText(status_words.status_title(None))
                self.reason.setText(status_words.explanation(None, None, self._now()))
            self.bookable.hide()
            return
        self.headline.setText(status_words.status_title(status))
        self.reason.setText(status_words.reason_sentence(status, state.availability, self._now()))
        self.bookable.setText(status_words.bookable_line(status))
        self.bookable.show()

    # --- edits ----------------------------------------------------------------------------

    def _on_chosen(self, value: Status, until: datetime | None) -> None:
        self._edit(
            {
                "preference": value.value,
                "preference_expires_at": until.isoformat() if until else None,
            }
        )

    def _edit(self, changes: AvailabilityChanges) -> None:
        self._pending = merged_changes(self._pending, changes)
        self._debounce.start()

    def flush(self) -> None:
        """Send the debounced edits now, with a number typed but not yet confirmed."""
        self.sessions.commit_typing()
        self._debounce.stop()
        if self._pending:
            changes, self._pending = self._pending, {}
            self.edited.emit(changes)

    def showEvent(self, event: QShowEvent) -> None:
        self._refresh_words()
        self._words_timer.start()
        super().showEvent(event)
        # Tall enough for everything, as far as the screen allows; the rest scrolls.
        QTimer.singleShot(0, self, lambda: fit_height(self, self.content_area))

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
