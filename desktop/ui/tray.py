"""The tray icon, its tooltip and its context menu.

Tooltip and menu come from plain methods (`tooltip_text`, `menu_entries`) so tests read
them without a tray host. If no tray host exists yet (a desktop still starting), the
icon waits for one and says so through `tray_missing`; the app shows its window
meanwhile and never quits for want of a tray.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop import wording
from desktop.ui.icons import status_icon

TRAY_RETRY_MS = 2000


class Tray(QObject):
    """Signals:
    status_chosen(str, object): a preference and when it ends (an aware datetime or None).
    open_requested(): show the availability window.
    start_at_login_toggled(bool)
    menu_opening(): the menu is about to show (the app re-reads what may have changed).
    connect_requested(): local mode only: connect to an organisation's server.
    sign_in_requested(): nobody is signed in to the organisation's server.
    sign_out_requested()
    quit_requested()
    tray_missing(): there is no tray host (yet); show the window instead.
    """

    status_chosen = Signal(str, object)
    open_requested = Signal()
    start_at_login_toggled = Signal(bool)
    menu_opening = Signal()
    connect_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    quit_requested = Signal()
    tray_missing = Signal()

    def __init__(
        self,
        clock: Any = None,
        parent: QObject | None = None,
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        """`icon`: one already shown (by the launcher), to take over; else a new one."""
        super().__init__(parent)
        self._now = clock or (lambda: datetime.now().astimezone())
        self.status: dict[str, Any] | None = None
        self.availability: dict[str, Any] | None = None
        self.sync_state = "offline"
        self.problem = ""  # what is wrong while offline (desktop.sync.errors.PROBLEMS)
        self.local_mode = False
        self.signed_in = False
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
        self._refresh()

    # --- the menu -----------------------------------------------------------------------

    def _action(self, name: str, text: str, menu: QMenu | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        (menu or self.menu).addAction(action)
        return action

    def _build_menu(self) -> None:
        self._status_group = QActionGroup(self)
        self._online = self._action("online", "Online")
        self._busy_menu = QMenu("Busy", self.menu)
        self._busy_menu.setObjectName("busy-menu")
        self.menu.addMenu(self._busy_menu)
        self._busy_hour = self._action("busy-1h", "For 1 hour", self._busy_menu)
        self._busy_tomorrow = self._action("busy-tomorrow", "Until tomorrow", self._busy_menu)
        self._busy_forever = self._action("busy", "Until I change it", self._busy_menu)
        self._away = self._action("away", "Away")
        self._offline = self._action("offline", "Offline")
        for action in (self._online, self._away, self._offline):
            action.setCheckable(True)
            self._status_group.addAction(action)
        self._online.triggered.connect(lambda: self.status_chosen.emit("online", None))
        self._away.triggered.connect(lambda: self.status_chosen.emit("away", None))
        self._offline.triggered.connect(lambda: self.status_chosen.emit("offline", None))
        self._busy_hour.triggered.connect(
            lambda: self.status_chosen.emit("busy", self._now() + timedelta(hours=1))
        )
        self._busy_tomorrow.triggered.connect(
            lambda: self.status_chosen.emit("busy", wording.start_of_tomorrow(self._now()))
        )
        self._busy_forever.triggered.connect(lambda: self.status_chosen.emit("busy", None))
        self._override = self._action("override", "")
        self._override.setEnabled(False)
        self.menu.addSeparator()
        self._sessions = self._action("sessions", "")
        self._sessions.setEnabled(False)
        self.menu.addSeparator()
        self._action("open", "Open availability…").triggered.connect(self.open_requested)
        self._login = self._action("start-at-login", "Start at login")
        self._login.setCheckable(True)
        self._login.toggled.connect(self.start_at_login_toggled)
        self._connect = self._action("connect", "Connect to a server…")
        self._connect.triggered.connect(self.connect_requested)
        self._sign_in = self._action("sign-in", "Sign in…")
        self._sign_in.triggered.connect(self.sign_in_requested)
        self._sign_out = self._action("sign-out", "Sign out")
        self._sign_out.triggered.connect(self.sign_out_requested)
        self.menu.addSeparator()
        self._action("quit", "Quit").triggered.connect(self.quit_requested)

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

    def update(
        self,
        status: dict[str, Any] | None = None,
        availability: dict[str, Any] | None = None,
        sync_state: str | None = None,
        problem: str | None = None,
    ) -> None:
        if status is not None:
            self.status = status
        if availability is not None:
            self.availability = availability
        if sync_state is not None:
            self.sync_state = sync_state
        if problem is not None:
            self.problem = problem
        self._refresh()

    def clear(self) -> None:
        """Forget the status: a new server or account is about to answer."""
        self.status = self.availability = None
        self._refresh()

    def set_local_mode(self, local: bool) -> None:
        self.local_mode = local
        self._refresh()

    def set_signed_in(self, signed_in: bool) -> None:
        self.signed_in = signed_in
        self._refresh()

    def set_start_at_login(self, enabled: bool) -> None:
        self._login.blockSignals(True)
        self._login.setChecked(enabled)
        self._login.blockSignals(False)

    def tooltip_text(self) -> str:
        shown = wording.shown_status(self.status, self.availability)
        return wording.tooltip(shown, self.availability, self.sync_state, self.problem)

    def _refresh(self) -> None:
        shown = wording.shown_status(self.status, self.availability)
        status = shown["status"] if shown else None
        self.icon.setIcon(status_icon(status, self.sync_state != "offline" and bool(status)))
        self.icon.setToolTip(self.tooltip_text())
        preference = (self.availability or {}).get("preference")
        for action in (self._online, self._away, self._offline):
            action.setChecked(action.objectName() == preference)
        self._busy_menu.setTitle(self._busy_title(preference))
        override = (self.availability or {}).get("admin_override")
        choosable = override is None and self.signed_in
        for action in (self._online, self._away, self._offline):
            action.setEnabled(choosable)
        self._busy_menu.setEnabled(choosable)
        self._override.setVisible(override is not None)
        if override is not None:
            self._override.setText(
                wording.explanation(
                    {
                        **(self.status or {}),
                        "status": override["status"],
                        "reason": "admin_override",
                    },
                    self.availability,
                    self._now(),
                ).removesuffix(".")
            )
        self._sessions.setText(wording.sessions(self.status) if self.status else "No sessions")
        self._connect.setVisible(self.local_mode)
        self._sign_in.setVisible(not self.local_mode and not self.signed_in)
        self._sign_out.setVisible(not self.local_mode and self.signed_in)

    def _busy_title(self, preference: str | None) -> str:
        if preference != "busy":
            return "Busy"
        until = wording.parse_time((self.availability or {}).get("preference_expires_at"))
        if until is None:
            return "Busy (chosen)"
        return f"Busy (chosen, until {wording.clock_time(until, self._now())})"

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
            self.icon.showMessage(
                title, text, status_icon(self.status["status"] if self.status else None, True), 8000
            )

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # On macOS a click opens the menu itself; it should not also raise the window.
        opens: tuple[QSystemTrayIcon.ActivationReason, ...]
        opens = (QSystemTrayIcon.ActivationReason.DoubleClick,)
        if sys.platform != "darwin":
            opens += (QSystemTrayIcon.ActivationReason.Trigger,)
        if reason in opens:
            self.open_requested.emit()
