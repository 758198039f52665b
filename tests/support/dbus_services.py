"""Stand-ins for Mutter, ScreenSaver and logind on a private bus, run as a child process.

Usage: python dbus_services.py ADDRESS [mutter] [screensaver] [login1] [gdm] [notifications]
[locked]

Tests steer it through org.example.AvailabilityTest at /test. It runs in its own
process because a blocking call into an object of the caller's own thread would wait
for ever.

Mutter's user-active watches behave as Mutter's do: each fires `WatchFired(id)` once, at
the next input (the UserInput control), sent to the client that added it. Mutter's ids
are uint32; PySide6 can send only int32 ones.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusUnixFileDescriptor,
    QDBusVariant,
    QDBusVirtualObject,
)

MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
SCREENSAVER_PATH = "/ScreenSaver"  # KDE's second path: the source must try it too
LOGIN1_PATH = "/org/freedesktop/login1"
SESSION_PATH = "/org/freedesktop/login1/session/_3"
SESSION_INTERFACE = "org.freedesktop.login1.Session"
CONTROL = "org.example.AvailabilityTest"
SERVICE_NAMES = {
    "mutter": "org.gnome.Mutter.IdleMonitor",
    "screensaver": "org.freedesktop.ScreenSaver",
    "login1": "org.freedesktop.login1",
    # Only its version: GNOME Shell offers a lock screen only when GDM answers with one.
    "gdm": "org.gnome.DisplayManager",
    # Only what Do Not Disturb reads: the Inhibited property and its PropertiesChanged.
    "notifications": "org.freedesktop.Notifications",
}
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS_INTERFACE = "org.freedesktop.Notifications"
MUTTER_INTERFACE_XML = """<interface name="org.gnome.Mutter.IdleMonitor">
  <method name="GetIdletime"><arg name="idletime" direction="out" type="t"/></method>
  <method name="AddIdleWatch">
    <arg name="interval" direction="in" type="t"/><arg name="id" direction="out" type="i"/>
  </method>
  <method name="AddUserActiveWatch"><arg name="id" direction="out" type="u"/></method>
  <method name="RemoveWatch"><arg name="id" direction="in" type="u"/></method>
  <method name="ResetIdletime"/>
  <signal name="WatchFired"><arg name="id" type="u"/></signal>
</interface>
"""
GDM_PATH = "/org/gnome/DisplayManager/Manager"
GDM_INTERFACE = "org.gnome.DisplayManager.Manager"
GDM_VERSION = "43.0"


class FakeDesktop(QDBusVirtualObject):
    """Answers every path; the bus names it owns decide which services exist."""

    def __init__(self, bus: QDBusConnection, locked: bool) -> None:
        super().__init__()
        self.bus = bus
        self.idle_ms = 1500
        self.locked_hint = locked
        self.screensaver_active = False
        self.notifications_inhibited = False
        self.inhibit_calls = 0
        self.inhibitors: dict[int, QSocketNotifier] = {}
        self.caller = ""  # the unique name that sent the message being handled
        self.user_active_watches: dict[int, str] = {}  # watch id -> its client
        self.idle_watches: dict[int, tuple[int, str]] = {}  # id -> (interval ms, client)
        self.last_watch_id = 0
        # While not None, calls to the services wait here unanswered (Hold, Release).
        self.held: list[tuple[QDBusMessage, QDBusConnection]] | None = None

    def introspect(self, path: str) -> str:
        # Mutter's own description, which clients that call through a QDBusInterface
        # (typed arguments) read the signatures from; but watch ids are int32 here, as
        # PySide6 can send no uint32.
        return MUTTER_INTERFACE_XML if path == MUTTER_PATH else ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        handler = getattr(self, "do_" + message.member(), None)
        if handler is None:
            return False
        if self.held is not None and message.interface() != CONTROL:
            self.held.append((message, connection))  # a hung service: no answer yet
            return True
        self.caller = message.service()
        result = handler(message.path(), *message.arguments())
        reply = message.createReply()
        reply.setArguments([] if result is None else [result])
        connection.send(reply)
        return True

    def signal(self, path: str, interface: str, name: str, *arguments: object) -> None:
        message = QDBusMessage.createSignal(path, interface, name)
        message.setArguments(list(arguments))
        self.bus.send(message)

    # The services

    def do_GetIdletime(self, path: str) -> int:
        assert path == MUTTER_PATH
        return self.idle_ms

    def do_AddUserActiveWatch(self, path: str) -> int:
        assert path == MUTTER_PATH
        self.last_watch_id += 1
        self.user_active_watches[self.last_watch_id] = self.caller
        return self.last_watch_id

    def do_AddIdleWatch(self, path: str, interval_ms: int) -> int:
        assert path == MUTTER_PATH
        self.last_watch_id += 1
        self.idle_watches[self.last_watch_id] = (interval_ms, self.caller)
        return self.last_watch_id

    def do_RemoveWatch(self, path: str, watch_id: int) -> None:
        assert path == MUTTER_PATH
        self.user_active_watches.pop(watch_id, None)
        self.idle_watches.pop(watch_id, None)

    def fire(self, watch_id: int, client: str) -> None:
        message = QDBusMessage.createTargetedSignal(
            client, MUTTER_PATH, "org.gnome.Mutter.IdleMonitor", "WatchFired"
        )
        message.setArguments([watch_id])
        self.bus.send(message)

    def do_GetSessionIdleTime(self, path: str) -> int:
        if path != SCREENSAVER_PATH:
            raise LookupError(path)
        return self.idle_ms

    def do_GetActive(self, path: str) -> bool:
        return self.screensaver_active

    def do_GetSessionByPID(self, path: str, pid: int) -> QDBusObjectPath:
        return QDBusObjectPath(SESSION_PATH)

    def do_Get(self, path: str, interface: str, name: str) -> QDBusVariant:
        if (path, interface, name) == (GDM_PATH, GDM_INTERFACE, "Version"):
            return QDBusVariant(GDM_VERSION)
        if (path, interface, name) == (NOTIFICATIONS_PATH, NOTIFICATIONS_INTERFACE, "Inhibited"):
            return QDBusVariant(self.notifications_inhibited)
        assert (path, interface, name) == (SESSION_PATH, SESSION_INTERFACE, "LockedHint")
        return QDBusVariant(self.locked_hint)

    def do_Inhibit(self, path: str, what: str, who: str, why: str, mode: str) -> object:
        assert (what, mode) == ("sleep", "delay")
        self.inhibit_calls += 1
        read_end, write_end = os.pipe()
        descriptor = QDBusUnixFileDescriptor(write_end)  # keeps its own duplicate
        os.close(write_end)
        notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read)
        notifier.activated.connect(lambda: self.on_inhibitor_readable(read_end))
        self.inhibitors[read_end] = notifier
        return descriptor

    def on_inhibitor_readable(self, read_end: int) -> None:
        if not os.read(read_end, 64):  # EOF: the client closed its end
            self.inhibitors.pop(read_end).setEnabled(False)
            os.close(read_end)

    # The control interface for tests

    def do_Hold(self, path: str) -> None:
        """Hang: from now on, calls to the services get no answer until Release."""
        self.held = []

    def do_Release(self, path: str) -> int:
        """Answer every held call, in order, and answer at once again; how many there were."""
        held, self.held = self.held or [], None
        for message, connection in held:
            self.handleMessage(message, connection)
        return len(held)

    def do_HeldCalls(self, path: str) -> list[str]:
        return [message.member() for message, _connection in self.held or []]

    def do_SetIdle(self, path: str, milliseconds: int) -> None:
        """The idle time is now this; idle watches whose interval it reached fire, as
        Mutter's do when the idle time passes their interval."""
        before, self.idle_ms = self.idle_ms, milliseconds
        for watch_id, (interval_ms, client) in list(self.idle_watches.items()):
            if before < interval_ms <= milliseconds:
                self.fire(watch_id, client)

    def do_UserInput(self, path: str) -> None:
        """Input: the idle time starts again from 0 and every user-active watch fires."""
        self.idle_ms = 0
        watches, self.user_active_watches = self.user_active_watches, {}
        for watch_id, client in watches.items():
            self.fire(watch_id, client)

    def do_UserActiveWatches(self, path: str) -> int:
        return len(self.user_active_watches)

    def do_IdleWatches(self, path: str) -> str:
        """The intervals of the idle watches, in milliseconds, as "60000,300000"."""
        return ",".join(str(ms) for ms in sorted(ms for ms, _ in self.idle_watches.values()))

    def do_RestartMutter(self, path: str) -> None:
        """Mutter restarts: its name changes owner and its watches are gone."""
        self.user_active_watches.clear()
        self.idle_watches.clear()
        assert self.bus.unregisterService(SERVICE_NAMES["mutter"])
        assert self.bus.registerService(SERVICE_NAMES["mutter"])

    def do_OpenInhibitors(self, path: str) -> int:
        return len(self.inhibitors)

    def do_InhibitCalls(self, path: str) -> int:
        return self.inhibit_calls

    def do_EmitPrepareForSleep(self, path: str, start: bool) -> None:
        self.signal(LOGIN1_PATH, "org.freedesktop.login1.Manager", "PrepareForSleep", start)

    def do_EmitLock(self, path: str) -> None:
        self.signal(SESSION_PATH, SESSION_INTERFACE, "Lock")

    def do_EmitUnlock(self, path: str) -> None:
        self.signal(SESSION_PATH, SESSION_INTERFACE, "Unlock")

    def do_SetLockedHint(self, path: str, locked: bool) -> None:
        self.locked_hint = locked
        self.signal(
            SESSION_PATH,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            SESSION_INTERFACE,
            {"LockedHint": QDBusVariant(locked)},
            [],
        )

    def do_EmitActiveChanged(self, path: str, active: bool) -> None:
        self.screensaver_active = active
        self.signal(
            "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", active
        )

    def do_SetNotificationsInhibited(self, path: str, inhibited: bool) -> None:
        """Do Not Disturb turned on or off, as a notification server announces it."""
        self.notifications_inhibited = inhibited
        self.signal(
            NOTIFICATIONS_PATH,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            NOTIFICATIONS_INTERFACE,
            {"Inhibited": QDBusVariant(inhibited)},
            [],
        )

    def do_StopNotifications(self, path: str) -> None:
        """The notification server goes away (its name is released)."""
        assert self.bus.unregisterService(SERVICE_NAMES["notifications"])


def main() -> None:
    address, *features = sys.argv[1:]
    app = QCoreApplication([])
    bus = QDBusConnection.connectToBus(address, "fake-desktop")
    desktop = FakeDesktop(bus, locked="locked" in features)
    assert bus.registerVirtualObject(
        "/", desktop, QDBusConnection.VirtualObjectRegisterOption.SubPath
    )
    for feature in features:
        if feature in SERVICE_NAMES:
            assert bus.registerService(SERVICE_NAMES[feature]), feature
    assert bus.registerService(CONTROL)
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
