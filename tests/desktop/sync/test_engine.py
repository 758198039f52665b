"""The sync engine against the real server: sign-in, heartbeats, edits, events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncState
from desktop.sync.engine import SyncEngine
from presence import Role, Status
from presence.documents import AvailabilityDocument
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.sync_clients import Activity, other_client, read_availability, signed_in
from tests.support.waiting import WAIT_MS


def test_sign_in_sends_a_heartbeat_and_shows_online(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User
) -> None:
    engine = make_engine()
    with qtbot.waitSignal(
        engine.status_changed, timeout=WAIT_MS, check_params_cb=lambda s: s.status is Status.ONLINE
    ):
        user = signed_in(qtbot, engine, professional, PASSWORD)
    assert user.email == professional.email
    assert engine.heartbeats.running


def test_an_edit_reaches_the_server(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    states: list[SyncState] = []
    engine.sync_state_changed.connect(states.append)
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 5,
    ):
        engine.edit({"max_concurrent_sessions": 5})
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)
    assert states[0] is SyncState.SAVING
    assert read_availability(server, professional)["max_concurrent_sessions"] == 5


def test_a_remote_change_arrives_over_the_event_stream_within_a_second(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    qtbot.waitUntil(lambda: engine.events.last_event_id is not None, timeout=WAIT_MS)
    phone = other_client(server, professional)
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=1000,
        check_params_cb=lambda d: d.preference is Status.BUSY,
    ):
        assert phone.patch("/v1/me/availability", json={"preference": "busy"}).status_code == 200
    local = engine.outbox.local_view()
    assert local is not None
    assert local.preference is Status.BUSY


def test_a_sign_in_revoked_elsewhere_signs_out_with_a_reason(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
    memory_keyring: MemoryKeyring,
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    token, _ = engine.credentials.access_token()
    with qtbot.waitSignal(engine.signed_out, timeout=WAIT_MS) as signed_out:
        assert server.client(token).post("/v1/auth/logout", json={}).status_code == 204
        engine.on_activity_changed()
    assert "sign" in signed_out.args[0].lower()
    assert memory_keyring.passwords == {}
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.OFFLINE, timeout=WAIT_MS)
    assert not engine.heartbeats.running


def test_offline_goes_out_before_sleep_is_allowed(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    allowed: list[str] = []
    engine.send_offline(lambda: allowed.append(status_seen_by(server, professional)))
    qtbot.waitUntil(lambda: allowed != [], timeout=WAIT_MS)
    assert allowed == ["offline"]
    assert not engine.heartbeats.running


def test_edits_survive_the_server_going_away_and_coming_back(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    port = server.take_down()
    engine.edit({"max_concurrent_sessions": 9})
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.OFFLINE, timeout=WAIT_MS)
    assert engine.outbox.pending() == {"max_concurrent_sessions": 9}

    server.restart_on(port)
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 9,
    ):
        engine.on_activity_changed()  # the next heartbeat finds the server back
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)
    assert read_availability(server, professional)["max_concurrent_sessions"] == 9


class HeldEdits(httpx.BaseTransport):
    """The real server, except that PATCH requests wait until released."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self.holding = threading.Event()
        self.release = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            self.holding.set()
            self.release.wait(WAIT_MS / 1000)
        return self._real.handle_request(request)

    def close(self) -> None:
        self.release.set()
        self._real.close()


def test_a_late_word_of_nothing_pending_never_shows_an_unsent_edit_as_synced(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    """The outbox says "nothing pending" from its worker, so the word arrives queued: one
    from an earlier round may come after a newer edit, and must not hide it."""
    transport = HeldEdits()
    engine = make_engine(api=StatusApi(server.url, httpx.Client(transport=transport)))
    signed_in(qtbot, engine, professional, PASSWORD)
    engine.edit({"max_concurrent_sessions": 7})
    qtbot.waitUntil(transport.holding.is_set, timeout=WAIT_MS)
    engine.outbox.pending_changed.emit(False)  # the late word of an earlier, empty round
    assert engine.sync_state is SyncState.SAVING
    transport.release.set()
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)
    assert read_availability(server, professional)["max_concurrent_sessions"] == 7


def status_seen_by(server: Harness, user: User) -> str:
    status: str = other_client(server, user).get("/v1/me/status").json()["status"]
    return status


def test_a_restore_waits_for_a_server_that_is_not_up_yet(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    first = make_engine("before")
    signed_in(qtbot, first, professional, PASSWORD)
    first.close()
    port = server.take_down()

    # Started at login, before the server: the keyring's sign-in must not be given up.
    engine = make_engine("after")
    failures: list[str] = []
    engine.sign_in_failed.connect(failures.append)
    engine.restore()
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.OFFLINE, timeout=WAIT_MS)
    with qtbot.waitSignal(engine.signed_in, timeout=WAIT_MS):
        server.restart_on(port)
    assert failures == []
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)


@pytest.mark.wall_time
def test_keep_alive_pings_cause_no_reads(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """A ping is a comment; the engine must not take it for a garbled event and re-read."""
    server = Harness(f"sqlite:///{tmp_path / 'pings.sqlite3'}", sse_ping_interval=1)
    engine = SyncEngine(server.url, tmp_path / "client", Activity(), keyring_backend=memory_keyring)
    try:
        reads: list[AvailabilityDocument] = []
        engine.availability_changed.connect(reads.append)
        user = server.add_user(Role.PROFESSIONAL)
        signed_in(qtbot, engine, user, PASSWORD)
        # On connect: the full re-read, and the stream's own first event.
        qtbot.waitUntil(lambda: len(reads) == 2, timeout=WAIT_MS)
        with qtbot.assertNotEmitted(engine.availability_changed, wait=2500):
            pass  # two or three pings arrive meanwhile
    finally:
        engine.close()
        server.close()
