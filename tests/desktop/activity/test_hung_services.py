"""A desktop service that hangs (Mutter, ScreenSaver, logind) never holds the UI thread.

The stand-in services hold every call unanswered after `Hold`, as a hung compositor or a
system bus waiting on polkit would, and answer them all on `Release`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from desktop.activity.idle_dbus import STAND_IN_SECONDS, MutterIdleSource, ScreenSaverIdleSource
from desktop.activity.logind import LogindLockWatcher, LogindSleepWatcher
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.screensaver_lock import ScreenSaverLockWatcher
from desktop.activity.state import ActivityState
from tests.support.clocks import ManualClock
from tests.support.fake_desktop import FakeDesktop
from tests.support.ui_thread_probe import UiThreadProbe, held_for

# What a person notices as a stutter; D-Bus calls on the UI thread stay well under it.
NOTICEABLE = 0.1
SESSION_PATH = "/org/freedesktop/login1/session/_3"
POLLING = MonitorSettings(active_poll_ms=200, idle_poll_ms=200, sleep_grace_ms=60_000)


@pytest.fixture
def desktop(fake_desktop: Callable[..., FakeDesktop]) -> FakeDesktop:
    return fake_desktop("mutter", "screensaver", "login1")


def held_calls(desktop: FakeDesktop) -> list[str]:
    calls = desktop.control("HeldCalls")
    assert isinstance(calls, list)
    return [str(call) for call in calls]


def test_a_hung_desktop_never_holds_the_ui_thread_and_its_answers_count_later(
    qtbot: QtBot, bus: QDBusConnection, desktop: FakeDesktop
) -> None:
    desktop.control("Hold")
    lock_watcher, sleep_watcher = LogindLockWatcher(bus), LogindSleepWatcher(bus)
    monitor = ActivityMonitor(
        MutterIdleSource(bus), [lock_watcher, ScreenSaverLockWatcher(bus)], [sleep_watcher], POLLING
    )
    probe = UiThreadProbe()
    probe.start()
    try:
        assert held_for(monitor.start) < NOTICEABLE
        # Polls go on reading the hung Mutter, each one bounded.
        qtbot.waitUntil(lambda: held_calls(desktop).count("GetIdletime") >= 5, timeout=10_000)
        assert held_for(lambda: lock_watcher.on_properties_changed(QDBusMessage())) < NOTICEABLE
        probe.stop()
        assert probe.longest_gap < NOTICEABLE, probe.longest_gap
        assert {"GetSessionByPID", "Inhibit", "GetActive"} <= set(held_calls(desktop))
        assert monitor.state() is ActivityState.UNKNOWN  # no idle time: said, not guessed
        assert not sleep_watcher.inhibitor_held()

        # The desktop answers again: what was asked for arrives, and readings resume.
        desktop.control("Release")
        qtbot.waitUntil(sleep_watcher.inhibitor_held, timeout=5000)
        qtbot.waitUntil(lambda: lock_watcher.session_path == SESSION_PATH, timeout=5000)
        qtbot.waitUntil(lambda: monitor.state() is ActivityState.ACTIVE, timeout=5000)
        assert desktop.open_inhibitors() == 1
    finally:
        monitor.stop()
    qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)


@pytest.mark.parametrize("make_source", [MutterIdleSource, ScreenSaverIdleSource])
def test_a_reading_that_times_out_stands_in_for_a_while_then_the_idle_time_is_unknown(
    bus: QDBusConnection, desktop: FakeDesktop, make_source: Callable[..., object]
) -> None:
    clock = ManualClock()
    source = make_source(bus, monotonic=clock)
    desktop.control("SetIdle", 2000)
    assert source.idle_seconds() == 2.0  # type: ignore[attr-defined]

    desktop.control("Hold")
    clock.now += 3
    reading: list[float | None] = []
    assert held_for(lambda: reading.append(source.idle_seconds())) < NOTICEABLE  # type: ignore[attr-defined]
    assert reading == [5.0]  # the last answer, 3 s older: no input can have been missed
    clock.now += STAND_IN_SECONDS
    assert source.idle_seconds() is None  # type: ignore[attr-defined]

    desktop.control("Release")
    desktop.control("SetIdle", 0)
    assert source.idle_seconds() == 0.0  # type: ignore[attr-defined]


def test_an_inhibitor_granted_while_going_to_sleep_is_given_back_at_once(
    qtbot: QtBot, bus: QDBusConnection, desktop: FakeDesktop
) -> None:
    desktop.control("Hold")
    watcher = LogindSleepWatcher(bus)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: held_calls(desktop) == ["Inhibit"], timeout=5000)
        with qtbot.waitSignal(watcher.about_to_sleep, timeout=5000):
            desktop.control("EmitPrepareForSleep", True)
        desktop.control("Release")  # logind grants it now: it would only delay the suspend
        qtbot.waitUntil(lambda: not watcher.asking_for_inhibitor(), timeout=5000)
        assert desktop.control("InhibitCalls") == 1
        assert not watcher.inhibitor_held()
        qtbot.waitUntil(lambda: desktop.open_inhibitors() == 0, timeout=5000)
    finally:
        watcher.stop()


def test_a_lock_signal_overtakes_an_older_locked_hint_reading(
    qtbot: QtBot,
    bus: QDBusConnection,
    fake_desktop: Callable[..., FakeDesktop],
    caplog: pytest.LogCaptureFixture,
) -> None:
    desktop = fake_desktop("login1")  # LockedHint false
    watcher = LogindLockWatcher(bus)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: not watcher.looking_up(), timeout=5000)
        assert watcher.session_path == SESSION_PATH
        desktop.control("Hold")
        watcher.on_properties_changed(QDBusMessage())  # a reading is on its way
        qtbot.waitUntil(lambda: held_calls(desktop) == ["Get"], timeout=5000)
        with qtbot.waitSignal(watcher.locked_changed, timeout=5000) as locked:
            desktop.control("EmitLock")
        assert locked.args == [True]

        caplog.set_level("DEBUG", logger="desktop.activity.logind")
        desktop.control("Release")  # LockedHint false, as it was before the lock
        qtbot.waitUntil(lambda: "LockedHint False dropped" in caplog.text, timeout=5000)
        assert watcher.is_locked()
    finally:
        watcher.stop()
