"""The real app on a real GNOME Shell on Wayland: its tray icon through the AppIndicator
extension, idle time from Mutter, input through Mutter's RemoteDesktop API, and the lock
through GNOME's own screen saver service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop.activity.idle_dbus import MutterIdleSource
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState
from desktop.core.durations import Duration
from desktop.wording.duration_words import duration_label, until_time_label
from tests.support.gnome_shell import SCREENSAVER, GnomeSession, RemoteDesktopInput, gnome_session
from tests.support.running_app import (
    FIRST_STATUS_TIMEOUT,
    SHORT_AWAY_SETTINGS,
    STATUS_TIMEOUT,
    AppProcess,
    away_once_input_stops,
    online_while_giving_input,
    status_becomes,
)
from tests.support.status_notifier import StatusNotifierItem
from tests.support.waiting import PROGRAM_POLL, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

TRAY_TIMEOUT = 30.0
# The heartbeat's idle reading is taken a little after the last input.
AWAY_EARLY_SLACK = 0.5


@pytest.fixture
def gnome(tmp_path: Path) -> Iterator[GnomeSession]:
    with gnome_session(tmp_path) as session:
        yield session


@pytest.fixture
def app(gnome: GnomeSession, tmp_path: Path) -> Iterator[AppProcess]:
    """The app in local mode, a native Wayland client of the shell."""
    started = AppProcess({**gnome.environment(), **SHORT_AWAY_SETTINGS}, tmp_path, gnome.log_file)
    yield started
    started.stop()


@pytest.fixture
def user_input(gnome: GnomeSession, qapp: QCoreApplication) -> Iterator[RemoteDesktopInput]:
    remote = RemoteDesktopInput(gnome)
    yield remote
    remote.close()


def online_with_input(
    app: AppProcess, user_input: RemoteDesktopInput, device: str, timeout: float = STATUS_TIMEOUT
) -> dict[str, Any]:
    give = user_input.move_pointer if device == "mouse" else user_input.press_shift
    return online_while_giving_input(app, give, timeout)


def test_the_tray_icon_is_a_status_notifier_item_whose_menu_sets_busy(
    gnome: GnomeSession, app: AppProcess, user_input: RemoteDesktopInput
) -> None:
    item = StatusNotifierItem(gnome)
    wait_until(
        item.address, TRAY_TIMEOUT, "the icon registers with the extension", context=app.diagnostics
    )
    online_with_input(app, user_input, "mouse", FIRST_STATUS_TIMEOUT)

    def tooltip_after_input() -> tuple[str, str]:
        user_input.move_pointer()  # away_after is short: stay online meanwhile
        return item.tooltip()

    title, _text = wait_until(
        tooltip_after_input,
        STATUS_TIMEOUT,
        "the tooltip says online",
        done=lambda tooltip: tooltip[0].startswith("Online · "),
        step=PROGRAM_POLL,
    )
    assert "sessions" in title
    user_input.move_pointer()  # online for away_after more: long enough to read both
    online_icon = item.icon_pixels()

    menu = item.menu()
    # A line that says what others see, then the choices.
    status_line, *choices = menu.labels()[:5]
    assert status_line.startswith("Online")
    assert choices == ["Online", "Busy", "Away", "Offline"]
    busy = menu.find("Busy")
    assert busy is not None
    assert busy.labels() == [
        until_time_label() if duration is Duration.UNTIL_TIME else duration_label(duration)
        for duration in Duration
    ]

    item.click("Busy", duration_label(Duration.UNTIL_CHANGED))
    status = status_becomes(app, "busy")
    assert (status["reason"], status["preference"]) == ("manual", "busy")
    wait_until(
        item.tooltip,
        STATUS_TIMEOUT,
        "the tooltip says busy",
        done=lambda tooltip: tooltip[0].startswith("Busy · "),
        step=PROGRAM_POLL,
    )
    assert item.icon_pixels() != online_icon
    # The menu's first line says what others see now.
    assert item.menu().children[0].label.startswith("Busy")


def test_idle_time_comes_from_mutter_and_real_input_brings_the_person_back(
    gnome: GnomeSession, app: AppProcess, user_input: RemoteDesktopInput
) -> None:
    online_with_input(app, user_input, "mouse", FIRST_STATUS_TIMEOUT)
    log = gnome.log_file.read_text()
    assert "idle source: mutter" in log
    # On Wayland the X11 and pynput sources are not even tried.
    assert "xscreensaver" not in log.lower()
    assert "pynput" not in log.lower()

    # No input past away_after: away, by itself, and not before away_after.
    status = away_once_input_stops(app, user_input.move_pointer, AWAY_EARLY_SLACK)
    assert status["reason"] == "idle"

    # A key on the keyboard: online again.
    online_with_input(app, user_input, "keyboard")


def test_locking_through_gnome_shell_makes_the_person_away_until_unlocked(
    gnome: GnomeSession, app: AppProcess, user_input: RemoteDesktopInput
) -> None:
    online_with_input(app, user_input, "mouse", FIRST_STATUS_TIMEOUT)

    gnome.call(*SCREENSAVER, "Lock")
    assert gnome.call(*SCREENSAVER, "GetActive") == [True]
    status = status_becomes(app, "away")
    assert status["reason"] == "background"

    # Unlocked (what GDM does after the password) and input: online again.
    gnome.call(*SCREENSAVER, "SetActive", "b", "false")
    online_with_input(app, user_input, "mouse")


def test_mutters_own_watches_say_when_away_after_is_reached_and_when_input_returns(
    qtbot: QtBot, gnome: GnomeSession, user_input: RemoteDesktopInput
) -> None:
    # Polls so slow that only Mutter's watches can bring each change in time.
    settings = MonitorSettings(
        away_after=3.0, active_poll_ms=60_000, idle_poll_ms=60_000, watched_poll_ms=60_000
    )
    bus = QDBusConnection.connectToBus(gnome.bus_address, "mutter-watches")
    monitor = ActivityMonitor(MutterIdleSource(bus), settings=settings)
    monitor.start()
    try:

        def watched_while_active() -> bool:
            # Input, and a poll by hand, until the watch is set up: a shell that has just
            # started can miss a call's 50 ms, and the monitor tries again at its next poll.
            user_input.move_pointer()
            monitor.on_poll()
            return monitor.is_watching_for_idle() and monitor.state() is ActivityState.ACTIVE

        qtbot.waitUntil(watched_while_active, timeout=10_000)
        with qtbot.waitSignal(
            monitor.state_changed,
            timeout=10_000,
            check_params_cb=lambda state: state == ActivityState.IDLE.value,
        ):
            pass  # no input: Mutter's idle watch fires at away_after
        assert monitor.is_watching_for_return()
        with qtbot.waitSignal(monitor.returned, timeout=5_000):
            user_input.move_pointer()
        assert monitor.state() is ActivityState.ACTIVE
    finally:
        monitor.stop()
        QDBusConnection.disconnectFromBus("mutter-watches")
