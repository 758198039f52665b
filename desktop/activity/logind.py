"""systemd-logind on the system bus: suspend with a delay inhibitor, and session lock.

Every call to logind is asynchronous (`call_later`): the system bus and polkit, which
logind asks before it grants an inhibitor, may be slow, and the UI thread never waits.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusUnixFileDescriptor

from desktop.activity._dbus import (
    DBusCallError,
    Failure,
    call_later,
    object_path,
    qt_slot,
    unwrap,
)
from desktop.activity.watchers import LockWatcher, SleepWatcher

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_INTERFACE = "org.freedesktop.login1.Manager"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
AUTO_SESSION_PATH = "/org/freedesktop/login1/session/auto"


class LogindSleepWatcher(SleepWatcher):
    """`PrepareForSleep(bool)`, with a delay inhibitor so a last heartbeat can go out.

    logind waits (up to its InhibitDelayMaxSec, 5 s by default) until every delay
    inhibitor's file descriptor is closed. The inhibitor is asked for at start and again
    after each resume, and closed by allow_sleep(). One that arrives while the system is
    going to sleep, or after stop(), is closed at once: it would only delay the suspend.
    """

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.systemBus()
        self._inhibitor_fd: int | None = None
        self._asking = False  # an Inhibit call is on its way
        self._subscribed = False
        self._sleeping = False

    def start(self) -> None:
        """Subscribe to PrepareForSleep and ask for the delay inhibitor."""
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

    def asking_for_inhibitor(self) -> bool:
        """Whether an Inhibit call has not been answered yet."""
        return self._asking

    def allow_sleep(self) -> None:
        """Close the inhibitor's file descriptor, which lets logind go ahead."""
        if self._inhibitor_fd is not None:
            os.close(self._inhibitor_fd)
            self._inhibitor_fd = None

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """logind announces a suspend (True) or the return from one (False)."""
        self._sleeping = going_to_sleep
        if going_to_sleep:
            self.about_to_sleep.emit()
            return
        self._take_inhibitor()
        self.resumed.emit()

    def _take_inhibitor(self) -> None:
        if self._inhibitor_fd is not None or self._asking:
            return
        self._asking = True
        call_later(
            self._bus,
            SERVICE,
            MANAGER_PATH,
            MANAGER_INTERFACE,
            "Inhibit",
            "sleep",
            "Availability",
            "Tell the status server before sleeping",
            "delay",
            owner=self,
            on_reply=self._on_inhibitor,
            on_failure=self._on_no_inhibitor,
        )

    def _on_inhibitor(self, arguments: list[object]) -> None:
        self._asking = False
        descriptor = arguments[0] if arguments else None
        if not isinstance(descriptor, QDBusUnixFileDescriptor) or not descriptor.isValid():
            log.info("logind Inhibit returned no file descriptor: %r", descriptor)
            return
        if not self._subscribed or self._sleeping or self._inhibitor_fd is not None:
            return  # the QDBusUnixFileDescriptor closes its copy when it is collected
        # That copy goes when the QDBusUnixFileDescriptor is collected: keep one of ours.
        self._inhibitor_fd = os.dup(descriptor.fileDescriptor())

    def _on_no_inhibitor(self, error: DBusCallError) -> None:
        self._asking = False
        log.info("no logind delay inhibitor: %s", error)


class LogindLockWatcher(LockWatcher):
    """The session's `Lock`/`Unlock` signals and its `LockedHint` property.

    start() only asks which session this is; the answer, and every LockedHint reading,
    arrive later. A reading overtaken by a newer one, or by a Lock or Unlock signal,
    is dropped.
    """

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
        self._running = False
        self._looking_up = False
        self._readings = 0  # LockedHint readings and lock signals so far

    def start(self) -> None:
        """Ask for this process's session; then read LockedHint and subscribe to changes."""
        self._running = True
        self._looking_up = True
        self._find_session([("GetSessionByPID", self._pid), ("GetSession", "auto")])

    def stop(self) -> None:
        """Unsubscribe."""
        self._running = False
        self._looking_up = False
        if self.session_path is not None:
            for (interface, name), slot in self._subscriptions():
                self._bus.disconnect(SERVICE, self.session_path, interface, name, self, slot)

    def looking_up(self) -> bool:
        """Whether the session is still being looked for."""
        return self._looking_up

    @staticmethod
    def _subscriptions() -> list[tuple[tuple[str, str], bytes]]:
        return [
            ((SESSION_INTERFACE, "Lock"), qt_slot("on_lock()")),
            ((SESSION_INTERFACE, "Unlock"), qt_slot("on_unlock()")),
            (
                (PROPERTIES_INTERFACE, "PropertiesChanged"),
                qt_slot("on_properties_changed(QDBusMessage)"),
            ),
        ]

    def _find_session(self, attempts: list[tuple[str, object]]) -> None:
        if not attempts:
            # Signals come from the real session path, so "auto" only serves LockedHint.
            self._get_locked_hint(
                AUTO_SESSION_PATH, lambda _: self._use_session(AUTO_SESSION_PATH), self._no_session
            )
            return
        (member, argument), rest = attempts[0], attempts[1:]

        def found(arguments: list[object]) -> None:
            try:
                path = object_path(arguments[0] if arguments else None)
            except DBusCallError as error:
                failed(error)
                return
            self._use_session(path)

        def failed(error: DBusCallError) -> None:
            log.info("logind %s failed: %s", member, error)
            if self._running:
                self._find_session(rest)

        call_later(
            self._bus,
            SERVICE,
            MANAGER_PATH,
            MANAGER_INTERFACE,
            member,
            argument,
            owner=self,
            on_reply=found,
            on_failure=failed,
        )

    def _use_session(self, path: str) -> None:
        self._looking_up = False
        if not self._running:
            return
        self.session_path = path
        for (interface, name), slot in self._subscriptions():
            self._bus.connect(SERVICE, path, interface, name, self, slot)
        self._read_locked_hint(path)

    def _no_session(self, error: DBusCallError) -> None:
        self._looking_up = False
        log.info("no logind session (%s): lock state comes from other watchers only", error)

    def _read_locked_hint(self, path: str) -> None:
        self._readings += 1
        reading = self._readings

        def read(locked: bool) -> None:
            if reading != self._readings:
                log.debug("LockedHint %s dropped: a newer reading or signal overtook it", locked)
            elif self._running:
                self._set_locked(locked)

        self._get_locked_hint(
            path, read, lambda error: log.debug("LockedHint unreadable: %s", error)
        )

    def _get_locked_hint(
        self, path: str, on_read: Callable[[bool], None], on_failure: Failure
    ) -> None:
        call_later(
            self._bus,
            SERVICE,
            path,
            PROPERTIES_INTERFACE,
            "Get",
            SESSION_INTERFACE,
            "LockedHint",
            owner=self,
            on_reply=lambda arguments: on_read(bool(unwrap(arguments[0])) if arguments else False),
            on_failure=on_failure,
        )

    @Slot()
    def on_lock(self) -> None:
        """logind asks the session to lock."""
        self._readings += 1  # a LockedHint reading on its way is older
        self._set_locked(True)

    @Slot()
    def on_unlock(self) -> None:
        """logind asks the session to unlock."""
        self._readings += 1
        self._set_locked(False)

    @Slot(QDBusMessage)
    def on_properties_changed(self, _message: QDBusMessage) -> None:
        """A session property changed: read LockedHint again (simpler than parsing a{sv})."""
        if self.session_path is not None:
            self._read_locked_hint(self.session_path)
