"""Idle time on a Wayland compositor that is not GNOME: a real KWin (Plasma 5.27), headless,
with its `ext-idle-notify-v1`, and real input through KWin's fake-input protocol."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.activity.idle_wayland import TRACKING_SECONDS, ExtIdleNotifySource
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.state import ActivityState
from tests.support.kwin import FakeInput, KWinSession, kwin_session
from tests.support.running_app import (
    FIRST_STATUS_TIMEOUT,
    SHORT_AWAY_SETTINGS,
    AppProcess,
    away_once_input_stops,
    online_while_giving_input,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


@pytest.fixture
def kwin(tmp_path: Path) -> Iterator[KWinSession]:
    with kwin_session(tmp_path) as session:
        yield session


@pytest.fixture
def user_input(kwin: KWinSession) -> Iterator[FakeInput]:
    fake = FakeInput(kwin)
    yield fake
    fake.close()


def test_ext_idle_notify_says_when_away_after_is_reached_and_when_input_returns(
    qtbot: QtBot, kwin: KWinSession, user_input: FakeInput
) -> None:
    source = ExtIdleNotifySource(str(kwin.runtime_dir / kwin.wayland_display))
    # Polls so slow that only the compositor's notifications can bring each change in time.
    settings = MonitorSettings(
        away_after=2.0, active_poll_ms=60_000, idle_poll_ms=60_000, watched_poll_ms=60_000
    )
    monitor = ActivityMonitor(source, settings=settings)
    monitor.start()
    try:
        assert monitor.state() is ActivityState.ACTIVE
        assert monitor.is_watching_for_idle()
        with qtbot.waitSignal(monitor.state_changed, timeout=10_000) as changed:
            pass  # no input: the notification with away_after's timeout says idled
        assert changed.args == [ActivityState.IDLE.value]
        idle = source.idle_seconds()
        assert idle is not None
        assert idle >= settings.away_after - TRACKING_SECONDS
        with qtbot.waitSignal(monitor.returned, timeout=5_000):
            user_input.move_pointer()
        assert monitor.state() is ActivityState.ACTIVE
        assert source.idle_seconds() == 0.0
    finally:
        monitor.stop()


def test_the_app_on_kwin_takes_idle_time_from_ext_idle_notify(
    kwin: KWinSession, user_input: FakeInput, tmp_path: Path
) -> None:
    app = AppProcess({**kwin.environment(), **SHORT_AWAY_SETTINGS}, tmp_path, kwin.log_file)
    try:
        online_while_giving_input(app, user_input.move_pointer, FIRST_STATUS_TIMEOUT)
        assert "idle source: ext-idle-notify" in kwin.log_file.read_text()

        # The idle reading lags the last input by up to the tracking notification's timeout.
        status = away_once_input_stops(app, user_input.move_pointer, TRACKING_SECONDS)
        assert status["reason"] == "idle"

        user_input.press_shift()
        online_while_giving_input(app, user_input.move_pointer)
    finally:
        app.stop()
