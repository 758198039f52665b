"""Sync engines signed in to a test server, and the same person's other devices over HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from desktop.sync.connection import SyncState
from desktop.sync.engine import SyncEngine
from presence import AppState
from presence.documents import ActivityReading, UserInfo
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.waiting import WAIT_MS

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


class Activity:
    """What the activity monitor would report; tests change it."""

    def __init__(self) -> None:
        self.app_state = AppState.FOREGROUND
        self.idle_seconds: float | None = 0.0

    def __call__(self) -> ActivityReading:
        return ActivityReading(app_state=self.app_state, idle_seconds=self.idle_seconds)


def signed_in(qtbot: QtBot, engine: SyncEngine, user: User, password: str) -> UserInfo:
    """Sign `engine` in as `user` and wait for the first synced state."""
    with qtbot.waitSignal(engine.signed_in, timeout=WAIT_MS) as blocker:
        engine.sign_in(user.email, password)
    qtbot.waitUntil(lambda: engine.sync_state is SyncState.SYNCED, timeout=WAIT_MS)
    result = blocker.args[0]
    assert isinstance(result, UserInfo)
    return result


def other_client(server: Harness, user: User) -> httpx.Client:
    """The same person signed in elsewhere (a phone), over plain HTTP."""
    response = server.sign_in(user.email)
    assert response.status_code == 200, response.text
    return server.client(response.json()["access_token"])


def read_availability(server: Harness, user: User) -> dict[str, Any]:
    document: dict[str, Any] = other_client(server, user).get("/v1/me/availability").json()
    return document
