"""The X11 sources under a real Xvfb, driven by xdotool: idle time, the SYNC alarm, pynput."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop.activity.idle_pynput import PynputIdleSource
from desktop.activity.idle_x11 import XScreenSaverIdleSource, XServerUnavailable
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState, ReturnWatch
from tests.support.tools import require_tool


def xdotool(display: str, *arguments: str) -> None:
    subprocess.run(
        [require_tool("xdotool"), *arguments],
        env={**os.environ, "DISPLAY": display},
        check=True,
        timeout=10,
    )


def test_idle_grows_and_input_resets_it(qtbot: QtBot, xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    try:
        xdotool(xvfb_display, "mousemove", "10", "10")
        start = source.idle_seconds()
        assert start is not None
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= start + 0.3, timeout=3000)
        before = source.idle_seconds()
        assert before is not None
        xdotool(xvfb_display, "key", "shift")
        after = source.idle_seconds()
        assert after is not None
        assert after < before
    finally:
        source.close()


def test_mouse_input_resets_idle(qtbot: QtBot, xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    try:
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.2, timeout=3000)
        xdotool(xvfb_display, "mousemove", "200", "150")
        reading = source.idle_seconds()
        assert reading is not None
        assert reading < 0.2
    finally:
        source.close()


def test_the_idletime_alarm_fires_once_at_the_next_input(qtbot: QtBot, xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    try:
        assert isinstance(source, ReturnWatch)
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.05, timeout=3000)
        returns: list[str] = []
        assert source.watch_for_return(lambda: returns.append("first"))
        xdotool(xvfb_display, "mousemove", "120", "80")
        qtbot.waitUntil(lambda: returns == ["first"], timeout=3000)
        # The alarm is gone: later input reaches only a new watch.
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.05, timeout=3000)
        assert source.watch_for_return(lambda: returns.append("second"))
        xdotool(xvfb_display, "key", "shift")
        qtbot.waitUntil(lambda: "second" in returns, timeout=3000)
        assert returns == ["first", "second"]
    finally:
        source.close()


def test_a_cancelled_idletime_alarm_is_not_called(qtbot: QtBot, xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    try:
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.05, timeout=3000)
        returns: list[str] = []
        assert source.watch_for_return(lambda: returns.append("cancelled"))
        source.cancel_return_watch()
        xdotool(xvfb_display, "mousemove", "60", "70")
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.05, timeout=3000)
        assert source.watch_for_return(lambda: returns.append("current"))
        xdotool(xvfb_display, "mousemove", "61", "70")
        qtbot.waitUntil(lambda: returns == ["current"], timeout=3000)
    finally:
        source.close()


def test_an_alarm_read_along_with_an_idle_reply_still_reports(
    qtbot: QtBot, xvfb_display: str
) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    try:
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.05, timeout=3000)
        returns: list[str] = []
        assert source.watch_for_return(lambda: returns.append("back"))
        xdotool(xvfb_display, "mousemove", "70", "20")
        # Before the event loop runs: Xlib reads the alarm event ahead of this reply and
        # queues it, so the socket notifier has nothing left to see.
        reading = source.idle_seconds()
        assert reading is not None
        assert reading < 0.05
        qtbot.waitUntil(lambda: returns == ["back"], timeout=3000)
    finally:
        source.close()


def test_the_monitor_waits_for_the_x_server_instead_of_polling_fast(
    qtbot: QtBot, xvfb_display: str
) -> None:
    # Polls so slow that only the alarm can bring the return within the test's timeout.
    settings = MonitorSettings(
        away_after=0.05, active_poll_ms=60_000, idle_poll_ms=60_000, watched_poll_ms=60_000
    )
    source = XScreenSaverIdleSource(xvfb_display)
    qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.1, timeout=3000)
    monitor = ActivityMonitor(source, settings=settings)
    monitor.start()
    try:
        assert monitor.state() is ActivityState.IDLE
        assert monitor.is_watching_for_return()
        with qtbot.waitSignals([monitor.state_changed, monitor.returned], timeout=3000):
            xdotool(xvfb_display, "mousemove", "90", "30")
        assert monitor.state() is ActivityState.ACTIVE
    finally:
        monitor.stop()


def test_closed_source_watches_nothing(xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    source.close()
    assert not source.watch_for_return(lambda: None)
    source.cancel_return_watch()


def test_closed_source_reads_none_and_closes_once(xvfb_display: str) -> None:
    source = XScreenSaverIdleSource(xvfb_display)
    source.close()
    source.close()
    assert source.idle_seconds() is None


def test_no_display_is_refused() -> None:
    with pytest.raises(XServerUnavailable):
        XScreenSaverIdleSource("")


def test_unreachable_display_is_refused() -> None:
    with pytest.raises(XServerUnavailable):
        XScreenSaverIdleSource(":4242")


class FakeListener(threading.Thread):
    """A listener thread that runs until stopped, or dies when told to."""

    def __init__(self, on_input: Callable[..., None]) -> None:
        super().__init__(daemon=True)
        self.on_input = on_input
        self.stopping = threading.Event()

    def run(self) -> None:
        self.stopping.wait()

    def stop(self) -> None:
        self.stopping.set()


def test_pynput_source_counts_from_the_last_callback() -> None:
    now = [100.0]
    listeners: list[FakeListener] = []

    def factory(on_input: Callable[..., None]) -> FakeListener:
        listeners.append(FakeListener(on_input))
        return listeners[-1]

    source = PynputIdleSource([factory, factory], clock=lambda: now[0])
    try:
        now[0] = 130.0
        assert source.idle_seconds() == 30.0
        listeners[1].on_input("key")
        now[0] = 132.5
        assert source.idle_seconds() == 2.5
    finally:
        source.close()


def test_pynput_health_check_reports_none_once_a_listener_died(qtbot: QtBot) -> None:
    listeners: list[FakeListener] = []

    def factory(on_input: Callable[..., None]) -> FakeListener:
        listeners.append(FakeListener(on_input))
        return listeners[-1]

    source = PynputIdleSource([factory, factory])
    assert source.idle_seconds() is not None
    listeners[0].stop()  # as when the X server restarts under the listener
    listeners[0].join(timeout=5)
    assert source.idle_seconds() is None
    source.close()
    qtbot.waitUntil(lambda: not source.listeners_running(), timeout=5000)


def test_pynput_listeners_see_real_x_input(
    qtbot: QtBot, xvfb_display: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", xvfb_display)
    now = [0.0]
    source = PynputIdleSource(clock=lambda: now[0])
    try:
        now[0] = 50.0
        assert source.idle_seconds() == 50.0
        moves = iter(range(10_000))

        def moved_and_seen() -> bool:
            # The listener starts recording a moment after start(): keep moving until seen.
            xdotool(xvfb_display, "mousemove", str(30 + next(moves) % 2), "44")
            return source.idle_seconds() == 0.0

        qtbot.waitUntil(moved_and_seen, timeout=5000)
    finally:
        source.close()
        # On X11 a stopped listener returns only after one more event.
        xdotool(xvfb_display, "mousemove", "34", "45", "key", "shift")
        qtbot.waitUntil(lambda: not source.listeners_running(), timeout=5000)
