"""The sync engine against the real server: sign-in, heartbeats, edits, events."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desktop.sync.engine import SyncEngine
from server.users import User
from tests.desktop.sync.conftest import WAIT_MS, read_availability, signed_in
from tests.server.harness import PASSWORD, Harness


def test_sign_in_sends_a_heartbeat_and_shows_online(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User
) -> None:
    engine = make_engine()
    with qtbot.waitSignal(
        engine.status_changed, timeout=WAIT_MS, check_params_cb=lambda s: s["status"] == "online"
    ):
        user = signed_in(qtbot, engine, professional, PASSWORD)
    assert user["email"] == professional.email
    assert engine.heartbeats.running


def test_an_edit_reaches_the_server(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    engine = make_engine()
    signed_in(qtbot, engine, professional, PASSWORD)
    states: list[str] = []
    engine.sync_state_changed.connect(states.append)
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d["max_concurrent_sessions"] == 5,
    ):
        engine.edit({"max_concurrent_sessions": 5})
    qtbot.waitUntil(lambda: engine.sync_state == "synced", timeout=WAIT_MS)
    assert states[0] == "saving"
    assert read_availability(server, professional)["max_concurrent_sessions"] == 5
