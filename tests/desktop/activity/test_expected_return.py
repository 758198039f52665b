"""While the server shows the person idle, the next input is a return, whatever our thresholds.

The server's away_after may be far shorter than the monitor's (say 5 s against 300 s):
the monitor never sees an idle stretch that long, yet the person shows away and must
come back within about a second.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState
from tests.support.clocks import Clocks
from tests.support.idle_sources import SettableIdle, WatchingIdle, poll_after


@pytest.fixture
def clocks(qapp: QApplication) -> Clocks:
    """Fake clocks, with a QApplication: the monitor's timers need an event dispatcher,
    and a test that runs first in its process has no other."""
    return Clocks()


def started(source: SettableIdle, clocks: Clocks) -> Iterator[ActivityMonitor]:
    monitor = ActivityMonitor(
        source, (), (), MonitorSettings(), monotonic=clocks.monotonic, wall=clocks.wall
    )
    monitor.start()
    yield monitor
    monitor.stop()


@pytest.fixture
def polled(clocks: Clocks) -> Iterator[tuple[ActivityMonitor, SettableIdle]]:
    source = SettableIdle()
    for monitor in started(source, clocks):
        yield monitor, source


@pytest.fixture
def watched(clocks: Clocks) -> Iterator[tuple[ActivityMonitor, WatchingIdle]]:
    source = WatchingIdle()
    for monitor in started(source, clocks):
        yield monitor, source


def test_input_after_the_server_said_idle_is_a_return(
    qtbot: QtBot, polled: tuple[ActivityMonitor, SettableIdle], clocks: Clocks
) -> None:
    monitor, source = polled
    poll_after(monitor, clocks, source, 8.0)  # idle 8 s: far below our own 300 s
    assert monitor.state() is ActivityState.ACTIVE
    monitor.expect_return()
    assert monitor.poll_interval_ms() == 1000  # polls as while idle
    with qtbot.waitSignal(monitor.returned, timeout=1000):
        clocks.advance(1)
        source.reading = 0.2
        monitor.on_poll()
    assert monitor.poll_interval_ms() == 5000  # back to the active rate


def test_without_input_nothing_is_reported(
    qtbot: QtBot, polled: tuple[ActivityMonitor, SettableIdle], clocks: Clocks
) -> None:
    monitor, source = polled
    poll_after(monitor, clocks, source, 8.0)
    monitor.expect_return()
    with qtbot.assertNotEmitted(monitor.returned):
        poll_after(monitor, clocks, source, 9.0)
        poll_after(monitor, clocks, source, 10.0)


def test_a_return_is_reported_once(
    qtbot: QtBot, polled: tuple[ActivityMonitor, SettableIdle], clocks: Clocks
) -> None:
    monitor, source = polled
    poll_after(monitor, clocks, source, 8.0)
    monitor.expect_return()
    clocks.advance(1)
    source.reading = 0.0
    monitor.on_poll()
    with qtbot.assertNotEmitted(monitor.returned):
        poll_after(monitor, clocks, source, 3.0)
        clocks.advance(1)
        source.reading = 0.0
        monitor.on_poll()


def test_no_longer_expecting_goes_back_to_the_active_rate(
    polled: tuple[ActivityMonitor, SettableIdle], clocks: Clocks
) -> None:
    monitor, source = polled
    poll_after(monitor, clocks, source, 8.0)
    monitor.expect_return()
    assert monitor.poll_interval_ms() == 1000
    monitor.expect_return(False)
    assert monitor.poll_interval_ms() == 5000


def test_a_source_that_reports_input_is_watched_instead_of_polled(
    qtbot: QtBot, watched: tuple[ActivityMonitor, WatchingIdle], clocks: Clocks
) -> None:
    monitor, source = watched
    poll_after(monitor, clocks, source, 8.0)
    monitor.expect_return()
    assert monitor.is_watching_for_return()
    with qtbot.waitSignal(monitor.returned, timeout=1000):
        source.input_comes_back(clocks, after=2)
