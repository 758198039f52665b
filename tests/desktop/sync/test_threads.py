"""The UI thread keeps turning while the server stalls, and no secret reaches a file."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.api import StatusApi
from desktop.sync.credentials import Credentials
from desktop.sync.engine import SyncEngine
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.clocks import ManualClock
from tests.support.sync_clients import read_availability, signed_in
from tests.support.ui_thread_probe import UiThreadProbe, held_for
from tests.support.waiting import WAIT_MS

STALL = 10.0


class StallingTransport(httpx.BaseTransport):
    """The real server, except that PATCH requests hang for `STALL` seconds once armed."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self.armed = threading.Event()
        self.stalled = threading.Event()
        self._never = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH" and self.armed.is_set():
            self.stalled.set()
            self._never.wait(STALL)  # a server that holds the request this long
        return self._real.handle_request(request)

    def close(self) -> None:
        self._real.close()


@pytest.mark.wall_time
def test_the_event_loop_keeps_turning_while_the_server_stalls(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    transport = StallingTransport()
    api = StatusApi(server.url, httpx.Client(transport=transport, timeout=30))
    engine = make_engine(api=api)
    signed_in(qtbot, engine, professional, PASSWORD)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    transport.armed.set()
    engine.edit({"max_concurrent_sessions": 8})
    qtbot.waitUntil(transport.stalled.is_set, timeout=WAIT_MS)
    started = time.monotonic()
    qtbot.waitUntil(lambda: engine.outbox.pending() == {}, timeout=int(STALL * 1000) + WAIT_MS)
    timer.stop()
    stalled_for = time.monotonic() - started
    during = [t for t in ticks if t >= started]
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert stalled_for >= STALL - 1
    assert len(during) > stalled_for / 0.020 * 0.5  # at least half the ticks came
    assert max(gaps) < 0.5
    assert read_availability(server, professional)["max_concurrent_sessions"] == 8


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "availability.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


def test_no_token_or_password_reaches_any_file(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    debug_log: Path,
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    secrets = {PASSWORD, engine.credentials.access_token()[0], *memory_keyring.passwords.values()}
    with qtbot.waitSignal(engine.status_changed, timeout=WAIT_MS):
        engine.on_activity_changed()
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 4,
    ):
        engine.edit({"max_concurrent_sessions": 4})
    engine.close()
    assert debug_log.stat().st_size > 0
    assert list((tmp_path / "laptop" / "outbox").glob("*.json"))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"a secret is in {path}"


class StallingRefresh(httpx.BaseTransport):
    """The real server, except that token refreshes hang until released, once armed."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self.armed = threading.Event()
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.answered = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not (
            self.armed.is_set()
            and request.url.path == "/v1/auth/token"
            and b"refresh_token" in request.content
        ):
            return self._real.handle_request(request)
        self.stalled.set()
        self.release.wait(STALL)
        response = self._real.handle_request(request)
        self.answered.set()
        return response

    def close(self) -> None:
        self.release.set()
        self._real.close()


@pytest.mark.wall_time
def test_a_stalled_token_refresh_never_holds_the_ui_thread(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    clock = ManualClock()
    transport = StallingRefresh()
    api = StatusApi(server.url, httpx.Client(transport=transport, timeout=30))
    credentials = Credentials(api, keyring_backend=MemoryKeyring(), clock=clock)
    engine = make_engine(api=api, credentials=credentials)
    signed_in(qtbot, engine, professional, PASSWORD)
    transport.armed.set()
    clock.now += 80_000  # past 80 % of the token's day: a refresh is due
    probe = UiThreadProbe()
    probe.start()
    engine.on_activity_changed()  # the heartbeat worker starts the refresh and stalls
    qtbot.waitUntil(transport.stalled.is_set, timeout=WAIT_MS)
    # What the UI thread does meanwhile: activity changes, edits, reading the sign-in.
    held = [
        held_for(engine.on_activity_changed),
        held_for(lambda: engine.edit({"max_concurrent_sessions": 6})),
        held_for(lambda: engine.credentials.user),
        held_for(engine.outbox.local_view),
    ]
    qtbot.waitUntil(lambda: probe.ticks[-1] - probe.ticks[0] > 2.0, timeout=WAIT_MS)
    probe.stop()
    assert not transport.release.is_set()  # the refresh was still stalled throughout
    assert max(held) < 0.5, held
    assert probe.longest_gap < 0.5, probe.longest_gap
    transport.release.set()
    qtbot.waitUntil(lambda: engine.outbox.pending() == {}, timeout=WAIT_MS)
    assert read_availability(server, professional)["max_concurrent_sessions"] == 6


def test_a_refresh_that_lands_after_a_sign_out_is_dropped(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    clock = ManualClock()
    transport = StallingRefresh()
    api = StatusApi(server.url, httpx.Client(transport=transport, timeout=30))
    keyring = MemoryKeyring()
    credentials = Credentials(api, keyring_backend=keyring, clock=clock)
    engine = make_engine(api=api, credentials=credentials)
    signed_in(qtbot, engine, professional, PASSWORD)
    transport.armed.set()
    clock.now += 80_000
    engine.on_activity_changed()
    qtbot.waitUntil(transport.stalled.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(engine.signed_out, timeout=WAIT_MS):
        engine.sign_out()  # said at once, although the refresh is still on its way
    transport.release.set()
    qtbot.waitUntil(transport.answered.is_set, timeout=WAIT_MS)
    with credentials._account_io:  # held by the refresh until its answer is dealt with
        pass
    assert engine.credentials.user is None
    # The sign-out's own thread deletes the stored token once the refresh lets go of the
    # account; the late grant, dropped, must not be written back around that.
    qtbot.waitUntil(lambda: not keyring.passwords, timeout=WAIT_MS)
    assert engine.credentials.user is None


def test_retiring_an_engine_with_a_stalled_worker_does_not_wait_for_it(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    transport = StallingTransport()
    api = StatusApi(server.url, httpx.Client(transport=transport, timeout=30))
    engine = make_engine(api=api)
    signed_in(qtbot, engine, professional, PASSWORD)
    transport.armed.set()
    engine.edit({"max_concurrent_sessions": 3})
    qtbot.waitUntil(transport.stalled.is_set, timeout=WAIT_MS)
    assert held_for(engine.retire) < 0.5  # the outbox worker is still in its request
    assert not engine.join(0)
    with qtbot.waitSignal(engine.retired, timeout=int(STALL * 1000) + WAIT_MS):
        pass
    assert engine.join(0)
