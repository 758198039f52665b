"""Fixtures for activity tests: a bus connection and the fake desktop services."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication

from desktop.activity._dbus import call_method
from tests.desktop.children import read_line, stop_process

SERVICES_SCRIPT = Path(__file__).with_name("dbus_services.py")


@pytest.fixture
def bus(qapp: QApplication, private_bus: str) -> Iterator[QDBusConnection]:
    """This process's connection to the private bus."""
    name = f"test-{uuid.uuid4()}"
    connection = QDBusConnection.connectToBus(private_bus, name)
    assert connection.isConnected(), connection.lastError().message()
    yield connection
    QDBusConnection.disconnectFromBus(name)


class FakeDesktop:
    """Steers the dbus_services.py child through its control interface."""

    def __init__(self, bus: QDBusConnection) -> None:
        self._bus = bus

    def control(self, member: str, *arguments: object) -> object:
        reply = call_method(
            self._bus,
            "org.example.AvailabilityTest",
            "/test",
            "org.example.AvailabilityTest",
            member,
            *arguments,
            timeout_ms=5000,
        )
        return reply[0] if reply else None

    def open_inhibitors(self) -> int:
        value = self.control("OpenInhibitors")
        assert isinstance(value, int)
        return value


@pytest.fixture
def fake_desktop(
    private_bus: str, bus: QDBusConnection, tmp_path: Path
) -> Iterator[Callable[..., FakeDesktop]]:
    """Start the fake services owning the given names: mutter, screensaver, login1."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(*features: str) -> FakeDesktop:
        with (tmp_path / "services.log").open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, str(SERVICES_SCRIPT), private_bus, *features],
                stdout=subprocess.PIPE,
                stderr=log,
            )
        processes.append(process)
        assert process.stdout is not None
        assert read_line(process, process.stdout.fileno(), "fake desktop services") == "ready"
        return FakeDesktop(bus)

    yield start
    for process in processes:
        stop_process(process)
        assert process.stdout is not None
        process.stdout.close()
