"""Heartbeats are never queued: while one is in flight, only the latest state waits."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
from pytestqt.qtbot import QtBot

from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncProblem, SyncState
from desktop.sync.engine import SyncEngine
from desktop.wording import connection
from presence import AppState, Reason, Role
from presence.documents import ActivityReading
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness, Person, heartbeat
from tests.support.sync_clients import Activity, signed_in
from tests.support.waiting import WAIT_MS


class HeldHeartbeats(httpx.BaseTransport):
    """The real server, except that heartbeats wait for `release` once armed (a slow server)."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self.armed = threading.Event()
        self.holding = threading.Event()
        self.release = threading.Event()
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/me/heartbeat" and self.armed.is_set():
            self.sent.append(json.loads(request.content)["app_state"])
            self.holding.set()
            self.release.wait(10)
        return self._real.handle_request(request)

    def close(self) -> None:
        self._real.close()


def test_only_the_latest_state_is_sent_after_a_slow_heartbeat(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    transport = HeldHeartbeats()
    activity = Activity()
    engine = make_engine(
        api=StatusApi(server.url, httpx.Client(transport=transport, timeout=30)),
        activity=activity,
    )
    signed_in(qtbot, engine, professional, PASSWORD)
    transport.armed.set()
    engine.on_activity_changed()  # in flight, held by the slow server
    qtbot.waitUntil(transport.holding.is_set, timeout=WAIT_MS)
    for state in (
        AppState.BACKGROUND,
        AppState.FOREGROUND,
        AppState.BACKGROUND,
    ):  # lock, unlock, lock
        activity.app_state = state
        engine.on_activity_changed()
    with qtbot.waitSignal(
        engine.heartbeats.status_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda status: status.reason is Reason.BACKGROUND,
    ):
        transport.release.set()
    with qtbot.assertNotEmitted(engine.heartbeats.status_changed, wait=500):
        pass  # a queue would send the rest now
    # The held one, then the latest: the two states in between were replaced.
    assert transport.sent == ["foreground", "background"]


def test_a_device_beyond_the_accounts_cap_says_so_in_words(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], tmp_path: Path
) -> None:
    capped = Harness(f"sqlite:///{tmp_path / 'capped.sqlite3'}", max_devices_per_account=1)
    try:
        professional = capped.add_user(Role.PROFESSIONAL)
        phone = capped.signed_in_again(Person(professional, capped.anonymous, {}))
        heartbeat(phone, device_id="phone")  # the one device allowed, running
        engine = make_engine("laptop", base_url=capped.url)
        engine.sign_in(professional.email, PASSWORD)
        qtbot.waitUntil(lambda: engine.problem is SyncProblem.TOO_MANY_DEVICES, timeout=WAIT_MS)
        assert engine.sync_state is SyncState.OFFLINE
        assert "quit the app on one you no longer use" in connection.sync_label(
            engine.sync_state, engine.problem
        )
    finally:
        capped.close()


def test_a_reading_handed_over_goes_as_it_is_and_a_resume_sends_nothing_itself(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    transport = HeldHeartbeats()
    transport.release.set()  # slow no more: only the record of what was sent
    engine = make_engine(
        api=StatusApi(server.url, httpx.Client(transport=transport, timeout=30)),
        activity=Activity(),  # would say foreground, if asked
    )
    signed_in(qtbot, engine, professional, PASSWORD)
    transport.armed.set()
    with qtbot.waitSignal(
        engine.heartbeats.status_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda status: status.reason is Reason.BACKGROUND,
    ):
        engine.on_activity_changed(ActivityReading(AppState.BACKGROUND, 12.0))
    assert transport.sent == ["background"]
    # After sleep the monitor's own reading brings the heartbeat; the resume says only
    # that nothing is confirmed until then.
    with qtbot.assertNotEmitted(engine.heartbeats.status_changed, wait=500):
        engine.on_resumed()
        assert engine.sync_state is SyncState.OFFLINE
    assert transport.sent == ["background"]
