"""ActivityMonitor state, adaptive polling, returns and clock jumps, with injected clocks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState
from desktop.activity.watchers import LockWatcher
from presence import AppState
from presence.documents import ActivityReading
from tests.support.clocks import Clocks
from tests.support.idle_sources import FullyWatchingIdle, SettableIdle, WatchingIdle, poll_after


class ManualLock(LockWatcher):
    """A lock watcher the test locks and unlocks."""

    def set_locked(self, locked: bool) -> None:
        self._set_locked(locked)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def source() -> SettableIdle:
    return SettableIdle()


@pytest.fixture
def lock() -> ManualLock:
    return ManualLock()


@pytest.fixture
def monitor(
    qtbot: QtBot, clocks: Clocks, source: SettableIdle, lock: ManualLock
) -> Iterator[ActivityMonitor]:
    monitor = ActivityMonitor(
        source, [lock], (), MonitorSettings(), monotonic=clocks.monotonic, wall=clocks.wall
    )
    monitor.start()
    yield monitor
    monitor.stop()


def test_active_polls_every_5_s_and_idle_every_second(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    assert monitor.state() is ActivityState.ACTIVE
    assert monitor.is_polling()
    assert monitor.poll_interval_ms() == 5000
    poll_after(monitor, clocks, source, 300.0)
    assert monitor.state() is ActivityState.IDLE
    assert monitor.poll_interval_ms() == 1000


def test_poll_lands_on_the_away_threshold(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 297.5)
    assert monitor.poll_interval_ms() == 2501


def test_none_reading_is_unknown_never_active(
    qtbot: QtBot, monitor: ActivityMonitor, source: SettableIdle
) -> None:
    source.reading = None
    with qtbot.waitSignal(monitor.state_changed) as changed:
        monitor.on_poll()
    assert changed.args == ["unknown"]
    assert monitor.idle_seconds() is None
    assert monitor.app_state() == "foreground"


@given(reading=st.none() | st.floats(min_value=0, max_value=1e6), focused=st.booleans())
def test_no_reading_never_reports_active(reading: float | None, focused: bool) -> None:
    clocks = Clocks()
    monitor = ActivityMonitor(SettableIdle(reading), monotonic=clocks.monotonic, wall=clocks.wall)
    monitor.on_poll()
    if focused:
        monitor.on_app_focus()
    expect_active = reading is not None and (focused or reading < 300)
    assert (monitor.state() is ActivityState.ACTIVE) == expect_active
    assert (monitor.state() is ActivityState.UNKNOWN) == (reading is None)


def test_return_after_a_stretch_longer_than_the_heartbeat_interval(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 28.0)  # the poll never sees the 31 s peak
    clocks.advance(5.0)
    source.reading = 2.0
    with qtbot.waitSignal(monitor.returned):
        monitor.on_poll()


def test_short_pause_is_no_return(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 20.0)
    clocks.advance(5.0)
    source.reading = 1.0
    with qtbot.assertNotEmitted(monitor.returned):
        monitor.on_poll()


def test_return_from_idle_makes_active_and_speeds_back_up(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 400.0)
    clocks.advance(1.0)
    source.reading = 0.2
    with qtbot.waitSignals([monitor.state_changed, monitor.returned]):
        monitor.on_poll()
    assert monitor.state() is ActivityState.ACTIVE
    assert monitor.poll_interval_ms() == 5000


def test_app_focus_counts_as_activity(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 350.0)
    assert monitor.state() is ActivityState.IDLE
    source.reading = 351.0  # the OS counter may not see clicks in our own window
    clocks.advance(1.0)
    with qtbot.waitSignal(monitor.returned):
        monitor.on_app_focus()
    assert monitor.state() is ActivityState.ACTIVE
    assert monitor.idle_seconds() == 0.0


def test_lock_then_unlock(
    qtbot: QtBot, monitor: ActivityMonitor, lock: ManualLock, source: SettableIdle
) -> None:
    with qtbot.waitSignal(monitor.state_changed) as changed:
        lock.set_locked(True)
    assert changed.args == ["locked"]
    assert monitor.app_state() == "background"
    source.reading = None  # locked wins over unknown
    monitor.on_poll()
    assert monitor.state() is ActivityState.LOCKED
    source.reading = 0.0
    with qtbot.waitSignal(monitor.returned):
        lock.set_locked(False)
    assert monitor.state() is ActivityState.ACTIVE


def test_wall_clock_jump_is_a_sleep_and_resume(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks
) -> None:
    states: list[str] = []
    monitor.state_changed.connect(states.append)
    clocks.suspend(3600.0)
    clocks.advance(5.0)
    with qtbot.waitSignals([monitor.resumed, monitor.returned]):
        monitor.on_poll()
    assert states == ["asleep", "active"]


def test_small_clock_drift_is_no_sleep(
    qtbot: QtBot, monitor: ActivityMonitor, clocks: Clocks
) -> None:
    clocks.suspend(2.0)  # an NTP step, not a suspend
    clocks.advance(5.0)
    with qtbot.assertNotEmitted(monitor.resumed):
        monitor.on_poll()


def test_the_timer_really_polls(qtbot: QtBot, source: SettableIdle) -> None:
    monitor = ActivityMonitor(source, settings=MonitorSettings(active_poll_ms=20, idle_poll_ms=10))
    monitor.start()
    try:
        source.reading = 500.0
        qtbot.waitUntil(lambda: monitor.state() is ActivityState.IDLE, timeout=2000)
        assert monitor.poll_interval_ms() == 10
    finally:
        monitor.stop()
    assert not monitor.is_polling()
    assert source.closed


def test_away_threshold_is_injectable(clocks: Clocks) -> None:
    monitor = ActivityMonitor(
        SettableIdle(61.0), settings=MonitorSettings(away_after=60.0), monotonic=clocks.monotonic
    )
    monitor.on_poll()
    assert monitor.state() is ActivityState.IDLE


def test_a_return_just_past_a_short_away_after_is_a_return(
    qtbot: QtBot, clocks: Clocks, source: SettableIdle, lock: ManualLock
) -> None:
    # With away_after below the heartbeat interval, the server shows away on its own
    # once away_after passes; the return must be sent even if no poll saw the idle state.
    monitor = ActivityMonitor(
        source,
        [lock],
        (),
        MonitorSettings(away_after=4.0),
        monotonic=clocks.monotonic,
        wall=clocks.wall,
    )
    monitor.start()
    try:
        poll_after(monitor, clocks, source, 3.5)
        assert monitor.state() is ActivityState.ACTIVE
        clocks.advance(1.0)
        source.reading = 0.3
        with qtbot.waitSignal(monitor.returned):
            monitor.on_poll()
    finally:
        monitor.stop()


@pytest.fixture
def watching() -> WatchingIdle:
    return WatchingIdle()


@pytest.fixture
def watched_monitor(
    qtbot: QtBot, clocks: Clocks, watching: WatchingIdle, lock: ManualLock
) -> Iterator[ActivityMonitor]:
    monitor = ActivityMonitor(
        watching, [lock], (), MonitorSettings(), monotonic=clocks.monotonic, wall=clocks.wall
    )
    monitor.start()
    yield monitor
    monitor.stop()


def test_idle_with_a_return_watch_polls_slowly(
    watched_monitor: ActivityMonitor, clocks: Clocks, watching: WatchingIdle
) -> None:
    assert not watched_monitor.is_watching_for_return()  # active: input is no news
    poll_after(watched_monitor, clocks, watching, 300.0)
    assert watched_monitor.state() is ActivityState.IDLE
    assert watched_monitor.is_watching_for_return()
    assert watched_monitor.poll_interval_ms() == MonitorSettings().watched_poll_ms
    poll_after(watched_monitor, clocks, watching, 305.0)
    assert watching.watches == 1  # one watch for the whole idle stretch


def test_the_watch_brings_the_return_at_once(
    qtbot: QtBot, watched_monitor: ActivityMonitor, clocks: Clocks, watching: WatchingIdle
) -> None:
    poll_after(watched_monitor, clocks, watching, 400.0)
    with qtbot.waitSignals([watched_monitor.state_changed, watched_monitor.returned]):
        watching.input_comes_back(clocks, after=2.5)  # between two slow polls
    assert watched_monitor.state() is ActivityState.ACTIVE
    assert not watched_monitor.is_watching_for_return()
    assert watched_monitor.poll_interval_ms() == 5000


def test_idle_polls_fast_when_the_source_cannot_watch(
    qtbot: QtBot, clocks: Clocks, watching: WatchingIdle
) -> None:
    watching.can_watch = False
    monitor = ActivityMonitor(watching, monotonic=clocks.monotonic, wall=clocks.wall)
    monitor.start()
    try:
        poll_after(monitor, clocks, watching, 300.0)
        assert monitor.state() is ActivityState.IDLE
        assert not monitor.is_watching_for_return()
        assert monitor.poll_interval_ms() == 1000
    finally:
        monitor.stop()


def test_input_while_the_watch_is_set_keeps_the_fast_poll(
    watched_monitor: ActivityMonitor, clocks: Clocks, watching: WatchingIdle
) -> None:
    # The watch might never report input that came before it was set: the next fast
    # poll must see it instead.
    watching.reading_after_watch = 0.01
    poll_after(watched_monitor, clocks, watching, 300.0)
    assert not watched_monitor.is_watching_for_return()
    assert watching.on_return is None  # cancelled
    assert watched_monitor.poll_interval_ms() == 1000


def test_a_lock_while_idle_cancels_the_watch(
    watched_monitor: ActivityMonitor, clocks: Clocks, watching: WatchingIdle, lock: ManualLock
) -> None:
    poll_after(watched_monitor, clocks, watching, 300.0)
    assert watched_monitor.is_watching_for_return()
    lock.set_locked(True)
    assert watched_monitor.state() is ActivityState.LOCKED
    assert not watched_monitor.is_watching_for_return()
    assert watching.on_return is None


def test_stop_cancels_the_watch(qtbot: QtBot, clocks: Clocks, watching: WatchingIdle) -> None:
    monitor = ActivityMonitor(watching, monotonic=clocks.monotonic, wall=clocks.wall)
    monitor.start()
    poll_after(monitor, clocks, watching, 300.0)
    assert watching.on_return is not None
    monitor.stop()
    assert watching.on_return is None
    assert watching.closed


# --- the reading a heartbeat carries, and when it is offered -------------------------------


def test_the_reading_is_the_app_state_and_the_idle_time(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle, lock: ManualLock
) -> None:
    poll_after(monitor, clocks, source, 42.0)
    assert monitor.reading() == ActivityReading(AppState.FOREGROUND, 42.0)
    assert monitor.app_state() is AppState.FOREGROUND
    lock.set_locked(True)
    assert monitor.reading() == ActivityReading(AppState.BACKGROUND, 42.0)
    source.reading = None
    assert monitor.reading().idle_seconds is None


def readings(monitor: ActivityMonitor) -> list[ActivityReading]:
    seen: list[ActivityReading] = []
    monitor.activity_changed.connect(seen.append)
    return seen


def test_a_state_change_offers_one_reading(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle, lock: ManualLock
) -> None:
    seen = readings(monitor)
    poll_after(monitor, clocks, source, 10.0)  # active still: nothing to say
    assert seen == []
    lock.set_locked(True)
    assert seen == [ActivityReading(AppState.BACKGROUND, 10.0)]
    source.reading = 0.0
    lock.set_locked(False)  # a change and a return: still one reading
    assert seen[1:] == [ActivityReading(AppState.FOREGROUND, 0.0)]


def test_a_return_without_a_state_change_offers_one_reading(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    poll_after(monitor, clocks, source, 28.0)
    seen = readings(monitor)
    clocks.advance(5.0)
    source.reading = 2.0
    monitor.on_poll()  # the 31 s stretch was longer than the heartbeat interval
    assert monitor.state() is ActivityState.ACTIVE
    assert seen == [ActivityReading(AppState.FOREGROUND, 2.0)]


def test_going_idle_offers_a_reading_with_the_idle_time(
    monitor: ActivityMonitor, clocks: Clocks, source: SettableIdle
) -> None:
    seen = readings(monitor)
    poll_after(monitor, clocks, source, 300.0)
    assert seen == [ActivityReading(AppState.FOREGROUND, 300.0)]
    poll_after(monitor, clocks, source, 301.0)  # idle still: nothing new
    assert len(seen) == 1


def test_a_sleep_offers_offline_and_the_resume_the_state_after_it(
    monitor: ActivityMonitor, clocks: Clocks
) -> None:
    seen = readings(monitor)
    clocks.suspend(3600.0)
    clocks.advance(5.0)
    monitor.on_poll()
    assert [reading.app_state for reading in seen] == [AppState.OFFLINE, AppState.FOREGROUND]
    assert seen[0].idle_seconds is None


@pytest.fixture
def fully_watching() -> FullyWatchingIdle:
    return FullyWatchingIdle()


@pytest.fixture
def fully_watched_monitor(
    clocks: Clocks, fully_watching: FullyWatchingIdle
) -> Iterator[ActivityMonitor]:
    monitor = ActivityMonitor(
        fully_watching, (), (), MonitorSettings(), monotonic=clocks.monotonic, wall=clocks.wall
    )
    monitor.start()
    yield monitor
    monitor.stop()


def test_active_with_an_idle_watch_polls_slowly_and_the_watch_brings_away_after(
    qtbot: QtBot,
    fully_watched_monitor: ActivityMonitor,
    clocks: Clocks,
    fully_watching: FullyWatchingIdle,
) -> None:
    settings = MonitorSettings()
    assert fully_watched_monitor.state() is ActivityState.ACTIVE
    assert fully_watched_monitor.is_watching_for_idle()
    assert fully_watching.idle_watch is not None
    assert fully_watching.idle_watch[0] == settings.away_after
    # The watch says when away_after comes; the poll stays at the active rate.
    assert fully_watched_monitor.poll_interval_ms() == settings.active_poll_ms
    with qtbot.waitSignal(fully_watched_monitor.state_changed) as changed:
        fully_watching.idle_reaches(clocks, settings.away_after)
    assert changed.args == [ActivityState.IDLE.value]
    # Idle: the watch for the return takes over, and polling stays slow.
    assert fully_watched_monitor.is_watching_for_return()
    assert fully_watched_monitor.poll_interval_ms() == settings.watched_poll_ms
    # Back, and watching for idleness again: with the same watch, set up once.
    fully_watching.input_comes_back(clocks, after=10.0)
    assert fully_watched_monitor.state() is ActivityState.ACTIVE
    assert fully_watched_monitor.is_watching_for_idle()
    assert fully_watched_monitor.poll_interval_ms() == settings.active_poll_ms
    assert fully_watching.idle_watches == 1


def test_a_lost_idle_watch_is_set_up_again_and_nothing_changes_meanwhile(
    fully_watched_monitor: ActivityMonitor, clocks: Clocks, fully_watching: FullyWatchingIdle
) -> None:
    clocks.advance(20.0)
    fully_watching.reading = 20.0
    fully_watching.lose_watches()
    assert fully_watched_monitor.state() is ActivityState.ACTIVE
    assert fully_watched_monitor.is_watching_for_idle()
    assert fully_watching.idle_watch is not None
    assert fully_watching.idle_watches == 2


def test_stopping_removes_the_idle_watch(clocks: Clocks, fully_watching: FullyWatchingIdle) -> None:
    monitor = ActivityMonitor(fully_watching, monotonic=clocks.monotonic, wall=clocks.wall)
    monitor.start()
    assert fully_watching.idle_watch is not None
    monitor.stop()
    assert fully_watching.idle_watch is None


def test_steady_work_between_polls_is_never_a_return(
    qtbot: QtBot,
    fully_watched_monitor: ActivityMonitor,
    clocks: Clocks,
    fully_watching: FullyWatchingIdle,
) -> None:
    # Working all along: each poll reads a short idle time, a poll interval apart.
    with qtbot.assertNotEmitted(fully_watched_monitor.returned):
        for reading in [2.0, 0.3] * 5:
            clocks.advance(fully_watched_monitor.poll_interval_ms() / 1000)
            fully_watching.reading = reading
            fully_watched_monitor.on_poll()
