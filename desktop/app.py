"""The composition root: builds the objects and wires their signals.

Nothing here decides a rule or draws a widget: the tray and window live in
`desktop.ui`, the rules on the server, activity in `desktop.activity`, and the network
in `desktop.sync`.

One engine is current at a time: local mode's, or an organisation server's. A sign-in
to another server runs on a candidate engine, and only a successful one replaces the
current engine, so a mistyped password never leaves the app with nothing. Every signal
of a replaced engine is ignored from then on.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication

from desktop import notices
from desktop.activity.monitor import ActivityMonitor
from desktop.autostart import Autostart, launch_command
from desktop.commands import Commands
from desktop.instance import CommandServer, Reply
from desktop.local_server import LocalServer
from desktop.logs import LOG_FILE
from desktop.memory_keyring import MemoryKeyring
from desktop.paths import AppPaths
from desktop.settings import SettingsFile
from desktop.sync.api import StatusApi
from desktop.sync.engine import SyncEngine
from desktop.sync.password_store import PasswordStore, SystemKeyring
from desktop.ui.sign_in import SignInDialog
from desktop.ui.tray import Tray
from desktop.ui.window import AvailabilityWindow
from desktop.unhandled_errors import UnhandledErrors

log = logging.getLogger(__name__)

# Local mode's folder and outbox name: its embedded server gets a new port every start.
LOCAL_SERVER_KEY = "local"
PLAINTEXT_KEYRING = (
    "The system keyring stores passwords in a plain file, so your sign-in is kept only "
    "until the app quits."
)


def computed_at(status: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(status["computed_at"])


def usable_keyring(store: PasswordStore | None) -> PasswordStore | None:
    """The given store, or the system keyring unless it would write tokens to a plain file."""
    if store is not None:
        return store
    system = SystemKeyring()
    return None if system.writes_plain_text() else system


class AvailabilityApp(QObject):
    """The running app: one current engine (local mode or a real server), one tray."""

    def __init__(
        self,
        application: QGuiApplication,
        paths: AppPaths,
        settings: SettingsFile,
        monitor: ActivityMonitor,
        autostart: Autostart,
        *,
        server_url: str | None = None,
        keyring_backend: PasswordStore | None = None,
        local_server_factory: Callable[[], LocalServer] = LocalServer,
        api_factory: Callable[[str], StatusApi] = StatusApi,
        tray: Tray | None = None,
        commands: CommandServer | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        self.paths = paths
        self.settings = settings
        self.monitor = monitor
        self.autostart = autostart
        self._keyring_backend = keyring_backend
        self._local_server_factory = local_server_factory
        self._api_factory = api_factory
        self.local_server: LocalServer | None = None
        self._local_failure: str | None = None
        self.engine: SyncEngine | None = None
        self._candidate: SyncEngine | None = None
        self._replies: list[tuple[SyncEngine, Reply]] = []
        self._retired: set[SyncEngine] = set()
        self._explicit_server = server_url is not None
        self.server_url: str | None = None
        self.user: dict[str, Any] | None = None
        self.status: dict[str, Any] | None = None
        self._quitting = False
        self.finished = False

        self.tray = tray or Tray()  # made early by the launcher, so it shows at once
        self.window = AvailabilityWindow()
        self.sign_in_dialog: SignInDialog | None = None
        # From here on, an exception in a slot is logged and told, not left on stderr.
        self.unhandled_errors = UnhandledErrors(
            lambda text: self._tell(text, title="Something went wrong"),
            paths.log_dir / LOG_FILE,
            parent=self,
        )
        self.unhandled_errors.install()
        self._wire_ui()
        self.tray.set_start_at_login(autostart.enabled())
        self.window.set_notifications(settings.settings.notifications)
        self.tray.show()

        self.monitor.returned.connect(self._on_activity)
        self.monitor.state_changed.connect(self._on_activity)
        self.monitor.resumed.connect(self._on_resumed)
        self.monitor.about_to_sleep.connect(self._on_about_to_sleep)
        self.monitor.follow_focus(application)
        self.window.show_idle_unavailable(monitor.source_name == "unknown")
        if settings.problem:
            self._tell(settings.problem)

        # The launcher listens before the app exists, so early commands wait, not fail.
        self.commands = commands or CommandServer(paths.instance_socket, parent=self)
        self.commands.set_handler(Commands(self).handle)
        self.monitor.start()
        target = server_url or settings.settings.server_url
        if target is None:
            self.start_local_mode()
        else:
            self._start_server_mode(target)

    # --- wiring ---------------------------------------------------------------------------

    def _wire_ui(self) -> None:
        self.tray.status_chosen.connect(self.choose_status)
        self.tray.open_requested.connect(self.show_window)
        self.tray.start_at_login_toggled.connect(self.set_start_at_login)
        # `availability autostart on|off` may have changed it since.
        self.tray.menu_opening.connect(
            lambda: self.tray.set_start_at_login(self.autostart.enabled())
        )
        self.tray.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.tray.sign_in_requested.connect(lambda: self.ask_sign_in(self.server_url or ""))
        self.tray.sign_out_requested.connect(self.sign_out)
        self.tray.quit_requested.connect(self.quit)
        self.tray.tray_missing.connect(self._on_tray_missing)
        self.window.edited.connect(self.edit)
        self.window.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.window.notifications_toggled.connect(
            lambda enabled: self.settings.update(notifications=enabled)
        )

    def _new_engine(self, url: str, local: bool) -> SyncEngine:
        """An engine for `url`, whose signals reach the app only while it is current."""
        folder = LOCAL_SERVER_KEY if local else hashlib.sha256(url.encode()).hexdigest()[:16]
        backend: PasswordStore | None = MemoryKeyring()
        if not local:
            backend = usable_keyring(self._keyring_backend)
            if backend is None:
                backend = MemoryKeyring()
                self._tell(PLAINTEXT_KEYRING)
        engine = SyncEngine(
            url,
            self.paths.client_dir / folder,
            lambda: (self.monitor.app_state(), self.monitor.idle_seconds()),
            api=self._api_factory(url),
            keyring_backend=backend,
            server_key=LOCAL_SERVER_KEY if local else None,
            parent=self,
        )

        def current(slot: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: slot(*args) if self.engine is engine else None

        engine.signed_in.connect(lambda user: self._on_engine_signed_in(engine, user))
        engine.sign_in_failed.connect(lambda why: self._on_engine_sign_in_failed(engine, why))
        engine.needs_sign_in.connect(current(lambda: self.ask_sign_in(self.server_url or "")))
        engine.status_changed.connect(current(self._on_status))
        engine.availability_changed.connect(current(self._on_availability))
        engine.sync_state_changed.connect(current(self._on_sync_state))
        engine.signed_out.connect(current(self._on_signed_out))
        # A candidate's notices count too: what it found on disk holds whichever way it goes.
        engine.notice.connect(
            lambda text: self._on_notice(text) if engine in (self.engine, self._candidate) else None
        )
        engine.edit_lost.connect(current(self._on_edit_lost))
        engine.edit_rejected.connect(current(self._on_edit_rejected))
        return engine

    def _adopt(self, engine: SyncEngine, local: bool) -> SyncEngine:
        """Make `engine` current; the previous one says `offline` and stops."""
        previous, previous_server = self.engine, None
        if not local:
            previous_server, self.local_server = self.local_server, None
        self.engine = engine
        if previous is not None and previous is not engine:
            self._retire(previous, previous_server)
        elif previous_server is not None:
            previous_server.stop()
        self.server_url = engine.api.base_url
        self.user = self.status = None
        self.tray.clear()
        self.tray.set_local_mode(local)
        self.tray.set_signed_in(False)
        self.window.set_local_mode(local)
        self.window.clear_status()
        self._on_sync_state(engine.sync_state)
        return engine

    def _retire(self, engine: SyncEngine, local_server: LocalServer | None = None) -> None:
        """Stop an engine that is no longer current: `offline` first if it was signed in."""

        def finish() -> None:
            # Its workers may sit in a stalled request: they are joined off the UI thread,
            # and the engine is kept alive until they have ended.
            self._retired.add(engine)
            engine.retired.connect(lambda: self._on_engine_retired(engine))
            engine.retire()
            if local_server is not None:
                local_server.stop()

        if engine.credentials.user is not None:
            engine.send_offline(finish)
        else:
            finish()

    def _on_engine_retired(self, engine: SyncEngine) -> None:
        self._retired.discard(engine)
        engine.deleteLater()

    def join_workers(self, timeout: float) -> bool:
        """After the event loop has ended: give every engine's workers `timeout` to end."""
        deadline = time.monotonic() + timeout
        engines = [e for e in (self.engine, self._candidate, *self._retired) if e is not None]
        return all(e.join(max(0.0, deadline - time.monotonic())) for e in engines)

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
        server.notice.connect(self._on_notice)
        self.local_server = server
        server.start()

    def _start_server_mode(self, url: str) -> None:
        """An engine for `url`, restoring the saved sign-in; if none can be made, say why."""
        try:
            engine = self._new_engine(url, local=False)
        except Exception as error:
            log.exception("The connection to %s could not start", url)
            self._tell(f"The connection to {url} could not start: {error}")
            self.ask_sign_in(url)
            return
        self._adopt(engine, local=False).restore()

    @Slot(str, str, str)
    def _on_local_ready(self, url: str, email: str, password: str) -> None:
        if self.local_server is None or self._quitting:
            return
        try:
            engine = self._new_engine(url, local=True)
        except Exception as error:
            log.exception("Local mode could not start")
            self.local_server.stop()
            self._on_local_failed(f"Local mode could not start: {error}")
            return
        self._adopt(engine, local=True).sign_in(email, password)

    @Slot(str)
    def _on_local_failed(self, why: str) -> None:
        self.local_server = None
        self._local_failure = why
        self.tray.set_local_mode(False)
        self.window.set_local_mode(False)
        self._on_sync_state("offline")  # no longer "Starting…"
        self._tell(why)
        self.ask_sign_in("")
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.show_error(why)

    # --- what the person does -------------------------------------------------------------

    @Slot()
    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    @Slot()
    def _on_tray_missing(self) -> None:
        self.window.set_tray_available(False)
        self.show_window()

    def ask_sign_in(self, server_url: str) -> None:
        if self._quitting:
            return
        if self.sign_in_dialog is None:
            self.sign_in_dialog = SignInDialog(server_url)
            self.sign_in_dialog.submitted.connect(self.sign_in)
            self.sign_in_dialog.rejected.connect(self._on_sign_in_cancelled)
        elif server_url and not self.sign_in_dialog.server.text():
            self.sign_in_dialog.server.setText(server_url)
        self.sign_in_dialog.reset()
        self.sign_in_dialog.show()
        self.sign_in_dialog.raise_()
        self.sign_in_dialog.activateWindow()

    def sign_in(
        self, server_url: str, email: str, password: str, reply: Reply | None = None
    ) -> None:
        """Sign in to `server_url`; the current mode stays until the sign-in succeeds."""
        engine = self.engine
        if (
            engine is None
            or self.local_mode
            or self.user is not None
            or (self.server_url != server_url)
        ):
            if self._candidate is not None:
                self._retire(self._candidate)
            engine = self._candidate = self._new_engine(server_url, local=False)
        if reply is not None:
            self._replies.append((engine, reply))
        engine.sign_in(email, password)

    @Slot()
    def _on_sign_in_cancelled(self) -> None:
        """With nobody signed in and no server chosen, local mode keeps the app useful."""
        if self._candidate is not None:
            self._retire(self._candidate)
            self._candidate = None
        if (
            self.user is None
            and not (self._quitting or self.local_mode or self._explicit_server)
            and self.settings.settings.server_url is None
            and self._local_failure is None
        ):
            self.start_local_mode()

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
        if self.engine is None or self.user is None:
            self._tell("Sign in first: there is no account to save this to yet.")
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
            self._tell(f"Could not change 'Start at login': {error}")
        self.tray.set_start_at_login(self.autostart.enabled())

    @Slot()
    def sign_out(self) -> None:
        if self.engine is not None:
            self.engine.sign_out()
        self._forget_person()
        self.settings.update(server_url=None)

    @Slot()
    def quit(self) -> None:
        """Send `offline`, then stop everything and leave the event loop."""
        if self._quitting:
            return
        self._quitting = True
        self.window.flush()
        self.window.quitting = True
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        if self._candidate is not None:
            self._retire(self._candidate)
            self._candidate = None
        if self.engine is not None and self.user is not None:
            self.engine.send_offline(self._finish)
        else:
            self._finish()

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.unhandled_errors.uninstall()
        self.commands.close()
        self.monitor.stop()
        if self.engine is not None:
            self.engine.shut_down()  # the UI thread does not wait for its workers
        if self.local_server is not None:
            self.local_server.stop()
        self.tray.icon.hide()
        self.window.close()
        self.application.quit()

    # --- what the engines and the monitor report ------------------------------------------

    @Slot()
    def _on_activity(self) -> None:
        if self.engine is not None:
            self.engine.on_activity_changed()

    @Slot()
    def _on_resumed(self) -> None:
        if self.engine is not None and self.user is not None:
            self.engine.on_resumed()  # not "synced" again before the server has answered
        elif self.engine is not None:
            self.engine.on_activity_changed()

    @Slot()
    def _on_about_to_sleep(self) -> None:
        if self.engine is not None and self.user is not None:
            self.engine.send_offline(self.monitor.allow_sleep)
        else:
            self.monitor.allow_sleep()

    def _on_engine_signed_in(self, engine: SyncEngine, user: dict[str, Any]) -> None:
        if engine is self._candidate:
            self._candidate = None
            self._adopt(engine, local=False)
        elif engine is not self.engine:
            return
        self.user = user
        self.tray.set_signed_in(True)
        self._on_sync_state(engine.sync_state)
        if not self.local_mode:
            self.settings.update(server_url=self.server_url)
            self._explicit_server = True
        if self.sign_in_dialog is not None and not self.local_mode:
            self.sign_in_dialog.reset()
            self.sign_in_dialog.accept()
        self._answer(engine, {"ok": True, "user": user, "server": self.server_url})

    def _on_engine_sign_in_failed(self, engine: SyncEngine, why: str) -> None:
        if engine is self._candidate:
            self._candidate = None
            self._retire(engine)
        elif engine is not self.engine:
            return
        elif self.local_mode:
            self._tell(f"Local mode could not sign in: {why}")
        elif self.sign_in_dialog is None or not self.sign_in_dialog.isVisible():
            self.ask_sign_in(self.server_url or "")
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            self.sign_in_dialog.show_error(why)
        self._answer(engine, {"ok": False, "error": why})

    def _answer(self, engine: SyncEngine, answer: dict[str, Any]) -> None:
        waiting = [reply for owner, reply in self._replies if owner is engine]
        self._replies = [(owner, reply) for owner, reply in self._replies if owner is not engine]
        for reply in waiting:
            reply(answer)

    def _on_status(self, status: dict[str, Any]) -> None:
        if self.user is None:
            return  # an answer that was on its way when the person signed out
        # Heartbeat answers and the event stream race: never step back to an older state.
        if self.status is not None and computed_at(status) < computed_at(self.status):
            return
        previous, self.status = self.status, status
        # The server's thresholds may differ from the monitor's: once it shows us idle,
        # the next input is a return and must reach it at once.
        self.monitor.expect_return(status.get("reason") in ("idle", "inactive"))
        self.tray.update(status=status)
        self.window.show_status(status)
        notice = notices.notice_for(previous, status)
        if notice is not None and self.settings.settings.notifications:
            self.tray.notify(*notice)

    def _on_availability(self, _document: dict[str, Any]) -> None:
        if self.engine is None or self.user is None:
            return
        local = self.engine.local_availability()
        if local:
            self.tray.update(availability=local)
            self.window.show_availability(local)

    def _on_sync_state(self, state: str) -> None:
        problem = self.engine.problem if self.engine is not None else ""
        self.tray.update(sync_state=state, problem=problem)
        if self.user is None:
            state = "starting" if self.local_mode else "signed_out"
        self.window.show_sync_state(state, problem)

    def _forget_person(self) -> None:
        self.user = self.status = None
        self.monitor.expect_return(False)
        self.tray.clear()
        self.tray.set_signed_in(False)
        self.window.clear_status("Signed out", "Sign in to show your status.")
        self._on_sync_state("offline")

    def _on_signed_out(self, reason: str) -> None:
        self._forget_person()
        self._tell(reason, title="Signed out")
        self.ask_sign_in(self.server_url or "")

    def _on_notice(self, text: str) -> None:
        self._tell(text)

    def _on_edit_lost(self, field: str, message: str) -> None:
        self.window.show_field_error(field, message)
        self._tell(message, title="Your change was not kept")

    def _on_edit_rejected(self, field: str, message: str) -> None:
        self.window.show_field_error(field, message)
        if not self.window.isVisible():
            self.tray.notify("Your change was refused", message)

    def _tell(self, text: str, title: str = "Availability") -> None:
        """Something the person must read: in the window, and as a notification if hidden."""
        self.window.show_notice(text)
        if not self.window.isVisible():
            self.tray.notify(title, text)
