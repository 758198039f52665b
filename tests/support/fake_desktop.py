"""The stand-in desktop services (dbus_services.py) in a child process, and their controls."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from PySide6.QtDBus import QDBusConnection

from desktop.activity._dbus import call_method
from tests.support.children import start_child
from tests.support.waiting import STARTUP_TIMEOUT, read_line

SERVICES_SCRIPT = Path(__file__).with_name("dbus_services.py")


def start_fake_services(
    children: ExitStack,
    address: str,
    features: Sequence[str],
    log: Path,
    timeout: float = STARTUP_TIMEOUT,
) -> None:
    """dbus_services.py on the bus at `address`, owning the names of `features` (mutter,
    screensaver, login1; locked); returns once it has said it is ready."""
    process = start_child(
        children,
        [sys.executable, str(SERVICES_SCRIPT), address, *features],
        log,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = read_line(process, process.stdout.fileno(), "the fake desktop services", timeout)
    if line != "ready":
        raise RuntimeError(f"the fake desktop services said {line!r} instead of ready")


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
