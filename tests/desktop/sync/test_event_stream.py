"""The event stream resumes with Last-Event-ID and reconnects after the server goes away."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
from pytestqt.qtbot import QtBot

from desktop.sync.api import StatusApi
from desktop.sync.engine import SyncEngine
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.sync_clients import other_client, signed_in
from tests.support.waiting import WAIT_MS


class RecordingTransport(httpx.BaseTransport):
    """The real server; notes the headers each event-stream request carried."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.stream_requests: list[httpx.Headers] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/me/events":
            with self._lock:
                self.stream_requests.append(request.headers)
        return self._real.handle_request(request)

    def close(self) -> None:
        self._real.close()


def test_a_reconnect_sends_the_last_event_id_and_misses_nothing(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    transport = RecordingTransport()
    engine = make_engine(api=StatusApi(server.url, httpx.Client(transport=transport, timeout=30)))
    signed_in(qtbot, engine, professional, PASSWORD)
    qtbot.waitUntil(lambda: engine.events.last_event_id is not None, timeout=WAIT_MS)
    seen = engine.events.last_event_id
    assert "Last-Event-ID" not in transport.stream_requests[0]

    engine.events.stop()
    # A change while the stream is down reaches the engine through the re-read on connect.
    other_client(server, professional).patch(
        "/v1/me/availability", json={"max_concurrent_sessions": 6}
    )
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda document: document.max_concurrent_sessions == 6,
    ):
        engine.events.start()
    assert transport.stream_requests[-1]["Last-Event-ID"] == seen
