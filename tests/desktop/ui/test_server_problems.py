"""The app tells 'cannot reach the server' from 'the server has a problem' and 'is slow'.

Faults are shaped by a switch in front of the real server (tests/desktop/faults.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.commands import Commands
from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncProblem, SyncState
from desktop.wording import connection
from server.store.users import User
from tests.support import faults
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.faults import FaultSwitch
from tests.support.sync_clients import read_availability
from tests.support.waiting import WAIT_MS


@pytest.fixture
def switch() -> FaultSwitch:
    return FaultSwitch()


@pytest.fixture
def app(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    switch: FaultSwitch,
) -> AvailabilityApp:
    def api(url: str) -> StatusApi:
        return StatusApi(url, httpx.Client(transport=switch, timeout=10))

    return signed_in_app(qtbot, make_app, server, professional, api_factory=api)


def answer_of(app: AvailabilityApp, request: dict[str, Any], qtbot: QtBot) -> dict[str, Any]:
    """What the running app answers a command-line request (as `availability …` gets it)."""
    answers: list[dict[str, Any]] = []
    Commands(app.session, app.show_window, app.quit).handle(request, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    return answers[0]


@pytest.mark.parametrize(
    ("fault", "problem", "short"),
    [
        (faults.REFUSED, SyncProblem.UNREACHABLE, "server unreachable"),
        (faults.SERVER_ERROR, SyncProblem.SERVER_ERROR, "server problem"),
        (faults.GARBLED, SyncProblem.SERVER_ERROR, "server problem"),
        (faults.TIMEOUT, SyncProblem.SLOW, "server slow"),
    ],
)
def test_the_window_tooltip_and_command_line_say_what_is_wrong(
    qtbot: QtBot,
    app: AvailabilityApp,
    switch: FaultSwitch,
    fault: str,
    problem: SyncProblem,
    short: str,
) -> None:
    assert app.session.engine is not None
    switch.fault = fault
    app.session.engine.on_activity_changed()  # a heartbeat meets the fault
    qtbot.waitUntil(
        lambda: app.session.engine is not None and app.session.engine.problem == problem,
        timeout=WAIT_MS,
    )
    assert app.session.engine.sync_state is SyncState.OFFLINE
    assert app.window.sync_label.text() == connection.problem_label(problem)
    assert app.tray.tooltip_text().endswith(f"not synced: {short}")
    status = answer_of(app, {"command": "status"}, qtbot)
    assert status["sync_state"] == "offline"
    assert status["sync_problem"] == problem
    assert status["text"].endswith(f"(not synced: {short})")

    switch.fault = None
    app.session.engine.on_activity_changed()
    qtbot.waitUntil(
        lambda: (
            app.session.engine is not None and app.session.engine.sync_state is SyncState.SYNCED
        ),
        timeout=WAIT_MS,
    )
    assert app.session.engine.problem is None
    assert app.window.sync_label.text() == "Synced"
    assert "not synced" not in app.tray.tooltip_text()
    assert answer_of(app, {"command": "status"}, qtbot)["sync_problem"] is None


def test_status_set_says_when_the_server_has_not_confirmed_it(
    qtbot: QtBot, app: AvailabilityApp, switch: FaultSwitch, professional: User, server: Harness
) -> None:
    switch.fault = faults.SERVER_ERROR
    answer = answer_of(app, {"command": "set_status", "status": "busy"}, qtbot)
    assert answer == {
        "ok": True,
        "confirmed": False,
        "text": "Status set to Busy; not confirmed yet: the server has a problem now, "
        "so it will sync when it can.",
    }
    # The window says what the tray and the command line say, not the server's last word.
    assert app.tray.tooltip_text().startswith("Busy · ")
    assert app.window.headline.text() == "Busy"
    assert app.window.reason.text() == "You chose busy."
    assert app.session.engine is not None
    switch.fault = None
    app.session.engine.on_activity_changed()  # the server is back: the kept edit goes
    qtbot.waitUntil(
        lambda: read_availability(server, professional)["preference"] == "busy", timeout=WAIT_MS
    )


def test_status_set_answers_once_the_server_has_it(
    qtbot: QtBot, app: AvailabilityApp, professional: User, server: Harness
) -> None:
    answer = answer_of(app, {"command": "set_status", "status": "away"}, qtbot)
    assert answer == {"ok": True, "confirmed": True, "text": "Status set to Away."}
    assert read_availability(server, professional)["preference"] == "away"
    # Away holds at the computer too, as the window's own words promise (DESIGN.md 3).
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "away",
        timeout=WAIT_MS,
    )
    assert app.state.status is not None
    assert app.state.status.reason == "manual"
    assert app.state.status.accepting_sessions is False


def test_status_set_against_a_stalled_server_says_so_without_waiting_for_it(
    qtbot: QtBot, app: AvailabilityApp, switch: FaultSwitch
) -> None:
    switch.fault = faults.TIMEOUT
    answer = answer_of(app, {"command": "set_status", "status": "busy"}, qtbot)
    assert answer["confirmed"] is False
    assert "the server is slow to answer now" in answer["text"]


def wake_up(app: AvailabilityApp) -> None:
    """What the activity monitor says after a resume: resumed, then the new reading."""
    app.monitor.resumed.emit()
    app.monitor.activity_changed.emit(app.monitor.reading())


def test_after_a_resume_it_is_not_synced_before_the_server_answers(
    qtbot: QtBot, app: AvailabilityApp, switch: FaultSwitch
) -> None:
    assert app.session.engine is not None
    switch.fault = faults.TIMEOUT  # nothing has answered since the wake-up
    wake_up(app)
    assert app.session.engine.sync_state is SyncState.OFFLINE
    assert app.window.sync_label.text() == "Connecting to the server…"
    assert app.tray.tooltip_text().endswith("not synced")
    qtbot.waitUntil(
        lambda: app.session.engine is not None and app.session.engine.problem is SyncProblem.SLOW,
        timeout=WAIT_MS,
    )
    switch.fault = None
    wake_up(app)
    qtbot.waitUntil(
        lambda: (
            app.session.engine is not None and app.session.engine.sync_state is SyncState.SYNCED
        ),
        timeout=WAIT_MS,
    )
