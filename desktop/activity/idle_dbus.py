"""Idle time from desktop services on the session bus: Mutter, then org.freedesktop.ScreenSaver."""

from __future__ import annotations

import logging

from PySide6.QtDBus import QDBusConnection

from desktop.activity._dbus import DBusCallError, as_number, call_method

log = logging.getLogger(__name__)


class MutterIdleSource:
    """GNOME's `org.gnome.Mutter.IdleMonitor.GetIdletime` (milliseconds); works on Wayland."""

    name = "mutter"
    service = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when Mutter did not answer."""
        try:
            (milliseconds,) = call_method(
                self._bus, self.service, self.path, self.interface, "GetIdletime"
            )
            return as_number(milliseconds) / 1000
        except (DBusCallError, ValueError) as error:
            log.debug("Mutter idle time unavailable: %s", error)
            return None

    def close(self) -> None:
        """Nothing to release: the bus connection belongs to the caller."""


class ScreenSaverIdleSource:
    """`org.freedesktop.ScreenSaver.GetSessionIdleTime`, as KDE Plasma implements it.

    The freedesktop draft says seconds, but KDE (the main implementer) returns
    milliseconds from KIdleTime, so this source reads milliseconds.
    """

    name = "freedesktop-screensaver"
    service = "org.freedesktop.ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    paths = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._path: str | None = None

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when no ScreenSaver path answered."""
        paths = (self._path,) if self._path is not None else self.paths
        for path in paths:
            try:
                (milliseconds,) = call_method(
                    self._bus, self.service, path, self.interface, "GetSessionIdleTime"
                )
                seconds = as_number(milliseconds) / 1000
            except (DBusCallError, ValueError) as error:
                log.debug("ScreenSaver idle time unavailable at %s: %s", path, error)
                continue
            self._path = path
            return seconds
        return None

    def close(self) -> None:
        """Nothing to release: the bus connection belongs to the caller."""
