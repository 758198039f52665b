"""The whole app in-process: real widgets offscreen, on the test server of tests/desktop."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.activity.monitor import ActivityMonitor
from desktop.app import AvailabilityApp
from desktop.autostart import XdgAutostart
from desktop.memory_keyring import MemoryKeyring
from desktop.paths import AppPaths
from desktop.settings import SettingsFile
from tests.support.api_harness import TEST_SETTINGS, Harness
from tests.support.app_in_process import close_app
from tests.support.idle_sources import SettableIdle


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "log")


@pytest.fixture
def embedded_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Local mode's server settings: a database under tmp_path, cheap password hashing."""
    database = tmp_path / "data" / "availability.sqlite3"
    monkeypatch.setenv("AVAILABILITY_DATABASE_URL", f"sqlite:///{database}")
    for name, value in TEST_SETTINGS.items():
        monkeypatch.setenv(f"AVAILABILITY_{name.upper()}", str(value))
    return database


@pytest.fixture
def make_app(
    qtbot: QtBot, qapp: Any, paths: AppPaths, tmp_path: Path, server: Harness
) -> Iterator[Callable[..., AvailabilityApp]]:
    """Apps built like the real one. Asks for `server` so that it outlives every app."""
    apps: list[AvailabilityApp] = []

    def make(server_url: str | None = None, **kwargs: Any) -> AvailabilityApp:
        idle = kwargs.pop("idle", SettableIdle(0.0))
        monitor = ActivityMonitor(idle, monotonic=kwargs.pop("monotonic", time.monotonic))
        app = AvailabilityApp(
            qapp,
            paths,
            kwargs.pop("settings", SettingsFile(paths.settings_file)),
            monitor,
            kwargs.pop("autostart", XdgAutostart(tmp_path / "xdg-config")),
            server_url=server_url,
            keyring_backend=kwargs.pop("keyring_backend", MemoryKeyring()),
            **kwargs,
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_app(qtbot, app)
