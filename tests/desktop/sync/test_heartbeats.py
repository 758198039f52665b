"""Heartbeats are never queued: while one is in flight, only the latest state waits."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import httpx
from pytestqt.qtbot import QtBot

from desktop.sync.api import StatusApi
from desktop.sync.engine import SyncEngine
from server.users import User
from tests.desktop.sync.conftest import WAIT_MS, Activity, signed_in
from tests.server.harness import PASSWORD, Harness


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
    for state in ("background", "foreground", "background"):  # lock, unlock, lock
        activity.app_state = state
        engine.on_activity_changed()
    with qtbot.waitSignal(
        engine.heartbeats.status_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda status: status["reason"] == "background",
    ):
        transport.release.set()
    with qtbot.assertNotEmitted(engine.heartbeats.status_changed, wait=500):
        pass  # a queue would send the rest now
    # The held one, then the latest: the two states in between were replaced.
    assert transport.sent == ["foreground", "background"]
