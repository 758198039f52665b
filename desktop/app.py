"""The composition root: builds the objects and wires their signals.

Nothing here decides a rule or keeps state: the client session (`desktop.core`) runs
the engines and says what it knows as one `ClientState`; the tray, the window and the
command socket show it and hand the person's choices back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication

from desktop.activity.monitor import ActivityMonitor
from desktop.autostart import Autostart, launch_command
from desktop.commands import Commands
from desktop.core.client_state import ClientState
from desktop.core.session import ClientSession
from desktop.instance import CommandServer
from desktop.local_server import LocalServer
from desktop.logs import LOG_FILE
from desktop.paths import AppPaths
from desktop.settings import SettingsFile
from desktop.signals.calendar_editing import CalendarEditing
from desktop.signals.hub import SignalHub
from desktop.sync.api import StatusApi
from desktop.sync.password_store import PasswordStore
from desktop.ui.calendar_dialog import CalendarDialog
from desktop.ui.sign_in import SignInDialog
from desktop.ui.tray import Tray
from desktop.ui.window import AvailabilityWindow
from desktop.unhandled_errors import UnhandledErrors
from desktop.wording import session_messages
from presence.documents import AvailabilityChanges

log = logging.getLogger(__name__)


class AvailabilityApp(QObject):
    """The running app: one client session, one tray, one window."""

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
        signals: SignalHub | None = None,
        calendar_editing: CalendarEditing | None = None,
    ) -> None:
        """`signals`: calls, calendar and Do Not Disturb (None: watch none);
        `calendar_editing`: adds and removes calendars (None: the window cannot)."""
        super().__init__()
        self.signals = signals
        self.calendar_editing = calendar_editing
        self.calendar_dialog: CalendarDialog | None = None
        self.application = application
        self.paths = paths
        self.settings = settings
        self.monitor = monitor
        self.autostart = autostart
        self.finished = False
        self.session = ClientSession(
            paths.client_dir,
            settings,
            monitor,
            keyring_backend=keyring_backend,
            local_server_factory=local_server_factory,
            api_factory=api_factory,
            signals=signals,
            parent=self,
        )
        self.tray = tray or Tray()  # made early by the launcher, so it shows at once
        self.window = AvailabilityWindow(idle_seconds=monitor.idle_seconds)
        self.window.set_titles_shown(settings.settings.show_event_titles)
        self.sign_in_dialog: SignInDialog | None = None
        # From here on, an exception in a slot is logged and told, not left on stderr.
        self.unhandled_errors = UnhandledErrors(
            lambda text: self._tell(session_messages.something_went_wrong(), text),
            paths.log_dir / LOG_FILE,
            parent=self,
        )
        self.unhandled_errors.install()
        self._wire_ui()
        self._wire_session()
        self.tray.set_start_at_login(autostart.enabled())
        self.window.set_notifications(settings.settings.notifications)
        self.tray.show()
        if signals is not None:
            signals.start()

        monitor.follow_focus(application)
        self.window.show_idle_unavailable(monitor.source_name == "unknown")
        if settings.problem:
            self._tell(session_messages.app_title(), settings.problem)

        # The launcher listens before the app exists, so early commands wait, not fail.
        self.commands = commands or CommandServer(paths.instance_socket, parent=self)
        self.commands.set_handler(Commands(self.session, self.show_window, self.quit).handle)
        self.session.start(server_url)

    @property
    def state(self) -> ClientState:
        return self.session.state

    # --- wiring ---------------------------------------------------------------------------

    def _wire_ui(self) -> None:
        session = self.session
        self.tray.status_chosen.connect(session.choose_status)
        self.tray.open_requested.connect(self.show_window)
        self.tray.clicked.connect(self.toggle_window)
        self.tray.busy_until_requested.connect(self.pick_busy_until)
        self.tray.start_at_login_toggled.connect(self.set_start_at_login)
        # `availability autostart on|off` may have changed it since.
        self.tray.menu_opening.connect(
            lambda: self.tray.set_start_at_login(self.autostart.enabled())
        )
        self.tray.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.tray.sign_in_requested.connect(
            lambda: self.ask_sign_in(session.state.server_url or "")
        )
        self.tray.sign_out_requested.connect(session.sign_out)
        self.tray.wrap_up_extended.connect(session.extend_wrap_up)
        self.tray.wrap_up_ended.connect(session.end_wrap_up)
        self.tray.quit_requested.connect(self.quit)
        self.tray.tray_missing.connect(self._on_tray_missing)
        self.window.edited.connect(self._on_edited)
        self.window.connect_requested.connect(lambda: self.ask_sign_in(""))
        self.window.sign_in_requested.connect(
            lambda: self.ask_sign_in(session.state.server_url or "")
        )
        self.window.sign_out_requested.connect(session.sign_out)
        self.window.local_mode_requested.connect(session.use_local_mode)
        self.window.quit_requested.connect(self.quit)
        self.window.notifications_toggled.connect(
            lambda enabled: self.settings.update(notifications=enabled)
        )
        self.window.titles_toggled.connect(self._on_titles_toggled)
        self.window.calendar_add_requested.connect(self.ask_calendar)
        editing = self.calendar_editing
        self.window.what_counts.add_calendar.setEnabled(editing is not None)
        if editing is not None:
            self.window.calendar_remove_requested.connect(editing.remove)
            editing.remove_failed.connect(lambda why: self._tell(session_messages.app_title(), why))

    def _wire_session(self) -> None:
        session = self.session
        session.state_changed.connect(self._on_state)
        session.told.connect(self._tell)
        session.notified.connect(self._on_notified)
        session.sign_in_needed.connect(self.ask_sign_in)
        session.sign_in_failed.connect(self._on_sign_in_failed)
        session.signed_in.connect(self._on_signed_in)
        session.field_failed.connect(self.window.show_field_error)
        session.edit_refused.connect(self._on_edit_refused)
        session.finished.connect(self._finish)

    @Slot(object)
    def _on_state(self, state: ClientState) -> None:
        self.tray.show_state(state)
        self.window.show_state(state)

    @Slot()
    def ask_calendar(self) -> None:
        editing = self.calendar_editing
        if editing is None or self.session.quitting:
            return
        if self.calendar_dialog is None:
            dialog = self.calendar_dialog = CalendarDialog()
            dialog.submitted.connect(editing.add)
            editing.added.connect(dialog.accept)
            editing.add_failed.connect(dialog.show_error)
        self.calendar_dialog.show()
        self.calendar_dialog.raise_()
        self.calendar_dialog.activateWindow()

    @Slot(bool)
    def _on_titles_toggled(self, shown: bool) -> None:
        self.settings.update(show_event_titles=shown)
        self.window.set_titles_shown(shown)

    @Slot(dict)
    def _on_edited(self, changes: AvailabilityChanges) -> None:
        self.session.edit(changes)

    # --- what the person does -------------------------------------------------------------

    @Slot()
    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    @Slot()
    def toggle_window(self) -> None:
        """A click on the tray icon: show the window, or hide it if it shows already."""
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.close()  # sends what is being typed, then hides
        else:
            self.show_window()

    @Slot()
    def pick_busy_until(self) -> None:
        self.show_window()
        self.window.pick_busy_until()

    @Slot()
    def _on_tray_missing(self) -> None:
        self.window.set_tray_available(False)
        self.show_window()

    @Slot(str)
    def ask_sign_in(self, server_url: str) -> None:
        if self.session.quitting:
            return
        if self.sign_in_dialog is None:
            self.sign_in_dialog = SignInDialog(
                server_url,
                self.settings.settings.email or "",
                session_messages.keyring_note(self.session.keeps_sign_in()),
            )
            self.sign_in_dialog.submitted.connect(self.session.sign_in)
            self.sign_in_dialog.rejected.connect(self.session.cancel_sign_in)
        elif server_url and not self.sign_in_dialog.server.text():
            self.sign_in_dialog.server.setText(server_url)
        self.sign_in_dialog.reset()
        self.sign_in_dialog.show()
        self.sign_in_dialog.raise_()
        self.sign_in_dialog.activateWindow()

    def _dialog_visible(self) -> bool:
        return self.sign_in_dialog is not None and self.sign_in_dialog.isVisible()

    @Slot(str, bool)
    def _on_sign_in_failed(self, why: str, ask_again: bool) -> None:
        if ask_again and not self._dialog_visible():
            self.ask_sign_in(self.session.state.server_url or "")
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            self.sign_in_dialog.show_error(why)

    @Slot()
    def _on_signed_in(self) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.reset()
            self.sign_in_dialog.accept()

    @Slot(bool)
    def set_start_at_login(self, enabled: bool) -> None:
        try:
            if enabled:
                self.autostart.enable(launch_command())
            else:
                self.autostart.disable()
        except OSError as error:
            self._tell(session_messages.app_title(), session_messages.start_at_login_failed(error))
        self.tray.set_start_at_login(self.autostart.enabled())

    @Slot()
    def quit(self) -> None:
        """Send `offline`, then stop everything and leave the event loop."""
        if self.session.quitting:
            return
        self.window.flush()
        self.window.quitting = True
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        self.session.quit()

    @Slot()
    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.unhandled_errors.uninstall()
        self.commands.close()
        self.tray.icon.hide()
        self.window.close()
        if self.calendar_dialog is not None:
            self.calendar_dialog.close()
        if self.signals is not None:
            self.signals.stop()
        if self.calendar_editing is not None:
            self.calendar_editing.shut_down()
        self.application.quit()

    def join_workers(self, timeout: float) -> bool:
        """After the event loop has ended: give every worker `timeout` to end."""
        ended = self.session.join_workers(timeout)
        if self.calendar_editing is not None:
            ended = self.calendar_editing.join(timeout) and ended
        if self.signals is not None:
            ended = self.signals.join(timeout) and ended
        return ended

    # --- telling the person ---------------------------------------------------------------

    @Slot(str, str)
    def _on_notified(self, title: str, text: str) -> None:
        if self.settings.settings.notifications:
            self.tray.notify(title, text)

    @Slot(str)
    def _on_edit_refused(self, message: str) -> None:
        if not self.window.isVisible():
            self.tray.notify(session_messages.change_refused_title(), message)

    @Slot(str, str)
    def _tell(self, title: str, text: str) -> None:
        """Something the person must read: in the window, and as a notification if hidden."""
        self.window.show_notice(text)
        if not self.window.isVisible():
            self.tray.notify(title, text)
