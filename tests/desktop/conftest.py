"""Fixtures for desktop tests: offscreen Qt, a real Xvfb, private D-Bus daemons, a server."""

from __future__ import annotations

import os

# Before anything imports Qt: unit tests never need a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from presence import Role
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.private_desktop import start_bus, start_xvfb
from tests.support.tools import require_tool


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A real Xvfb on a display number it picks itself (-displayfd), e.g. ":3"."""
    with ExitStack() as children:
        yield start_xvfb(children, require_tool("Xvfb"))


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """The address of a fresh dbus-daemon with no services and no activation."""
    with ExitStack() as children:
        yield start_bus(
            children,
            tmp_path,
            executable=require_tool("dbus-daemon"),
            log=tmp_path / "dbus-daemon.log",
        )


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server' / 'availability.sqlite3'}"


@pytest.fixture
def server(database_url: str) -> Iterator[Harness]:
    """The real server in a thread, on loopback, on a SQLite database of this test's own."""
    (Path(database_url.removeprefix("sqlite:///")).parent).mkdir(parents=True, exist_ok=True)
    running = Harness(database_url)
    yield running
    running.close()


@pytest.fixture
def professional(server: Harness) -> User:
    return server.add_user(Role.PROFESSIONAL)
