"""logind and ScreenSaver watchers against fake services on a private bus."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop.activity.idle_dbus import MutterIdleSource
from desktop.activity.logind import LogindLockWatcher, LogindSleepWatcher
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.screensaver_lock import ScreenSaverLockWatcher
from desktop.activity.state import ActivityState
from tests.support.fake_desktop import FakeDesktop

FAST = MonitorSettings(active_poll_ms=50, idle_poll_ms=20, sleep_grace_ms=60_000)


@pytest.fixture
def desktop(fake_desktop: Callable[..., FakeDesktop]) -> FakeDesktop:
    return fake_desktop("mutter", "screensaver", "login1")


@pytest.fixture
def monitor(qtbot: QtBot, bus: QDBusConnection, desktop: FakeDesktop) -> Iterator[ActivityMonitor]:
    """Started, with logind's answers in: the session found and the inhibitor held."""
    lock_watcher, sleep_watcher = LogindLockWatcher(bus), LogindSleepWatcher(bus)
    monitor = ActivityMonitor(
        MutterIdleSource(bus),
        [lock_watcher, ScreenSaverLockWatcher(bus)],
        [sleep_watcher],
        FAST,
    )
    monitor.start()
    qtbot.waitUntil(lambda: sleep_watcher.inhibitor_held() and not lock_watcher.looking_up())
    yield monitor
    monitor.stop()


def test_inhibitor_is_held_from_start(
    qtbot: QtBot, bus: QDBusConnection, desktop: FakeDesktop
) -> None:
    sleep_watcher = LogindSleepWatcher(bus)
    monitor = ActivityMonitor(MutterIdleSource(bus), (), [sleep_watcher], FAST)
    monitor.start()
    try:
        qtbot.waitUntil(sleep_watcher.inhibitor_held, timeout=5000)
        assert desktop.open_inhibitors() == 1
        assert desktop.control("InhibitCalls") == 1
        assert monitor.state() is ActivityState.ACTIVE
    finally:
        monitor.stop()
    qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)


def test_prepare_for_sleep_holds_the_inhibitor_until_allow_sleep(
    qtbot: QtBot, desktop: FakeDesktop, monitor: ActivityMonitor
) -> None:
    states: list[str] = []
    monitor.state_changed.connect(states.append)
    with qtbot.waitSignal(monitor.about_to_sleep, timeout=5000):
        desktop.control("EmitPrepareForSleep", True)
    assert states == ["asleep"]
    assert monitor.app_state() == "offline"
    # The offline heartbeat would go out here; logind must still be waiting.
    assert desktop.open_inhibitors() == 1
    monitor.allow_sleep()
    qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)


def test_resume_takes_a_new_inhibitor_and_reports_the_return(
    qtbot: QtBot, desktop: FakeDesktop, monitor: ActivityMonitor
) -> None:
    with qtbot.waitSignal(monitor.about_to_sleep, timeout=5000):
        desktop.control("EmitPrepareForSleep", True)
    monitor.allow_sleep()
    qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)
    with qtbot.waitSignals([monitor.resumed, monitor.returned], timeout=5000):
        desktop.control("EmitPrepareForSleep", False)
    assert monitor.state() is ActivityState.ACTIVE
    qtbot.waitUntil(lambda: desktop.open_inhibitors() == 1, timeout=5000)
    assert desktop.control("InhibitCalls") == 2


def test_safety_timeout_lets_the_system_sleep(
    qtbot: QtBot, bus: QDBusConnection, desktop: FakeDesktop
) -> None:
    sleep_watcher = LogindSleepWatcher(bus)
    monitor = ActivityMonitor(
        MutterIdleSource(bus), (), [sleep_watcher], MonitorSettings(sleep_grace_ms=100)
    )
    monitor.start()
    try:
        with qtbot.waitSignal(monitor.about_to_sleep, timeout=5000):
            desktop.control("EmitPrepareForSleep", True)
        qtbot.waitUntil(lambda: not sleep_watcher.inhibitor_held(), timeout=5000)
        qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)
    finally:
        monitor.stop()


def test_lock_is_locked_and_unlock_is_a_return(
    qtbot: QtBot, desktop: FakeDesktop, monitor: ActivityMonitor
) -> None:
    with qtbot.waitSignal(monitor.state_changed, timeout=5000) as locked:
        desktop.control("EmitLock")
    assert locked.args == ["locked"]
    assert monitor.app_state() == "background"
    with qtbot.waitSignal(monitor.returned, timeout=5000):
        desktop.control("EmitUnlock")
    assert monitor.state() is ActivityState.ACTIVE


def test_locked_hint_is_read_at_start_and_followed(
    qtbot: QtBot, bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    desktop = fake_desktop("login1", "locked")
    watcher = LogindLockWatcher(bus)
    with qtbot.waitSignal(watcher.locked_changed, timeout=5000) as read:
        watcher.start()
    try:
        assert read.args == [True]
        assert watcher.session_path == "/org/freedesktop/login1/session/_3"
        assert watcher.is_locked()
        with qtbot.waitSignal(watcher.locked_changed, timeout=5000) as changed:
            desktop.control("SetLockedHint", False)
        assert changed.args == [False]
    finally:
        watcher.stop()


def test_screensaver_active_counts_as_locked(
    qtbot: QtBot, desktop: FakeDesktop, monitor: ActivityMonitor
) -> None:
    with qtbot.waitSignal(monitor.state_changed, timeout=5000) as changed:
        desktop.control("EmitActiveChanged", True)
    assert changed.args == ["locked"]
    with qtbot.waitSignal(monitor.returned, timeout=5000):
        desktop.control("EmitActiveChanged", False)


def test_without_logind_the_watchers_stay_quiet(qtbot: QtBot, bus: QDBusConnection) -> None:
    lock_watcher, sleep_watcher = LogindLockWatcher(bus), LogindSleepWatcher(bus)
    lock_watcher.start()
    sleep_watcher.start()
    qtbot.waitUntil(
        lambda: not lock_watcher.looking_up() and not sleep_watcher.asking_for_inhibitor(),
        timeout=5000,
    )
    assert lock_watcher.session_path is None
    assert not lock_watcher.is_locked()
    assert not sleep_watcher.inhibitor_held()
    lock_watcher.stop()
    sleep_watcher.stop()
