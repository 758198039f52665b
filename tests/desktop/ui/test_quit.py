"""Quit is prompt, and the UI thread never waits, whatever the server does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.sync.api import StatusApi
from server.store.users import User
from tests.support import faults
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.faults import FaultSwitch
from tests.support.ui_thread_probe import UiThreadProbe, held_for
from tests.support.waiting import WAIT_MS


@pytest.fixture
def switch() -> Iterator[FaultSwitch]:
    transport = FaultSwitch()
    yield transport
    transport.release.set()  # stalled workers end with the test


@pytest.fixture
def app(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    switch: FaultSwitch,
) -> AvailabilityApp:
    def api(url: str) -> StatusApi:
        return StatusApi(url, httpx.Client(transport=switch, timeout=30))

    return signed_in_app(qtbot, make_app, server, professional, api_factory=api)


@pytest.mark.wall_time
def test_quit_with_the_server_stalled_is_prompt_and_never_holds_the_ui_thread(
    qtbot: QtBot, app: AvailabilityApp, switch: FaultSwitch
) -> None:
    assert app.session.engine is not None
    switch.fault = faults.STALL
    app.session.edit({"max_concurrent_sessions": 5})  # the outbox worker sits in a stalled request
    app.session.engine.on_activity_changed()  # and so does the heartbeat worker
    qtbot.waitUntil(switch.faulted.is_set, timeout=WAIT_MS)
    probe = UiThreadProbe()
    probe.start()
    started = time.monotonic()
    assert held_for(app.quit) < 0.5
    qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
    finished_after = time.monotonic() - started
    probe.stop()
    assert probe.longest_gap < 0.5, probe.longest_gap
    # The offline heartbeat is given about a second, then the app finishes anyway.
    assert finished_after < 2.0, finished_after
    assert not app.join_workers(0)  # the workers are still in their requests: not waited for


def test_quit_says_offline_first_when_the_server_answers(
    qtbot: QtBot, app: AvailabilityApp, server: Harness, professional: User
) -> None:
    app.quit()
    qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
    assert app.join_workers(WAIT_MS / 1000)
    token = server.sign_in(professional.email).json()["access_token"]
    status = server.client(token).get("/v1/me/status").json()
    assert status["status"] == "offline"
