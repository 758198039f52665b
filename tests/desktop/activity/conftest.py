"""Fixtures for activity tests: a bus connection and the fake desktop services."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication

from tests.support.fake_desktop import FakeDesktop, start_fake_services


@pytest.fixture
def bus(qapp: QApplication, private_bus: str) -> Iterator[QDBusConnection]:
    """This process's connection to the private bus."""
    name = f"test-{uuid.uuid4()}"
    connection = QDBusConnection.connectToBus(private_bus, name)
    assert connection.isConnected(), connection.lastError().message()
    yield connection
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def fake_desktop(
    private_bus: str, bus: QDBusConnection, tmp_path: Path
) -> Iterator[Callable[..., FakeDesktop]]:
    """Start the fake services owning the given names: mutter, screensaver, login1."""
    with ExitStack() as children:

        def start(*features: str) -> FakeDesktop:
            start_fake_services(children, private_bus, features, tmp_path / "services.log")
            return FakeDesktop(bus)

        yield start
