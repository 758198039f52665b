"""Do Not Disturb from the notification server's `Inhibited` property (KDE Plasma, and
any server of the Desktop Notifications spec 1.3 or later), followed as it changes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher

from desktop.activity._dbus import DBusCallError, call_later, qt_slot, unwrap
from desktop.signals.do_not_disturb_reading import DndPart
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
PROPERTIES = "org.freedesktop.DBus.Properties"


class NotificationsInhibited(QObject):
    """Signals:
    changed(DndPart): Inhibited read, changed, or no longer readable.
    """

    changed = Signal(object)

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._source = tr("the notification server")
        self._watcher = QDBusServiceWatcher(
            SERVICE,
            self._bus,
            QDBusServiceWatcher.WatchModeFlag.WatchForRegistration
            | QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration,
            self,
        )
        self._watcher.serviceRegistered.connect(self.on_registered)
        self._watcher.serviceUnregistered.connect(self.on_unregistered)
        self._running = False

    def start(self) -> None:
        self._running = True
        self._bus.connect(*self._subscription())
        self._read()

    def stop(self) -> None:
        self._running = False
        self._bus.disconnect(*self._subscription())

    def _subscription(self) -> tuple[str, str, str, str, QObject, bytes]:
        return (
            SERVICE,
            PATH,
            PROPERTIES,
            "PropertiesChanged",
            self,
            qt_slot("on_properties_changed(QDBusMessage)"),
        )

    def _read(self) -> None:
        call_later(
            self._bus,
            SERVICE,
            PATH,
            PROPERTIES,
            "Get",
            INTERFACE,
            "Inhibited",
            owner=self,
            on_reply=self._on_value,
            on_failure=self._on_failure,
        )

    def _on_value(self, arguments: list[object]) -> None:
        if not self._running:
            return
        value = unwrap(arguments[0]) if arguments else None
        if not isinstance(value, bool):
            self._tell(None, tr("The notification server does not say whether it is paused."))
            return
        self._tell(value)

    def _on_failure(self, error: DBusCallError) -> None:
        log.debug("Notifications Inhibited unreadable: %s", error)
        if self._running:
            self._tell(None, tr("No notification server here says whether it is paused."))

    def _tell(self, on: bool | None, problem: str | None = None) -> None:
        self.changed.emit(DndPart(self._source, on, problem))

    @Slot(QDBusMessage)
    def on_properties_changed(self, _message: QDBusMessage) -> None:
        """Read the property again: simpler than taking the a{sv} apart, and one call."""
        if self._running:
            self._read()

    @Slot(str)
    def on_registered(self, _name: str) -> None:
        if self._running:
            self._read()

    @Slot(str)
    def on_unregistered(self, _name: str) -> None:
        if self._running:
            self._tell(None, tr("The notification server has stopped."))
