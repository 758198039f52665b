"""systemd-logind on the system bus: suspend with a delay inhibitor, and session lock."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusUnixFileDescriptor

from desktop.activity._dbus import DBusCallError, call_method, get_property, object_path, qt_slot
from desktop.activity.watchers import LockWatcher, SleepWatcher

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
AUTO_SESSION_PATH = "/org/freedesktop/login1/session/auto"


class LogindSleepWatcher(SleepWatcher):
    """`PrepareForSleep(bool)`, with a delay inhibitor so a last heartbeat can go out.

    logind waits (up to its InhibitDelayMaxSec, 5 s by default) until every delay
    inhibitor's file descriptor is closed. The inhibitor is taken at start and again
    after each resume, and closed by allow_sleep().
    """

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.systemBus()
        self._inhibitor_fd: int | None = None
        self._subscribed = False

    def start(self) -> None:
        """Subscribe to PrepareForSleep and take the delay inhibitor."""
        self._subscribed = self._bus.connect(
            SERVICE,
            MANAGER_PATH,
            MANAGER_INTERFACE,
            "PrepareForSleep",
            self,
            qt_slot("on_prepare_for_sleep(bool)"),
        )
        if not self._subscribed:
            log.info("logind PrepareForSleep unavailable: %s", self._bus.lastError().message())
            return
        self._take_inhibitor()

    def stop(self) -> None:
        """Unsubscribe and release the inhibitor."""
        if self._subscribed:
            self._bus.disconnect(
                SERVICE,
                MANAGER_PATH,
                MANAGER_INTERFACE,
                "PrepareForSleep",
                self,
                qt_slot("on_prepare_for_sleep(bool)"),
            )
            self._subscribed = False
        self.allow_sleep()

    def inhibitor_held(self) -> bool:
        """Whether this process holds a logind delay inhibitor right now."""
        return self._inhibitor_fd is not None

    def allow_sleep(self) -> None:
        """Close the inhibitor's file descriptor, which lets logind go ahead."""
        if self._inhibitor_fd is not None:
            os.close(self._inhibitor_fd)
            self._inhibitor_fd = None

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """logind announces a suspend (True) or the return from one (False)."""
        if going_to_sleep:
            self.about_to_sleep.emit()
            return
        self._take_inhibitor()
        self.resumed.emit()

    def _take_inhibitor(self) -> None:
        if self._inhibitor_fd is not None:
            return
        try:
            (descriptor,) = call_method(
                self._bus,
                SERVICE,
                MANAGER_PATH,
                MANAGER_INTERFACE,
                "Inhibit",
                "sleep",
                "Availability",
                "Tell the status server before sleeping",
                "delay",
            )
        except DBusCallError as error:
            log.info("no logind delay inhibitor: %s", error)
            return
        if not isinstance(descriptor, QDBusUnixFileDescriptor) or not descriptor.isValid():
            log.info("logind Inhibit returned no file descriptor: %r", descriptor)
            return
        # The QDBusUnixFileDescriptor closes its own copy when it is garbage collected.
        self._inhibitor_fd = os.dup(descriptor.fileDescriptor())


class LogindLockWatcher(LockWatcher):
    """The session's `Lock`/`Unlock` signals and its `LockedHint` property."""

    def __init__(
        self,
        bus: QDBusConnection | None = None,
        pid: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.systemBus()
        self._pid = pid if pid is not None else os.getpid()
        self.session_path: str | None = None

    def start(self) -> None:
        """Find this process's session, read LockedHint, and subscribe to changes."""
        self.session_path = self._find_session()
        if self.session_path is None:
            return
        for (interface, name), slot in self._subscriptions():
            self._bus.connect(SERVICE, self.session_path, interface, name, self, slot)
        self.on_properties_changed(QDBusMessage())

    def stop(self) -> None:
        """Unsubscribe."""
        if self.session_path is not None:
            for (interface, name), slot in self._subscriptions():
                self._bus.disconnect(SERVICE, self.session_path, interface, name, self, slot)

    @staticmethod
    def _subscriptions() -> list[tuple[tuple[str, str], bytes]]:
        return [
            ((SESSION_INTERFACE, "Lock"), qt_slot("on_lock()")),
            ((SESSION_INTERFACE, "Unlock"), qt_slot("on_unlock()")),
            (
                ("org.freedesktop.DBus.Properties", "PropertiesChanged"),
                qt_slot("on_properties_changed(QDBusMessage)"),
            ),
        ]

    def _find_session(self) -> str | None:
        for member, argument in (("GetSessionByPID", self._pid), ("GetSession", "auto")):
            try:
                (path,) = call_method(
                    self._bus, SERVICE, MANAGER_PATH, MANAGER_INTERFACE, member, argument
                )
                return object_path(path)
            except DBusCallError as error:
                log.info("logind %s failed: %s", member, error)
        # Signals come from the real session path, so "auto" only serves LockedHint reads.
        try:
            get_property(self._bus, SERVICE, AUTO_SESSION_PATH, SESSION_INTERFACE, "LockedHint")
        except DBusCallError:
            log.info("no logind session: lock state comes from other watchers only")
            return None
        return AUTO_SESSION_PATH

    @Slot()
    def on_lock(self) -> None:
        """logind asks the session to lock."""
        self._set_locked(True)

    @Slot()
    def on_unlock(self) -> None:
        """logind asks the session to unlock."""
        self._set_locked(False)

    @Slot(QDBusMessage)
    def on_properties_changed(self, _message: QDBusMessage) -> None:
        """A session property changed: read LockedHint again (simpler than parsing a{sv})."""
        if self.session_path is None:
            return
        try:
            locked = get_property(
                self._bus, SERVICE, self.session_path, SESSION_INTERFACE, "LockedHint"
            )
        except DBusCallError as error:
            log.debug("LockedHint unreadable: %s", error)
            return
        self._set_locked(bool(locked))
