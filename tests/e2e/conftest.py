"""Fixtures for end-to-end tests: a private X desktop with a tray host, and the real app."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from tests.support.desktop_session import DesktopSession, desktop_session
from tests.support.running_app import AppProcess, StartApp

# The tests' own Qt (QtDBus, to hold a remote desktop session) needs no screen; the app
# they start gets its platform from its desktop's environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    """Xvfb, a session bus and trayer of this test's own, with HOME and XDG_* under tmp_path."""
    with desktop_session(tmp_path) as session:
        yield session


@pytest.fixture
def start_app(desktop: DesktopSession, tmp_path: Path) -> Iterator[StartApp]:
    """Start the app on the test's desktop with extra environment; it is stopped afterwards."""
    started: list[AppProcess] = []

    def start(
        settings: Mapping[str, str] | None = None, arguments: Sequence[str] = ()
    ) -> AppProcess:
        app = AppProcess(
            {**desktop.environment(), **(settings or {})}, tmp_path, desktop.log_file, arguments
        )
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
