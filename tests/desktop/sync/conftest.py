"""Sync engines on the test server (tests/desktop/conftest.py), with an in-memory keyring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.engine import SyncEngine
from tests.support.api_harness import Harness
from tests.support.sync_clients import Activity


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
