"""Desktop notifications for the changes the person did not make."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from presence import Role
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.idle_sources import SettableIdle
from tests.support.waiting import WAIT_MS


@pytest.fixture
def server(database_url: str) -> Iterator[Harness]:
    """A server on which the device stays alive while its clock jumps minutes ahead."""
    running = Harness(database_url, liveness_timeout=86400, offline_after=86400)
    yield running
    running.close()


def test_auto_away_and_back_are_notified_unless_switched_off(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    idle = SettableIdle(0.0)
    # The window shows offscreen (no tray) and its focus counts as activity: move the
    # monitor's clock past that.
    clock = [0.0]
    app = signed_in_app(
        qtbot, make_app, server, professional, idle=idle, monotonic=lambda: clock[0]
    )
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app.tray, "notify", lambda title, text: shown.append((title, text)))
    clock[0] += 3600
    server.clock.advance(timedelta(seconds=server.settings.away_after + 60))
    idle.reading = server.settings.away_after + 60
    app.monitor.on_poll()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "away", timeout=WAIT_MS
    )
    assert [title for title, _ in shown] == ["You are away"]
    server.clock.advance(timedelta(seconds=1))
    idle.reading = 0.0
    app.monitor.on_poll()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "online",
        timeout=WAIT_MS,
    )
    assert [title for title, _ in shown] == ["You are away", "Back online"]
    app.window.notifications.click()
    clock[0] += 3600
    server.clock.advance(timedelta(seconds=server.settings.away_after + 60))
    idle.reading = server.settings.away_after + 60
    app.monitor.on_poll()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "away", timeout=WAIT_MS
    )
    assert len(shown) == 2


@pytest.fixture
def professional_on_short(short_away_server: Harness) -> User:
    return short_away_server.add_user(Role.PROFESSIONAL)


@pytest.fixture
def short_away_server(database_url: str) -> Iterator[Harness]:
    """away_after far below the monitor's own 300 s, as AVAILABILITY_AWAY_AFTER=5 gives."""
    running = Harness(database_url, away_after=5, liveness_timeout=86400, offline_after=86400)
    yield running
    running.close()


def test_a_return_reaches_a_server_with_a_shorter_away_after_at_once(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    short_away_server: Harness,
    professional_on_short: User,
) -> None:
    server = short_away_server
    idle = SettableIdle(0.0)
    clock = [0.0]
    app = signed_in_app(
        qtbot, make_app, server, professional_on_short, idle=idle, monotonic=lambda: clock[0]
    )
    clock[0] += 3600
    server.clock.advance(timedelta(seconds=10))
    idle.reading = 10.0
    assert app.session.engine is not None
    app.session.engine.on_activity_changed()  # the scheduled heartbeat, in short
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.reason == "idle", timeout=WAIT_MS
    )
    assert app.monitor.poll_interval_ms() == 1000
    server.clock.advance(timedelta(seconds=1))
    clock[0] += 1
    idle.reading = 0.0
    app.monitor.on_poll()  # what the 1 s poll does after the input
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "online",
        timeout=WAIT_MS,
    )
