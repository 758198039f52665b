"""The composition root: builds the objects and wires their signals.

Nothing here decides a rule or draws a widget: the tray and window live in
`desktop.ui`, the rules on the server, activity in `desktop.activity`, and the network
in `desktop.sync`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from keyring.backend import KeyringBackend
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication

from desktop import notices, wording
from desktop.activity.monitor import ActivityMonitor
from desktop.autostart import Autostart, launch_command
from desktop.instance import CommandServer, Reply
from desktop.local_server import LocalServer
from desktop.memory_keyring import MemoryKeyring
from desktop.paths import AppPaths
from desktop.settings import SettingsError, SettingsFile, check_server_url
from desktop.sync.engine import SyncEngine
from desktop.ui.sign_in import SignInDialog
from desktop.ui.tray import Tray
from desktop.ui.window import AvailabilityWindow

log = logging.getLogger(__name__)


def computed_at(status: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(status["computed_at"])


class AvailabilityApp(QObject):
    """The running app: one engine at a time (local mode or a real server), one tray."""

    def __init__(
        self,
        application: QApplication,
        paths: AppPaths,
        settings: SettingsFile,
        monitor: ActivityMonitor,
        autostart: Autostart,
        *,
        server_url: str | None = None,
        keyring_backend: KeyringBackend | None = None,
        local_server_factory: Callable[[], LocalServer] = LocalServer,
    ) -> None:
        super().__init__()
        self.application = application
        self.paths = paths
        self.settings = settings
        self.monitor = monitor
        self.autostart = autostart
        self._keyring_backend = keyring_backend
        self._local_server_factory = local_server_factory
        self.local_server: LocalServer | None = None
        self.engine: SyncEngine | None = None
        self.server_url: str | None = None
        self.user: dict[str, Any] | None = None
        self.status: dict[str, Any] | None = None
        self._sign_in_replies: list[Reply] = []
        self._quitting = False

        self.tray = Tray()
        self.window = AvailabilityWindow()
        self.sign_in_dialog: SignInDialog | None = None
        self._wire_ui()
        self.tray.set_start_at_login(autostart.enabled())
        self.window.set_notifications(settings.settings.notifications)
        self.tray.show()

        self.monitor.returned.connect(self._on_activity)
        self.monitor.state_changed.connect(self._on_activity)
        self.monitor.resumed.connect(self._on_activity)
        self.monitor.about_to_sleep.connect(self._on_about_to_sleep)
        self.monitor.follow_focus(application)
        self.window.show_idle_unavailable(monitor.source_name == "unknown")
        if settings.problem:
            self.window.show_notice(settings.problem)

        self.commands = CommandServer(paths.instance_name, self.on_command, self)
        self.monitor.start()
        target = server_url or settings.settings.server_url
        if target is None:
            self.start_local_mode()
        else:
            self.use_server(target)
            assert self.engine is not None
            self.engine.restore()

    # --- wiring ---------------------------------------------------------------------------

    def _wire_ui(self) -> None:
        self.tray.status_chosen.connect(self.choose_status)
        self.tray.open_requested.connect(self.show_window)
        self.tray.start_at_login_toggled.connect(self.set_start_at_login)
        self.tray.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.tray.sign_out_requested.connect(self.sign_out)
        self.tray.quit_requested.connect(self.quit)
        self.tray.tray_missing.connect(self.show_window)
        self.window.edited.connect(self.edit)
        self.window.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.window.notifications_toggled.connect(
            lambda enabled: self.settings.update(notifications=enabled)
        )

    def _build_engine(self, url: str, local: bool) -> SyncEngine:
        if self.engine is not None:
            self.engine.close()
        folder = "local" if local else hashlib.sha256(url.encode()).hexdigest()[:16]
        keyring_backend = MemoryKeyring() if local else self._keyring_backend
        engine = SyncEngine(
            url,
            self.paths.client_dir / folder,
            lambda: (self.monitor.app_state(), self.monitor.idle_seconds()),
            keyring_backend=keyring_backend,
            parent=self,
        )
        engine.signed_in.connect(self._on_signed_in)
        engine.sign_in_failed.connect(self._on_sign_in_failed)
        engine.needs_sign_in.connect(lambda: self.ask_sign_in(self.server_url or ""))
        engine.status_changed.connect(self._on_status)
        engine.availability_changed.connect(self._on_availability)
        engine.sync_state_changed.connect(self._on_sync_state)
        engine.signed_out.connect(self._on_signed_out)
        engine.notice.connect(self._on_notice)
        engine.edit_lost.connect(self._on_edit_lost)
        engine.edit_rejected.connect(self.window.show_field_error)
        self.engine = engine
        self.server_url = url
        self.user = self.status = None
        self.tray.clear()
        self.tray.set_local_mode(local)
        self.window.set_local_mode(local)
        self._on_sync_state(engine.sync_state)
        return engine

    # --- modes ----------------------------------------------------------------------------

    @property
    def local_mode(self) -> bool:
        return self.local_server is not None

    def start_local_mode(self) -> None:
        """The embedded server, a local professional, signed in by itself."""
        self.tray.set_local_mode(True)
        self.window.set_local_mode(True)
        server = self._local_server_factory()
        server.ready.connect(self._on_local_ready)
        server.failed.connect(self._on_local_failed)
        self.local_server = server
        server.start()

    @Slot(str, str, str)
    def _on_local_ready(self, url: str, email: str, password: str) -> None:
        if self.local_server is None or self._quitting:
            return
        self._build_engine(url, local=True).sign_in(email, password)

    @Slot(str)
    def _on_local_failed(self, why: str) -> None:
        self.local_server = None
        self.window.show_notice(why)
        self.ask_sign_in("")

    def use_server(self, url: str) -> SyncEngine:
        """Switch to an organisation's server (leaving local mode), not yet signed in."""
        if self.engine is not None and self.server_url == url:
            return self.engine
        self._stop_local_server()
        return self._build_engine(url, local=False)

    def _stop_local_server(self) -> None:
        if self.engine is not None and self.local_server is not None:
            self.engine.send_offline()
            self.engine.close()
            self.engine = None
        if self.local_server is not None:
            self.local_server.stop()
            self.local_server = None

    # --- what the person does -------------------------------------------------------------

    @Slot()
    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def ask_sign_in(self, server_url: str) -> None:
        if self.sign_in_dialog is None:
            self.sign_in_dialog = SignInDialog(server_url)
            self.sign_in_dialog.submitted.connect(self.sign_in)
            self.sign_in_dialog.rejected.connect(self._on_sign_in_cancelled)
        elif server_url and not self.sign_in_dialog.server.text():
            self.sign_in_dialog.server.setText(server_url)
        self.sign_in_dialog.show()
        self.sign_in_dialog.raise_()
        self.sign_in_dialog.activateWindow()

    @Slot()
    def _on_sign_in_cancelled(self) -> None:
        """Nobody signed in and no server chosen: local mode keeps the app useful."""
        if (
            self.user is None
            and self.settings.settings.server_url is None
            and not (self._quitting or self.local_mode)
        ):
            if self.engine is not None:
                self.engine.close()
                self.engine = None
            self.start_local_mode()

    @Slot(str, str, str)
    def sign_in(self, server_url: str, email: str, password: str) -> None:
        self.use_server(server_url).sign_in(email, password)

    @Slot(str, object)
    def choose_status(self, preference: str, until: datetime | None) -> None:
        self.edit(
            {
                "preference": preference,
                "preference_expires_at": until.isoformat() if until else None,
            }
        )

    @Slot(dict)
    def edit(self, changes: dict[str, Any]) -> None:
        if self.engine is None:
            self.window.show_notice("Sign in first: there is no server to save this to yet.")
            return
        self.engine.edit(changes)
        local = self.engine.local_availability()
        if local:
            self.tray.update(availability=local)
            self.window.show_availability(local)

    @Slot(bool)
    def set_start_at_login(self, enabled: bool) -> None:
        try:
            if enabled:
                self.autostart.enable(launch_command())
            else:
                self.autostart.disable()
        except OSError as error:
            self.window.show_notice(f"Could not change 'Start at login': {error}")
        self.tray.set_start_at_login(self.autostart.enabled())

    @Slot()
    def sign_out(self) -> None:
        if self.engine is not None:
            self.engine.sign_out()
        self.user = None
        self.settings.update(server_url=None)

    @Slot()
    def quit(self) -> None:
        """Send `offline`, then stop everything and leave the event loop."""
        if self._quitting:
            return
        self._quitting = True
        self.window.flush()
        self.window.quitting = True
        if self.engine is not None and self.user is not None:
            self.engine.send_offline(self._finish)
        else:
            self._finish()

    def _finish(self) -> None:
        self.commands.close()
        self.monitor.stop()
        if self.engine is not None:
            self.engine.close()
        if self.local_server is not None:
            self.local_server.stop()
        self.tray.icon.hide()
        self.application.quit()

    # --- what the engine and the monitor report -------------------------------------------

    @Slot()
    def _on_activity(self) -> None:
        if self.engine is not None:
            self.engine.on_activity_changed()

    @Slot()
    def _on_about_to_sleep(self) -> None:
        if self.engine is not None and self.user is not None:
            self.engine.send_offline(self.monitor.allow_sleep)
        else:
            self.monitor.allow_sleep()

    @Slot(dict)
    def _on_signed_in(self, user: dict[str, Any]) -> None:
        self.user = user
        if not self.local_mode and self.server_url:
            self.settings.update(server_url=self.server_url)
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.set_busy(False)
            self.sign_in_dialog.accept()
        self._answer_sign_in({"ok": True, "user": user, "server": self.server_url})

    @Slot(str)
    def _on_sign_in_failed(self, why: str) -> None:
        if self.local_mode:
            self.window.show_notice(f"Local mode could not sign in: {why}")
        elif self.sign_in_dialog is not None:
            self.sign_in_dialog.show_error(why)
        self._answer_sign_in({"ok": False, "error": why})

    def _answer_sign_in(self, answer: dict[str, Any]) -> None:
        replies, self._sign_in_replies = self._sign_in_replies, []
        for reply in replies:
            reply(answer)

    @Slot(dict)
    def _on_status(self, status: dict[str, Any]) -> None:
        # Heartbeat answers and the event stream race: never step back to an older state.
        if self.status is not None and computed_at(status) < computed_at(self.status):
            return
        previous, self.status = self.status, status
        self.tray.update(status=status)
        self.window.show_status(status)
        notice = notices.notice_for(previous, status)
        if notice is not None and self.settings.settings.notifications:
            self.tray.notify(*notice)

    @Slot(dict)
    def _on_availability(self, _document: dict[str, Any]) -> None:
        assert self.engine is not None
        local = self.engine.local_availability()
        self.tray.update(availability=local)
        self.window.show_availability(local)

    @Slot(str)
    def _on_sync_state(self, state: str) -> None:
        self.tray.update(sync_state=state)
        self.window.show_sync_state(state)

    @Slot(str)
    def _on_signed_out(self, reason: str) -> None:
        self.user = None
        self.window.show_notice(reason)
        self.tray.notify("Signed out", reason)
        self.ask_sign_in(self.server_url or "")

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        if self.local_mode and "keyring" in text:
            return
        self.window.show_notice(text)

    @Slot(str, str)
    def _on_edit_lost(self, field: str, message: str) -> None:
        self.window.show_field_error(field, message)
        self.window.show_notice(message)

    # --- commands from `availability …` ---------------------------------------------------

    def on_command(self, request: dict[str, Any], reply: Reply) -> None:
        command = request["command"]
        if command == "status":
            reply(self._status_answer())
        elif command == "set_status":
            reply(self._set_status(request))
        elif command == "sign_in":
            self._command_sign_in(request, reply)
        elif command == "show":
            self.show_window()
            reply({"ok": True})
        elif command == "quit":
            reply({"ok": True})
            self.quit()
        else:
            reply({"ok": False, "error": f"Unknown command {command!r}."})

    def _status_answer(self) -> dict[str, Any]:
        availability = self.engine.local_availability() if self.engine else None
        text = (
            wording.status_line(self.status, availability, datetime.now().astimezone())
            if self.status
            else "Not connected yet"
        )
        return {
            "ok": True,
            "status": self.status,
            "availability": availability or None,
            "sync_state": self.engine.sync_state if self.engine else "offline",
            "mode": "local" if self.local_mode else "server",
            "server": self.server_url,
            "signed_in": self.user is not None,
            "text": text,
        }

    def _set_status(self, request: dict[str, Any]) -> dict[str, Any]:
        preference = request.get("status")
        if preference not in wording.STATUS_LABELS:
            choices = ", ".join(wording.STATUS_LABELS)
            return {"ok": False, "error": f"{preference!r} is not a status; use one of {choices}."}
        if self.engine is None or self.user is None:
            return {"ok": False, "error": "The app is not signed in yet; try again in a moment."}
        availability = self.engine.local_availability()
        if availability.get("admin_override"):
            return {
                "ok": False,
                "error": wording.explanation(
                    {
                        **(self.status or {}),
                        "status": availability["admin_override"]["status"],
                        "reason": "admin_override",
                    },
                    availability,
                    datetime.now().astimezone(),
                )
                + " Your status cannot be changed until it ends.",
            }
        seconds = request.get("for_seconds")
        if seconds is not None and (not isinstance(seconds, int | float) or seconds <= 0):
            return {"ok": False, "error": "The duration must be a positive number of seconds."}
        until = datetime.now().astimezone() + timedelta(seconds=seconds) if seconds else None
        self.choose_status(preference, until)
        label = wording.STATUS_LABELS[preference]
        return {
            "ok": True,
            "text": f"Status set to {label}"
            + (f" until {wording.clock_time(until, datetime.now().astimezone())}" if until else "")
            + ".",
        }

    def _command_sign_in(self, request: dict[str, Any], reply: Reply) -> None:
        try:
            url = check_server_url(str(request.get("server", "")))
        except SettingsError as error:
            reply({"ok": False, "error": str(error)})
            return
        email, password = request.get("email"), request.get("password")
        if not isinstance(email, str) or "@" not in email or not isinstance(password, str):
            reply({"ok": False, "error": "An email address and a password are needed."})
            return
        self._sign_in_replies.append(reply)
        self.sign_in(url, email, password)
