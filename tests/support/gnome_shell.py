"""A real GNOME Shell on Wayland for one test, headless, on buses of its own.

What runs, and why each piece is there:
- a private session bus without service activation, so that only what is started here
  runs (a desktop's activatable services would start a dozen daemons);
- a private system bus with the stand-in GDM (dbus_services.py `gdm`): GNOME Shell
  offers a lock screen only when GDM answers with its version. No logind: the shell
  starts without one (it logs that it has no session), and the app then has only the
  screen saver's lock signals, as on a desktop whose logind it may not reach;
- `gnome-shell --headless --wayland --no-x11 --virtual-monitor`, with settings in
  memory and the AppIndicator extension enabled over its own D-Bus API, which then
  provides `org.kde.StatusNotifierWatcher`;
- `org.gnome.ScreenSaver`, the small gjs service GNOME Shell ships and D-Bus would
  activate, which forwards to the shell's screen shield.

The app runs on it as a native Wayland client (QT_QPA_PLATFORM=wayland).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, Qt
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

from tests.support.children import log_tails, start_child
from tests.support.desktop_session import PrivateSession
from tests.support.fake_desktop import start_fake_services
from tests.support.private_desktop import start_bus
from tests.support.tools import require_tool
from tests.support.waiting import wait_until

TOOLS = ("gnome-shell", "gjs", "dbus-daemon", "busctl")
APPINDICATOR = "ubuntu-appindicators@ubuntu.com"
SCREENSAVER_SERVICE = Path("/usr/share/gnome-shell/org.gnome.ScreenSaver")
SCREEN = "1280x800"
WAYLAND_DISPLAY = "wayland-0"
STARTUP_TIMEOUT = 60.0
CALL_TIMEOUT = 10.0

SHELL = ("org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell.Extensions")
SCREENSAVER = ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver")
WATCHER = (
    "org.kde.StatusNotifierWatcher",
    "/StatusNotifierWatcher",
    "org.kde.StatusNotifierWatcher",
)


class BusCallFailed(Exception):
    """busctl could not make the call (no such name yet, an error reply)."""


@dataclass
class GnomeSession(PrivateSession):
    """GNOME Shell's session: its session bus, its system bus and its Wayland socket."""

    system_bus_address: str = ""
    wayland_display: str = WAYLAND_DISPLAY

    def environment(self) -> dict[str, str]:
        """The environment of a native Wayland client in this session, as GNOME sets it."""
        return {
            **self.private_environment(self.system_bus_address),
            "WAYLAND_DISPLAY": self.wayland_display,
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "GNOME",
            "QT_QPA_PLATFORM": "wayland",
        }

    def call(self, destination: str, path: str, interface: str, member: str, *typed: str) -> Any:
        """`member(*typed)` on the session bus; the reply's values. `typed` is busctl's
        signature and arguments ("isvu", "5", …)."""
        return self._busctl("call", destination, path, interface, member, *typed)

    def get_property(self, destination: str, path: str, interface: str, name: str) -> Any:
        """A property's value, read over the session bus."""
        return self._busctl("get-property", destination, path, interface, name)

    def owner(self, name: str) -> str | None:
        """The unique name owning `name`, or None."""
        try:
            (owner,) = self.call(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "GetNameOwner",
                "s",
                name,
            )
        except BusCallFailed:
            return None
        return str(owner)

    def _busctl(self, verb: str, *arguments: str) -> Any:
        finished = subprocess.run(
            ["busctl", f"--address={self.bus_address}", "--json=short", verb, "--", *arguments],
            capture_output=True,
            text=True,
            timeout=CALL_TIMEOUT,
            check=False,
        )
        if finished.returncode != 0:
            raise BusCallFailed(f"busctl {verb} {' '.join(arguments)}: {finished.stderr.strip()}")
        if not finished.stdout.strip():
            return []
        answer = json.loads(finished.stdout)
        return answer["data"]


@contextmanager
def gnome_session(folder: Path) -> Iterator[GnomeSession]:
    """GNOME Shell on Wayland with the AppIndicator extension and a lock screen; stopped,
    with everything it started, when the block ends. Skips (or fails, with
    AVAILABILITY_REQUIRE_E2E=1) when a program is missing."""
    for tool in TOOLS:
        require_tool(tool)
    home = folder / "home"
    home.mkdir()
    shell_log = folder / "gnome-shell.log"
    with ExitStack() as children:
        # tmp_path can be too long for a Unix socket's path (about 100 bytes).
        runtime_dir = Path(tempfile.mkdtemp(prefix="availability-gnome-"))
        children.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
        buses = {}
        for kind in ("session", "system"):
            bus_folder = folder / f"{kind}-bus"
            bus_folder.mkdir()
            buses[kind] = start_bus(
                children,
                bus_folder,
                socket_dir=runtime_dir,
                bus_type=kind,
                log=folder / f"{kind}-bus.log",
            )
        start_fake_services(children, buses["system"], ["gdm"], folder / "gdm.log")
        session = GnomeSession(
            buses["session"], home, folder, runtime_dir, system_bus_address=buses["system"]
        )
        shell_environment = {
            name: value
            for name, value in session.environment().items()
            if name not in {"WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
        }
        # Settings in memory: nothing is written, and no dconf service is needed.
        shell_environment["GSETTINGS_BACKEND"] = "memory"
        start_child(
            children,
            [
                "gnome-shell",
                "--headless",
                "--wayland",
                "--no-x11",
                f"--virtual-monitor={SCREEN}",
                f"--wayland-display={session.wayland_display}",
            ],
            shell_log,
            env=shell_environment,
        )

        def logs() -> str:
            return log_tails({"gnome-shell": shell_log})

        def extension_enabled() -> bool:
            try:
                (enabled,) = session.call(*SHELL, "EnableExtension", "s", APPINDICATOR)
            except BusCallFailed:
                return False  # the shell has not exported its API yet
            return bool(enabled)

        wait_until(
            extension_enabled,
            STARTUP_TIMEOUT,
            "GNOME Shell enables the AppIndicator extension",
            context=logs,
        )
        wait_until(
            lambda: session.owner(WATCHER[0]),
            STARTUP_TIMEOUT,
            "the AppIndicator extension provides the StatusNotifierWatcher",
            context=logs,
        )
        start_child(
            children,
            ["gjs", str(SCREENSAVER_SERVICE)],
            folder / "screensaver.log",
            env=shell_environment,
        )
        wait_until(
            lambda: session.owner(SCREENSAVER[0]),
            STARTUP_TIMEOUT,
            "GNOME's org.gnome.ScreenSaver service starts",
            context=logs,
        )
        yield session


REMOTE_DESKTOP = ("org.gnome.Mutter.RemoteDesktop", "/org/gnome/Mutter/RemoteDesktop")
REMOTE_SESSION_INTERFACE = "org.gnome.Mutter.RemoteDesktop.Session"
KEY_LEFT_SHIFT = 42  # evdev's KEY_LEFTSHIFT: types nothing


class RemoteDesktopInput:
    """Real input into the compositor, through Mutter's own RemoteDesktop API.

    Mutter ties a remote desktop session to the D-Bus connection that made it, so this
    holds one connection (of QtDBus: a QCoreApplication must exist) for the session's
    life. The keyboard's keycode is a uint32, which QtDBus sends only when it knows the
    signature: the call goes through a QDBusInterface, which reads it from Mutter.
    """

    def __init__(self, session: GnomeSession) -> None:
        # A name of its own: QtDBus hands out the same connection again for a known name,
        # even one whose bus is gone.
        self._name = f"remote-desktop-input-{uuid.uuid4().hex}"
        self._bus = QDBusConnection.connectToBus(session.bus_address, self._name)
        try:
            (path,) = self._call(*REMOTE_DESKTOP, "org.gnome.Mutter.RemoteDesktop", "CreateSession")
            self._path = path.path() if hasattr(path, "path") else str(path)
            self._call(REMOTE_DESKTOP[0], self._path, REMOTE_SESSION_INTERFACE, "Start")
        except BusCallFailed:
            QDBusConnection.disconnectFromBus(self._name)
            raise
        self._moves = 0

    def _call(
        self, service: str, path: str, interface: str, member: str, *args: object
    ) -> list[object]:
        message = QDBusMessage.createMethodCall(service, path, interface, member)
        if args:
            message.setArguments(list(args))
        reply = self._bus.call(message, timeout=int(CALL_TIMEOUT * 1000))
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise BusCallFailed(f"{member}: {reply.errorMessage()}")
        return list(reply.arguments())

    def move_pointer(self) -> None:
        """The pointer moves a little, back and forth."""
        self._moves += 1
        step = 7.0 if self._moves % 2 else -7.0
        self._call(
            REMOTE_DESKTOP[0],
            self._path,
            REMOTE_SESSION_INTERFACE,
            "NotifyPointerMotionRelative",
            step,
            step,
        )

    def press_shift(self) -> None:
        """Shift goes down and up."""
        keyboard = QDBusInterface(
            REMOTE_DESKTOP[0], self._path, REMOTE_SESSION_INTERFACE, self._bus
        )
        for pressed in (True, False):
            sent = QMetaObject.invokeMethod(
                keyboard,
                "NotifyKeyboardKeycode",
                Qt.ConnectionType.DirectConnection,
                Q_ARG("uint", KEY_LEFT_SHIFT),
                Q_ARG("bool", pressed),
            )
            error = keyboard.lastError()
            if not sent or error.isValid():
                raise BusCallFailed(f"NotifyKeyboardKeycode: {error.message()}")

    def close(self) -> None:
        """End the remote desktop session and the connection that held it."""
        try:
            self._call(REMOTE_DESKTOP[0], self._path, REMOTE_SESSION_INTERFACE, "Stop")
        finally:
            QDBusConnection.disconnectFromBus(self._name)
