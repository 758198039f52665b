"""The whole app in-process: real widgets offscreen, a real server on loopback."""

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
from presence import Role
from server.store.users import User
from tests.desktop.activity.test_monitor import SettableIdle
from tests.desktop.sync.conftest import database_url, professional, server
from tests.server.harness import PASSWORD, TEST_SETTINGS, Harness

WAIT_MS = 5000

__all__ = ["PASSWORD", "Role", "database_url", "professional", "server"]


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


def close_app(qtbot: QtBot, app: AvailabilityApp) -> None:
    """Let a quitting app finish, or finish it, and close its windows."""
    if app.session.quitting:
        qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
    else:
        app.session.shut_down()
    assert app.finished
    assert app.join_workers(WAIT_MS / 1000)
    app.window.quitting = True
    app.window.close()
    if app.sign_in_dialog is not None:
        app.sign_in_dialog.close()


def signed_in_app(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    user: User,
    **kwargs: Any,
) -> AvailabilityApp:
    """An app on `server`, signed in as `user` through its own dialog, and synced."""
    app = make_app(server.url, **kwargs)
    qtbot.waitUntil(lambda: app.sign_in_dialog is not None, timeout=WAIT_MS)
    dialog = app.sign_in_dialog
    assert dialog is not None
    dialog.email.setText(user.email)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(app.session.engine.signed_in, timeout=WAIT_MS):  # type: ignore[union-attr]
        dialog.submit()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.tray.state.availability is not None,
        timeout=WAIT_MS,
    )
    return app
