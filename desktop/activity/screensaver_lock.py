"""Screen saver on/off from `ActiveChanged` of the freedesktop and GNOME ScreenSaver APIs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection

from desktop.activity._dbus import DBusCallError, call_method, qt_slot
from desktop.activity.watchers import LockWatcher

log = logging.getLogger(__name__)

# (service, path, interface): KDE and most others, then GNOME Shell.
SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenSaverLockWatcher(LockWatcher):
    """An active screen saver counts as locked: the person is not at the screen."""

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._active: dict[str, bool] = {}

    def start(self) -> None:
        """Read GetActive where it answers and subscribe to ActiveChanged on both APIs."""
        for service, path, interface in SCREENSAVERS:
            # An empty path matches every path: KDE emits on /ScreenSaver as well.
            self._bus.connect(
                service, "", interface, "ActiveChanged", self, qt_slot("on_active_changed(bool)")
            )
            try:
                (active,) = call_method(self._bus, service, path, interface, "GetActive")
            except DBusCallError as error:
                log.debug("%s GetActive: %s", service, error)
                continue
            self._active[service] = bool(active)
        self._set_locked(any(self._active.values()))

    def stop(self) -> None:
        """Unsubscribe."""
        for service, _path, interface in SCREENSAVERS:
            self._bus.disconnect(
                service, "", interface, "ActiveChanged", self, qt_slot("on_active_changed(bool)")
            )

    @Slot(bool)
    def on_active_changed(self, active: bool) -> None:
        """A screen saver turned on or off."""
        self._set_locked(active)
