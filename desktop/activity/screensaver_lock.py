"""Screen saver on/off from `ActiveChanged` of the freedesktop and GNOME ScreenSaver APIs."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection

from desktop.activity._dbus import DBusCallError, call_later, qt_slot
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
        self._active: dict[str, bool] = {}  # GetActive's answers
        self._heard_signal = False
        self._listening = False

    def start(self) -> None:
        """Subscribe to ActiveChanged on both APIs and ask GetActive where it answers.

        The answers come later; once a signal has come, they are older news and dropped.
        """
        self._heard_signal = False
        self._listening = True
        for service, path, interface in SCREENSAVERS:
            # An empty path matches every path: KDE emits on /ScreenSaver as well.
            self._bus.connect(
                service, "", interface, "ActiveChanged", self, qt_slot("on_active_changed(bool)")
            )
            call_later(
                self._bus,
                service,
                path,
                interface,
                "GetActive",
                owner=self,
                on_reply=partial(self._on_active, service),
                on_failure=partial(self._on_no_answer, service),
            )

    @staticmethod
    def _on_no_answer(service: str, error: DBusCallError) -> None:
        log.debug("%s GetActive: %s", service, error)

    def _on_active(self, service: str, arguments: list[object]) -> None:
        if self._heard_signal or not self._listening or not arguments:
            return
        self._active[service] = bool(arguments[0])
        self._set_locked(any(self._active.values()))

    def stop(self) -> None:
        """Unsubscribe."""
        self._listening = False
        for service, _path, interface in SCREENSAVERS:
            self._bus.disconnect(
                service, "", interface, "ActiveChanged", self, qt_slot("on_active_changed(bool)")
            )

    @Slot(bool)
    def on_active_changed(self, active: bool) -> None:
        """A screen saver turned on or off."""
        self._heard_signal = True
        self._set_locked(active)
