"""Mutter's user-active watch against the fake Mutter on a private bus."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop.activity.idle_dbus import MutterIdleSource
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState, IdleWatch, ReturnWatch
from tests.support.fake_desktop import FakeDesktop


class Returns:
    """Callbacks for watch_for_return that note which of them were called."""

    def __init__(self) -> None:
        self.called: list[str] = []

    def callback(self, label: str) -> Callable[[], None]:
        return lambda: self.called.append(label)


@pytest.fixture
def desktop(fake_desktop: Callable[..., FakeDesktop]) -> FakeDesktop:
    return fake_desktop("mutter")


@pytest.fixture
def source(bus: QDBusConnection, desktop: FakeDesktop) -> Iterator[MutterIdleSource]:
    source = MutterIdleSource(bus)
    yield source
    source.close()


def test_mutter_is_a_return_watch(source: MutterIdleSource) -> None:
    assert isinstance(source, ReturnWatch)


def test_the_watch_fires_once_at_the_next_input(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    returns = Returns()
    assert source.watch_for_return(returns.callback("first"))
    assert desktop.control("UserActiveWatches") == 1
    desktop.control("UserInput")
    qtbot.waitUntil(lambda: returns.called == ["first"], timeout=5000)
    assert desktop.control("UserActiveWatches") == 0
    # A second input reaches only a second watch: the first was one-shot.
    assert source.watch_for_return(returns.callback("second"))
    desktop.control("UserInput")
    desktop.control("UserInput")
    qtbot.waitUntil(lambda: "second" in returns.called, timeout=5000)
    assert returns.called == ["first", "second"]


def test_a_cancelled_watch_is_not_called_and_its_mutter_watch_is_reused(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    returns = Returns()
    assert source.watch_for_return(returns.callback("cancelled"))
    source.cancel_return_watch()
    assert source.watch_for_return(returns.callback("current"))
    assert desktop.control("UserActiveWatches") == 1
    desktop.control("UserInput")
    qtbot.waitUntil(lambda: returns.called == ["current"], timeout=5000)


def test_a_mutter_restart_loses_the_watch_and_says_so(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    returns = Returns()
    assert source.watch_for_return(returns.callback("lost"))
    desktop.control("RestartMutter")
    qtbot.waitUntil(lambda: returns.called == ["lost"], timeout=5000)
    assert desktop.control("UserActiveWatches") == 0
    assert source.watch_for_return(returns.callback("again"))
    assert desktop.control("UserActiveWatches") == 1
    desktop.control("UserInput")
    qtbot.waitUntil(lambda: returns.called == ["lost", "again"], timeout=5000)


def test_without_mutter_there_is_no_watch(
    bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    fake_desktop("screensaver")
    source = MutterIdleSource(bus)
    try:
        assert not source.watch_for_return(Returns().callback("never"))
    finally:
        source.close()


def test_the_monitor_waits_for_mutter_instead_of_polling_fast(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    # Polls so slow that only the watch can bring the return within the test's timeout.
    settings = MonitorSettings(
        away_after=60.0, active_poll_ms=60_000, idle_poll_ms=60_000, watched_poll_ms=60_000
    )
    desktop.control("SetIdle", 400_000)
    monitor = ActivityMonitor(source, settings=settings)
    monitor.start()
    try:
        assert monitor.state() is ActivityState.IDLE
        assert monitor.is_watching_for_return()
        assert desktop.control("UserActiveWatches") == 1
        with qtbot.waitSignals([monitor.state_changed, monitor.returned], timeout=5000):
            desktop.control("UserInput")
        assert monitor.state() is ActivityState.ACTIVE
        assert not monitor.is_watching_for_return()
    finally:
        monitor.stop()


def test_mutter_is_an_idle_watch_that_fires_each_time_idleness_reaches_its_interval(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    assert isinstance(source, IdleWatch)
    idle = Returns()
    assert source.idle_seconds() is not None  # as the monitor reads before it watches
    assert source.watch_for_idle(60.0, idle.callback("idle"))
    # The interval travels as Mutter's uint64 of milliseconds.
    assert desktop.control("IdleWatches") == "60000"
    # Asking again for the same watch adds none.
    assert source.watch_for_idle(60.0, idle.callback("idle"))
    assert desktop.control("IdleWatches") == "60000"
    desktop.control("SetIdle", 60_000)
    qtbot.waitUntil(lambda: idle.called == ["idle"], timeout=5000)
    desktop.control("UserInput")
    desktop.control("SetIdle", 61_000)
    qtbot.waitUntil(lambda: idle.called == ["idle", "idle"], timeout=5000)
    # Closing removes it from Mutter (RemoveWatch takes Mutter's uint32 id).
    source.close()
    assert desktop.control("IdleWatches") == ""


def test_no_idle_watch_is_asked_of_a_mutter_that_did_not_answer_in_time(
    desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    assert source.idle_seconds() is not None
    desktop.control("Hold")  # Mutter hangs
    try:
        source.idle_seconds()  # times out after 50 ms
        # No call that could wait longer (the first typed call introspects Mutter).
        assert not source.watch_for_idle(60.0, Returns().callback("idle"))
        assert desktop.control("HeldCalls") == ["GetIdletime"]
    finally:
        desktop.control("Release")
    assert source.idle_seconds() is not None
    assert source.watch_for_idle(60.0, Returns().callback("idle"))


def test_the_monitor_waits_for_mutter_to_say_away_after_instead_of_polling(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    # Polls so slow that only the watches can bring each change within the test's timeout.
    settings = MonitorSettings(
        away_after=60.0, active_poll_ms=60_000, idle_poll_ms=60_000, watched_poll_ms=60_000
    )
    desktop.control("SetIdle", 1_000)
    monitor = ActivityMonitor(source, settings=settings)
    monitor.start()
    try:
        # Poll by hand until the watch is set up: on a loaded machine the stand-in may
        # miss a call's 50 ms, and the monitor then tries again at its next poll.
        qtbot.waitUntil(lambda: monitor.on_poll() or monitor.is_watching_for_idle())
        assert monitor.state() is ActivityState.ACTIVE
        with qtbot.waitSignal(monitor.state_changed, timeout=5000):
            desktop.control("SetIdle", 60_000)
        assert monitor.state() is ActivityState.IDLE
        with qtbot.waitSignal(monitor.returned, timeout=5000):
            desktop.control("UserInput")
        assert monitor.state() is ActivityState.ACTIVE
        assert desktop.control("IdleWatches") == "60000"  # the same one all along
    finally:
        monitor.stop()


def test_a_restarted_mutter_gets_the_idle_watch_again(
    qtbot: QtBot, desktop: FakeDesktop, source: MutterIdleSource
) -> None:
    # A fast active poll: a setup that misses its 50 ms on a loaded machine is retried soon.
    settings = MonitorSettings(away_after=60.0, active_poll_ms=200, watched_poll_ms=60_000)
    monitor = ActivityMonitor(source, settings=settings)
    monitor.start()
    try:
        qtbot.waitUntil(lambda: desktop.control("IdleWatches") == "60000", timeout=5000)
        desktop.control("RestartMutter")
        qtbot.waitUntil(lambda: desktop.control("IdleWatches") == "60000", timeout=5000)
        assert monitor.is_watching_for_idle()
    finally:
        monitor.stop()
