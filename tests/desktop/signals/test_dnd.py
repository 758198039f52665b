"""The desktop's Do Not Disturb: GNOME's setting through a real dconf, the notification
server's Inhibited on a private bus, Windows and macOS from recorded values."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop.signals.do_not_disturb import DoNotDisturbSignal
from desktop.signals.do_not_disturb_reading import DndPart, DndReading, combined
from desktop.signals.focus_macos import MacFocus, focus_on
from desktop.signals.focus_windows import QUNS_QUIET_TIME, WindowsFocusAssist
from desktop.signals.gnome_banners import GnomeBanners, banners_shown
from desktop.signals.notifications_inhibited import NotificationsInhibited
from tests.support.children import start_child
from tests.support.fake_desktop import FakeDesktop, start_fake_services
from tests.support.private_desktop import start_bus
from tests.support.tools import require_file, require_tool
from tests.support.waiting import STARTUP_TIMEOUT, WAIT_MS

GNOME = "GNOME's notification settings"


# --- the notification server's Inhibited, on a private bus ---------------------------


@pytest.fixture
def notifications(private_bus: str, bus: QDBusConnection, tmp_path: Path) -> Iterator[FakeDesktop]:
    with ExitStack() as children:
        start_fake_services(children, private_bus, ["notifications"], tmp_path / "services.log")
        yield FakeDesktop(bus)


@pytest.fixture
def bus(qapp: object, private_bus: str) -> Iterator[QDBusConnection]:
    connection = QDBusConnection.connectToBus(private_bus, "dnd-test")
    assert connection.isConnected()
    yield connection
    QDBusConnection.disconnectFromBus("dnd-test")


def test_inhibited_is_read_and_followed(
    qtbot: QtBot, bus: QDBusConnection, notifications: FakeDesktop
) -> None:
    watcher = NotificationsInhibited(bus)
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as first:
        watcher.start()
    assert first.args == [DndPart("the notification server", False)]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as turned:
        notifications.control("SetNotificationsInhibited", True)
    assert turned.args == [DndPart("the notification server", True)]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as gone:
        notifications.control("StopNotifications")
    part = gone.args[0]
    assert part.on is None
    assert part.problem == "The notification server has stopped."
    watcher.stop()


def test_without_a_notification_server_it_says_so(qtbot: QtBot, bus: QDBusConnection) -> None:
    watcher = NotificationsInhibited(bus)
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as told:
        watcher.start()
    assert told.args[0].on is None
    assert "No notification server" in told.args[0].problem
    watcher.stop()


# --- GNOME's show-banners, through a real dconf on a private bus ---------------------


@pytest.fixture
def gnome_settings(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private session bus with dconf-service on it, and the environment to reach it."""
    gsettings = require_tool("gsettings")
    dconf = require_file(Path("/usr/libexec/dconf-service"), "dconf-service")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "GSETTINGS_BACKEND": "dconf",
    }
    (tmp_path / "bus").mkdir()
    with ExitStack() as children:
        address = start_bus(
            children,
            tmp_path / "bus",
            executable=require_tool("dbus-daemon"),
            log=tmp_path / "dbus.log",
        )
        environment["DBUS_SESSION_BUS_ADDRESS"] = address
        start_child(children, [str(dconf)], tmp_path / "dconf.log", env=environment)
        environment["GSETTINGS"] = gsettings
        yield environment


def gsettings_set(environment: dict[str, str], value: str) -> None:
    subprocess.run(
        [environment["GSETTINGS"], "set", "org.gnome.desktop.notifications", "show-banners", value],
        env=environment,
        check=True,
        timeout=STARTUP_TIMEOUT,
    )


def test_gnome_banners_off_is_do_not_disturb(qtbot: QtBot, gnome_settings: dict[str, str]) -> None:
    watcher = GnomeBanners(gnome_settings["GSETTINGS"], gnome_settings)
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as first:
        watcher.start()
    assert first.args == [DndPart(GNOME, False)]
    # Another process (GNOME's own Settings, or its top bar) turns banners off and on.
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as turned:
        gsettings_set(gnome_settings, "false")
    assert turned.args == [DndPart(GNOME, True)]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT_MS) as back:
        gsettings_set(gnome_settings, "true")
    assert back.args == [DndPart(GNOME, False)]
    watcher.stop()


def test_without_gnome_settings_it_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    missing = GnomeBanners(str(tmp_path / "no-gsettings"))
    with qtbot.waitSignal(missing.changed, timeout=WAIT_MS) as told:
        missing.start()
    assert told.args[0].on is None
    assert told.args[0].problem
    missing.stop()


@pytest.mark.parametrize(
    ("text", "shown"),
    [("true\n", True), ("false", False), ("show-banners: false\n", False), ("nonsense", None)],
)
def test_banners_shown_reads_get_and_monitor_lines(text: str, shown: bool | None) -> None:
    assert banners_shown(text) is shown


# --- combining -------------------------------------------------------------------------


class Scripted(QObject):
    changed = Signal(object)

    def __init__(self, part: DndPart) -> None:
        super().__init__()
        self.part = part
        self.running = False

    def start(self) -> None:
        self.running = True
        self.changed.emit(self.part)

    def stop(self) -> None:
        self.running = False


def test_any_source_that_says_on_makes_it_on(qtbot: QtBot) -> None:
    gnome, server = Scripted(DndPart(GNOME, False)), Scripted(DndPart("the server", None, "gone."))
    signal = DoNotDisturbSignal([gnome, server])
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as first:
        signal.start()
    assert first.args == [DndReading(True, False, GNOME, None)]
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as turned:
        gnome.changed.emit(DndPart(GNOME, True))
    assert turned.args == [DndReading(True, True, GNOME, None)]
    signal.stop()
    assert not gnome.running


def test_with_no_readable_source_the_reading_says_why() -> None:
    reading = combined([DndPart(GNOME, None, "This is not a GNOME desktop.")])
    assert reading == DndReading(False, False, None, "This is not a GNOME desktop.")
    assert combined([]).problem == "This desktop does not tell apps whether it is on."


# --- Windows and macOS, from recorded values --------------------------------------------


def test_windows_quiet_states_are_do_not_disturb(qtbot: QtBot) -> None:
    answers: list[Callable[[], int]] = [lambda: 5, lambda: QUNS_QUIET_TIME]
    seen: list[DndPart] = []

    def query() -> int:
        return answers[0]()

    watcher = WindowsFocusAssist(query, poll_ms=60_000)
    watcher.changed.connect(seen.append)
    watcher.start()
    answers.pop(0)
    watcher.on_poll()

    def fails() -> int:
        raise OSError("no shell32")

    answers[0] = fails
    watcher.on_poll()
    watcher.stop()
    assert [part.on for part in seen] == [False, True, None]


@pytest.mark.parametrize(
    ("document", "on"),
    [
        ({"data": [{"storeAssertionRecords": [{"assertionDetails": {}}]}]}, True),
        ({"data": [{"storeAssertionRecords": []}]}, False),
        ({"data": [{}]}, False),
        ({"data": []}, False),
        ({"data": "x"}, None),
        ([], None),
    ],
)
def test_macos_focus_from_its_assertions(document: object, on: bool | None) -> None:
    assert focus_on(document) is on


def test_macos_focus_file_missing_or_unreadable_is_told_in_words(
    qtbot: QtBot, tmp_path: Path
) -> None:
    missing = MacFocus(tmp_path / "none.json").read()
    assert missing.on is None
    assert missing.problem
    broken = tmp_path / "Assertions.json"
    broken.write_text("{not json")
    assert MacFocus(broken).read().problem == "macOS Focus could not be read."
    broken.write_text(json.dumps({"data": [{"storeAssertionRecords": [{}]}]}))
    assert MacFocus(broken).read().on is True
