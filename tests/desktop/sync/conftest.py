"""A real server on loopback, an in-memory keyring, and sync engines signed in to it."""

from __future__ import annotations

import os

# Before anything imports Qt: these tests need no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.sync.connection import SyncState
from desktop.sync.engine import SyncEngine
from presence import AppState, Role
from presence.documents import ActivityReading, UserInfo
from server.api.app import create_app
from server.runner import ServerThread
from server.settings import Settings
from server.startup import build_context
from server.store.users import User
from tests.desktop.sync.keyrings import MemoryKeyring
from tests.server.harness import TEST_SETTINGS, Harness

WAIT_MS = 5000


class Activity:
    """What the activity monitor would report; tests change it."""

    def __init__(self) -> None:
        self.app_state = AppState.FOREGROUND
        self.idle_seconds: float | None = 0.0

    def __call__(self) -> ActivityReading:
        return ActivityReading(app_state=self.app_state, idle_seconds=self.idle_seconds)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server' / 'availability.sqlite3'}"


@pytest.fixture
def server(database_url: str) -> Iterator[Harness]:
    (Path(database_url.removeprefix("sqlite:///")).parent).mkdir(parents=True, exist_ok=True)
    running = Harness(database_url)
    yield running
    running.close()


@pytest.fixture
def professional(server: Harness) -> User:
    return server.add_user(Role.PROFESSIONAL)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def make_engine(
    qtbot: QtBot, tmp_path: Path, server: Harness, memory_keyring: MemoryKeyring
) -> Iterator[Callable[..., SyncEngine]]:
    engines: list[SyncEngine] = []

    def make(name: str = "laptop", **kwargs: Any) -> SyncEngine:
        kwargs.setdefault("keyring_backend", memory_keyring)
        kwargs.setdefault("first_backoff", 0.05)
        base_url = kwargs.pop("base_url", server.url)
        engine = SyncEngine(base_url, tmp_path / name, kwargs.pop("activity", Activity()), **kwargs)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.close()


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


def take_down(server: Harness) -> int:
    """Stop the server, as a crash would; its port, for `restart_on`."""
    port: int = server.server.port
    server.server.stop()
    return port


def restart_on(server: Harness, database_url: str, port: int) -> None:
    """A new server process on the same database and port, as after a crash."""
    server.ctx.database.dispose()
    settings = Settings(database_url=database_url, **TEST_SETTINGS)
    server.ctx = build_context(settings, server.clock)
    server.server = ServerThread(create_app(server.ctx), port=port).start()
