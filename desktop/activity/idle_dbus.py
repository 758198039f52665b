"""Idle time from desktop services on the session bus: Mutter, then org.freedesktop.ScreenSaver."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher

from desktop.activity._dbus import DBusCallError, TypedCalls, as_number, call_method, qt_slot

log = logging.getLogger(__name__)

# A service that did not answer in time (it is busy, or hung) leaves the last reading
# standing, grown by the time since, for this long; after that the idle time is unknown.
STAND_IN_SECONDS = 10.0


class LastReading:
    """The last idle time a service gave, to stand in for a reading that timed out.

    The stand-in can only be too high (input since is missed), by the time since at most.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._reading: tuple[float, float] | None = None  # (when, idle seconds)

    def remember(self, seconds: float) -> float:
        self._reading = (self._monotonic(), seconds)
        return seconds

    def stand_in(self, error: DBusCallError) -> float | None:
        """The last reading grown by the time since, after a timeout; None otherwise."""
        if not error.timed_out or self._reading is None:
            return None
        elapsed = self._monotonic() - self._reading[0]
        if elapsed > STAND_IN_SECONDS:
            return None
        return self._reading[1] + elapsed


class MutterIdleSource(QObject):
    """GNOME's `org.gnome.Mutter.IdleMonitor.GetIdletime` (milliseconds); works on Wayland.

    It is also a ReturnWatch: `AddUserActiveWatch` makes Mutter send this connection
    `WatchFired(id)` at the next input, once. And an IdleWatch: `AddIdleWatch(ms)` sends
    `WatchFired(id)` each time the idle time reaches ms. Mutter forgets its watches when
    it restarts (gnome-shell on X11 can), so a change of owner counts as a lost watch.
    """

    name = "mutter"
    service = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"

    def __init__(
        self,
        bus: QDBusConnection | None = None,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._last = LastReading(monotonic)
        self._subscribed = False
        self._owner_watcher: QDBusServiceWatcher | None = None
        self._watch_id: int | None = None  # added to Mutter and not fired yet
        self._on_return: Callable[[], None] | None = None
        self._typed = TypedCalls(self._bus, self.service, self.path, self.interface)
        self._idle_watch: tuple[int, float] | None = None  # (Mutter's id, seconds)
        self._answered = False  # whether the last GetIdletime had a real answer
        self._on_idle: Callable[[], None] | None = None

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when Mutter did not answer (for a while)."""
        try:
            (milliseconds,) = call_method(
                self._bus, self.service, self.path, self.interface, "GetIdletime"
            )
            seconds = self._last.remember(as_number(milliseconds) / 1000)
        except ValueError as error:
            log.debug("Mutter idle time unavailable: %s", error)
            self._answered = False
            return None
        except DBusCallError as error:
            log.debug("Mutter idle time unavailable: %s", error)
            self._answered = False
            return self._last.stand_in(error)
        self._answered = True
        return seconds

    def _subscribe(self) -> bool:
        """Listen for WatchFired and for Mutter restarting; whether it worked."""
        if not self._subscribed:
            self._subscribed = self._bus.connect(*self._watch_fired_subscription())
            if not self._subscribed:
                log.info("Mutter WatchFired unavailable: %s", self._bus.lastError().message())
                return False
            self._owner_watcher = QDBusServiceWatcher(
                self.service, self._bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self
            )
            self._owner_watcher.serviceOwnerChanged.connect(self.on_owner_changed)
        return True

    def watch_for_return(self, on_return: Callable[[], None]) -> bool:
        """Ask Mutter for one WatchFired at the next input; False when it refuses."""
        if not self._subscribe():
            return False
        if self._watch_id is None:
            try:
                (watch_id,) = call_method(
                    self._bus, self.service, self.path, self.interface, "AddUserActiveWatch"
                )
                self._watch_id = int(as_number(watch_id))
            except DBusCallError as error:
                log.info("Mutter AddUserActiveWatch failed: %s", error)
                return False
        self._on_return = on_return
        return True

    def cancel_return_watch(self) -> None:
        """Forget the callback; Mutter's watch stays and is reused by the next watch.

        Mutter's RemoveWatch takes a uint32, and PySide6 sends a Python int as an int32,
        which Mutter would refuse. A watch that no input fired is as good as a new one.
        """
        self._on_return = None

    def watch_for_idle(self, seconds: float, on_idle: Callable[[], None]) -> bool:
        """Ask Mutter for a WatchFired each time the idle time reaches `seconds`.

        Only right after Mutter has answered GetIdletime in time: the first typed call
        introspects Mutter without a short timeout (TypedCalls), which must not meet a
        Mutter that is hanging.
        """
        if not self._answered and self._idle_watch is None:
            return False
        if not self._subscribe():
            return False
        if self._idle_watch is not None and self._idle_watch[1] != seconds:
            self.cancel_idle_watch()
        if self._idle_watch is None:
            try:
                # AddIdleWatch takes a uint64, which only a typed call sends.
                (watch_id,) = self._typed.call(
                    "AddIdleWatch", ("qulonglong", round(seconds * 1000))
                )
            except DBusCallError as error:
                log.info("Mutter AddIdleWatch failed: %s", error)
                return False
            self._idle_watch = (int(as_number(watch_id)), seconds)
        self._on_idle = on_idle
        return True

    def cancel_idle_watch(self) -> None:
        """Remove the idle watch from Mutter (a uint32 id: a typed call), and forget it."""
        self._on_idle = None
        if self._idle_watch is None:
            return
        watch_id, self._idle_watch = self._idle_watch[0], None
        try:
            self._typed.call("RemoveWatch", ("uint", watch_id))
        except DBusCallError as error:
            log.info("Mutter RemoveWatch failed: %s", error)

    def _watch_fired_subscription(self) -> tuple[str, str, str, str, QObject, bytes]:
        slot = qt_slot("on_watch_fired(QDBusMessage)")
        return (self.service, self.path, self.interface, "WatchFired", self, slot)

    @Slot(QDBusMessage)
    def on_watch_fired(self, message: QDBusMessage) -> None:
        """Mutter's WatchFired(id): the idle time reached the idle watch's interval (it
        stays), or input came (that user-active watch is gone)."""
        arguments = message.arguments()
        if not arguments:
            return
        try:
            watch_id = int(as_number(arguments[0]))
        except DBusCallError:
            return
        if self._idle_watch is not None and watch_id == self._idle_watch[0]:
            if self._on_idle is not None:
                self._on_idle()
            return
        if self._watch_id is None or watch_id != self._watch_id:
            return
        self._watch_id = None
        on_return, self._on_return = self._on_return, None
        if on_return is not None:
            on_return()

    @Slot(str, str, str)
    def on_owner_changed(self, _service: str, _old_owner: str, new_owner: str) -> None:
        """Mutter quit or restarted: its watches are gone, so have the callers read again.

        The idle watch is set up again once a new Mutter is there (the caller does so
        when told), not in between, when it would be lost with the old one.
        """
        self._watch_id = None
        self._idle_watch = None
        self._typed.forget()
        on_return, self._on_return = self._on_return, None
        if on_return is not None:
            log.info("Mutter's owner changed: the watch for input is lost")
            on_return()
        if self._on_idle is not None and new_owner:
            log.info("Mutter's owner changed: the idle watch is lost")
            self._on_idle()

    def close(self) -> None:
        """Remove the idle watch and stop listening for WatchFired; the bus connection
        belongs to the caller."""
        self._on_return = None
        self.cancel_idle_watch()
        if self._owner_watcher is not None:
            self._owner_watcher.serviceOwnerChanged.disconnect(self.on_owner_changed)
            self._owner_watcher.setWatchedServices([])
            self._owner_watcher = None
        if self._subscribed:
            self._bus.disconnect(*self._watch_fired_subscription())
            self._subscribed = False


class ScreenSaverIdleSource:
    """`org.freedesktop.ScreenSaver.GetSessionIdleTime`, as KDE Plasma implements it.

    The freedesktop draft says seconds, but KDE (the main implementer) returns
    milliseconds from KIdleTime, so this source reads milliseconds.
    """

    name = "freedesktop-screensaver"
    service = "org.freedesktop.ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    paths = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

    def __init__(
        self,
        bus: QDBusConnection | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._path: str | None = None
        self._last = LastReading(monotonic)

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when no ScreenSaver path answered."""
        if self._path is not None:
            try:
                return self._last.remember(self._read(self._path))
            except DBusCallError as error:
                return self._last.stand_in(error)
        for path in self.paths:
            try:
                seconds = self._read(path)
            except DBusCallError:
                continue
            self._path = path
            return self._last.remember(seconds)
        return None

    def _read(self, path: str) -> float:
        try:
            (milliseconds,) = call_method(
                self._bus, self.service, path, self.interface, "GetSessionIdleTime"
            )
            return as_number(milliseconds) / 1000
        except (DBusCallError, ValueError) as error:
            log.debug("ScreenSaver idle time unavailable at %s: %s", path, error)
            if isinstance(error, DBusCallError):
                raise
            raise DBusCallError(str(error)) from error

    def close(self) -> None:
        """Nothing to release: the bus connection belongs to the caller."""
