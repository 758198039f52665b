"""The tray icon, its tooltip and its context menu.

Tooltip and menu come from plain methods (`tooltip_text`, `menu_entries`) so tests read
them without a tray host. If no tray host exists yet (a desktop still starting), the
icon waits for one and says so through `tray_missing`; the app shows its window
meanwhile and never quits for want of a tray.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop.core.client_state import ClientState
from desktop.core.durations import Duration, ends_at
from desktop.sync.connection import SyncState
from desktop.ui.icons import glyph_icon, status_icon
from desktop.wording import connection, status_words
from desktop.wording.duration_words import duration_label, until_time_label
from desktop.wording.times import clock_time
from desktop.wording.translate import tr
from presence import Status
from presence.documents import WRAP_UP_EXTENSION_MINUTES

TRAY_RETRY_MS = 2000
COUNTDOWN_MS = 15_000


class Tray(QObject):
    """Signals:
    status_chosen(Status, object): a preference and when it ends (an aware datetime or None).
    open_requested(): show the availability window.
    clicked(): the icon was clicked: show the window, or hide it if it shows.
    start_at_login_toggled(bool)
    busy_until_requested(): Busy until a time: the window opens to pick it.
    menu_opening(): the menu is about to show (the app re-reads what may have changed).
    connect_requested(): local mode only: connect to an organisation's server.
    sign_in_requested(): nobody is signed in to the organisation's server.
    sign_out_requested()
    wrap_up_extended(): "Extend 5 min" during a wrap-up.
    wrap_up_ended(): "I'm ready" during a wrap-up.
    quit_requested()
    tray_missing(): there is no tray host (yet); show the window instead.
    """

    status_chosen = Signal(object, object)
    open_requested = Signal()
    clicked = Signal()
    busy_until_requested = Signal()
    start_at_login_toggled = Signal(bool)
    menu_opening = Signal()
    connect_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    wrap_up_extended = Signal()
    wrap_up_ended = Signal()
    quit_requested = Signal()
    tray_missing = Signal()

    def __init__(
        self,
        clock: Any = None,
        parent: QObject | None = None,
        icon: QSystemTrayIcon | None = None,
        countdown_interval_ms: int = COUNTDOWN_MS,
    ) -> None:
        """`icon`: one already shown (by the launcher), to take over; else a new one."""
        super().__init__(parent)
        self._now = clock or (lambda: datetime.now().astimezone())
        self.state = ClientState()
        self.icon = icon if icon is not None else QSystemTrayIcon()
        self.icon.setParent(self)
        self.menu = QMenu()
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.menu.aboutToShow.connect(self.menu_opening)
        self.icon.activated.connect(self._on_activated)
        self._waiting = QTimer(self)
        self._waiting.setInterval(TRAY_RETRY_MS)
        self._waiting.timeout.connect(self.show)
        # The wrap-up's countdown moves on its own: redrawn while one is under way.
        self._countdown = QTimer(self)
        self._countdown.setInterval(countdown_interval_ms)
        self._countdown.timeout.connect(self._refresh)
        self._refresh()

    # --- the menu -----------------------------------------------------------------------

    def _action(self, name: str, text: str, menu: QMenu | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        (menu or self.menu).addAction(action)
        return action

    def _build_menu(self) -> None:
        # What others see now, with its glyph, and who set it and until when; the bullets
        # below mark the person's own choice.
        # Enabled, so its glyph keeps its colour; it opens the window, which says why.
        self._status_line = self._action("status-line", "")
        self._status_line.triggered.connect(self.open_requested)
        self._wrap_up_left = self._action("wrap-up-left", "")
        self._wrap_up_left.setEnabled(False)
        self._extend = self._action(
            "wrap-up-extend", tr("Extend {minutes} min", minutes=WRAP_UP_EXTENSION_MINUTES)
        )
        self._extend.triggered.connect(self.wrap_up_extended)
        self._ready = self._action("wrap-up-ready", tr("I'm ready"))
        self._ready.triggered.connect(self.wrap_up_ended)
        self.menu.addSection(tr("Set my status"))
        self._status_group = QActionGroup(self)
        self._online = self._action("online", status_words.status_label(Status.ONLINE))
        self._busy_menu = QMenu(status_words.status_label(Status.BUSY), self.menu)
        self._busy_menu.setObjectName("busy-menu")
        self.menu.addMenu(self._busy_menu)
        for duration in Duration:
            if duration is Duration.UNTIL_TIME:
                pick = self._action("busy-until", until_time_label(), self._busy_menu)
                pick.triggered.connect(self.busy_until_requested)
                continue
            name = "busy" if duration is Duration.UNTIL_CHANGED else f"busy-{duration.value}"
            action = self._action(name, duration_label(duration), self._busy_menu)
            action.triggered.connect(
                lambda _checked=False, d=duration: self.status_chosen.emit(
                    Status.BUSY, ends_at(d, self._now())
                )
            )
        self._away = self._action("away", status_words.status_label(Status.AWAY))
        self._offline = self._action("offline", status_words.status_label(Status.OFFLINE))
        for action in (self._online, self._away, self._offline):
            action.setCheckable(True)
            self._status_group.addAction(action)
        self._online.triggered.connect(lambda: self.status_chosen.emit(Status.ONLINE, None))
        self._away.triggered.connect(lambda: self.status_chosen.emit(Status.AWAY, None))
        self._offline.triggered.connect(lambda: self.status_chosen.emit(Status.OFFLINE, None))
        self.menu.addSeparator()
        self._sessions = self._action("sessions", "")
        self._sessions.setEnabled(False)
        self.menu.addSeparator()
        self._action("open", tr("Open availability…")).triggered.connect(self.open_requested)
        self._login = self._action("start-at-login", tr("Start at login"))
        self._login.setCheckable(True)
        self._login.toggled.connect(self.start_at_login_toggled)
        self._connect = self._action("connect", tr("Connect to a server…"))
        self._connect.triggered.connect(self.connect_requested)
        self._sign_in = self._action("sign-in", tr("Sign in…"))
        self._sign_in.triggered.connect(self.sign_in_requested)
        self._sign_out = self._action("sign-out", tr("Sign out"))
        self._sign_out.triggered.connect(self.sign_out_requested)
        self.menu.addSeparator()
        self._action("quit", tr("Quit")).triggered.connect(self.quit_requested)

    def action(self, name: str) -> QAction:
        """The menu action with this object name (tests trigger them)."""
        found = self.findChild(QAction, name)
        if found is None:
            raise KeyError(name)
        return found

    def menu_entries(self) -> list[str]:
        """The menu as text, one entry per visible action: '[x] Online', '(disabled) …'."""
        entries: list[str] = []

        def walk(menu: QMenu, indent: str) -> None:
            for action in menu.actions():
                if not action.isVisible():
                    continue
                if action.isSeparator():
                    entries.append(indent + "---")
                    continue
                mark = ("[x] " if action.isChecked() else "[ ] ") if action.isCheckable() else ""
                state = "" if action.isEnabled() else " (disabled)"
                entries.append(f"{indent}{mark}{action.text()}{state}")
                if action.menu() is not None:
                    walk(action.menu(), indent + "    ")  # type: ignore[arg-type]

        walk(self.menu, "")
        return entries

    # --- state ----------------------------------------------------------------------------

    def show_state(self, state: ClientState) -> None:
        self.state = state
        self._refresh()

    def set_start_at_login(self, enabled: bool) -> None:
        self._login.blockSignals(True)
        self._login.setChecked(enabled)
        self._login.blockSignals(False)

    def tooltip_text(self) -> str:
        state = self.state
        note = connection.connection_note(state.sync_state, state.problem)
        return status_words.tooltip(state.shown_status(), state.availability, note, self._now())

    def _refresh(self) -> None:
        state = self.state
        shown = state.shown_status()
        status = shown.status if shown is not None else None
        self.icon.setIcon(status_icon(status, state.sync_state is not SyncState.OFFLINE))
        tooltip = self.tooltip_text()
        self.icon.setToolTip(tooltip)
        self._status_line.setText(
            status_words.short_headline(shown, state.availability, self._now())
        )
        self._status_line.setIcon(glyph_icon(status))
        countdown = status_words.wrap_up_countdown(state.availability, self._now())
        self._wrap_up_left.setText(countdown)
        for action in (self._wrap_up_left, self._extend, self._ready):
            action.setVisible(bool(countdown) and state.signed_in)
        if countdown and not self._countdown.isActive():
            self._countdown.start()
        elif not countdown:
            self._countdown.stop()
        availability = state.availability
        preference = availability.preference if availability is not None else None
        for action in (self._online, self._away, self._offline):
            action.setChecked(action.objectName() == preference)
        self._busy_menu.setTitle(self._busy_title())
        choosable = not state.override_holds and state.signed_in
        for action in (self._online, self._away, self._offline):
            action.setEnabled(choosable)
        self._busy_menu.setEnabled(choosable)
        self._sessions.setText(
            status_words.sessions(state.status) if state.status else tr("No sessions")
        )
        self._connect.setVisible(state.local_mode)
        self._sign_in.setVisible(not state.local_mode and not state.signed_in)
        self._sign_out.setVisible(not state.local_mode and state.signed_in)

    def _busy_title(self) -> str:
        availability = self.state.availability
        busy = status_words.status_label(Status.BUSY)
        if availability is None or availability.preference is not Status.BUSY:
            return busy
        until = availability.preference_expires_at
        if until is None:
            return tr("{busy} (chosen)", busy=busy)
        return tr("{busy} (chosen, until {time})", busy=busy, time=clock_time(until, self._now()))

    # --- showing --------------------------------------------------------------------------

    def show(self) -> None:
        """Show the icon, or keep trying every 2 s while there is no tray host."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._waiting.stop()
            self.icon.show()
            self.icon.setToolTip(self.tooltip_text())  # some hosts drop one set before show()
            return
        if not self._waiting.isActive():
            self._waiting.start()
            self.tray_missing.emit()

    def notify(self, title: str, text: str) -> None:
        if self.icon.isVisible():
            status = self.state.status.status if self.state.status is not None else None
            self.icon.showMessage(title, text, status_icon(status, True), 8000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # On macOS a click opens the menu itself; it should not also raise the window.
        opens: tuple[QSystemTrayIcon.ActivationReason, ...]
        opens = (QSystemTrayIcon.ActivationReason.DoubleClick,)
        if sys.platform != "darwin":
            opens += (QSystemTrayIcon.ActivationReason.Trigger,)
        if reason in opens:
            self.clicked.emit()
