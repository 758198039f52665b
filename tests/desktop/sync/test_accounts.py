"""Pending edits belong to the account that made them, and go only as that account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from pytestqt.qtbot import QtBot

from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncState
from desktop.sync.engine import SyncEngine
from desktop.sync.outbox_files import OutboxFiles
from desktop.wording import sync_messages
from presence import Role
from presence.documents import AvailabilityDocument
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.ports import free_port
from tests.support.sync_clients import read_availability, signed_in
from tests.support.waiting import WAIT_MS


def signed_out(qtbot: QtBot, engine: SyncEngine) -> None:
    with qtbot.waitSignal(engine.signed_out, timeout=WAIT_MS):
        engine.sign_out()


def local(engine: SyncEngine) -> AvailabilityDocument:
    """What the engine shows now; there must be something to show."""
    document = engine.outbox.local_view()
    assert document is not None
    return document


def test_an_edit_waits_for_its_own_account_and_never_goes_as_another(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
    tmp_path: Path,
) -> None:
    someone_else = server.add_user(Role.PROFESSIONAL)
    # No quick retries inside the client: a request already under way when the person
    # signs out may still land, as theirs, once the server is back. Here none is.
    engine = make_engine(api=StatusApi(server.url, attempts=1))
    signed_in(qtbot, engine, professional, PASSWORD)
    port = server.take_down()
    engine.edit({"max_concurrent_sessions": 9})
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.OFFLINE, timeout=WAIT_MS)
    signed_out(qtbot, engine)  # the server never hears of it
    assert engine.outbox.pending() == {}
    assert engine.outbox.local_view() is None

    server.restart_on(port)
    before = read_availability(server, someone_else)
    signed_in(qtbot, engine, someone_else, PASSWORD)
    qtbot.waitUntil(lambda: local(engine).version == before["version"])
    assert local(engine).max_concurrent_sessions == 3
    # Their own edit goes; once it has, the outbox has had every chance to send.
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.online_availability is False,
    ):
        engine.edit({"online_availability": False})
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)
    after = read_availability(server, someone_else)
    assert after["max_concurrent_sessions"] == before["max_concurrent_sessions"] == 3
    assert after["version"] == before["version"] + 1
    assert read_availability(server, professional)["max_concurrent_sessions"] == 3
    assert len(list((tmp_path / "laptop" / "outbox").glob("*.json"))) == 3  # two and a pointer

    signed_out(qtbot, engine)
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 9,
    ):
        signed_in(qtbot, engine, professional, PASSWORD)
    assert read_availability(server, professional)["max_concurrent_sessions"] == 9
    assert read_availability(server, someone_else)["max_concurrent_sessions"] == 3


def test_after_a_restart_edits_wait_for_the_restored_account(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    first = make_engine()
    signed_in(qtbot, first, professional, PASSWORD)
    # The server's document is kept with the edits, so the next start can show them on it.
    qtbot.waitUntil(lambda: first.outbox.local_view() is not None, timeout=WAIT_MS)
    port = server.take_down()
    first.edit({"max_concurrent_sessions": 8})
    first.close()

    # The app starts again before the server; the keyring's sign-in is not restored yet.
    engine = make_engine()
    assert engine.outbox.account == professional.id
    engine.edit({"online_availability": False})
    assert local(engine).max_concurrent_sessions == 8
    assert engine.outbox.pending() == {"max_concurrent_sessions": 8, "online_availability": False}
    with qtbot.waitSignal(
        engine.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 8,
    ):
        engine.restore()
        server.restart_on(port)
    qtbot.waitUntil(lambda: engine.outbox.pending() == {}, timeout=WAIT_MS)
    document = read_availability(server, professional)
    assert (document["max_concurrent_sessions"], document["online_availability"]) == (8, False)


def test_an_edit_with_nobody_signed_in_is_refused_not_kept_for_whoever_comes(
    qtbot: QtBot, make_engine: Callable[..., SyncEngine], professional: User, server: Harness
) -> None:
    engine = make_engine()
    with qtbot.waitSignal(engine.edit_rejected, timeout=WAIT_MS) as rejected:
        engine.edit({"max_concurrent_sessions": 7})
    assert rejected.args == ["max_concurrent_sessions", sync_messages.sign_in_first()]
    signed_in(qtbot, engine, professional, PASSWORD)
    assert engine.outbox.pending() == {}
    assert read_availability(server, professional)["max_concurrent_sessions"] == 3


def test_each_server_has_its_own_outbox_files(tmp_path: Path) -> None:
    here = OutboxFiles(tmp_path, "https://availability.example.org")
    there = OutboxFiles(tmp_path, "http://127.0.0.1:8765")
    assert here.path("user-1") != there.path("user-1")
    assert here.path("user-1") != here.path("user-2")
    here.remember("user-1")
    there.remember("user-2")
    assert (here.last_account(), there.last_account()) == ("user-1", "user-2")
    here.remember(None)
    assert (here.last_account(), there.last_account()) == (None, "user-2")


def test_edits_kept_for_a_server_outlive_a_change_of_its_port(
    qtbot: QtBot,
    make_engine: Callable[..., SyncEngine],
    professional: User,
    server: Harness,
) -> None:
    """Local mode: the embedded server listens on a new port at every start."""
    first = make_engine(server_key="local")
    signed_in(qtbot, first, professional, PASSWORD)
    server.take_down()
    first.edit({"max_concurrent_sessions": 6})
    first.close()

    server.restart_on(free_port())
    moved = server.server.url
    assert moved != server.url
    engine = make_engine(base_url=moved, server_key="local")
    assert engine.outbox.pending() == {"max_concurrent_sessions": 6}
    signed_in(qtbot, engine, professional, PASSWORD)
    qtbot.waitUntil(lambda: engine.outbox.pending() == {}, timeout=WAIT_MS)
    with httpx.Client(base_url=moved, timeout=10) as client:
        grant = {"grant_type": "password", "email": professional.email, "password": PASSWORD}
        token = client.post("/v1/auth/token", json=grant).json()["access_token"]
        answer = client.get("/v1/me/availability", headers={"Authorization": f"Bearer {token}"})
    assert answer.json()["max_concurrent_sessions"] == 6
