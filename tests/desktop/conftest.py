"""Fixtures for desktop tests: offscreen Qt, a real Xvfb, and private D-Bus daemons."""

from __future__ import annotations

import os

# Before anything imports Qt: unit tests never need a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.desktop.private_desktop import start_bus, start_xvfb


def require_tool(name: str) -> str:
    """The tool's path; skip without it, or fail when AVAILABILITY_REQUIRE_E2E=1 (CI)."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed"
        if os.environ.get("AVAILABILITY_REQUIRE_E2E") == "1":
            pytest.fail(f"{reason}, and AVAILABILITY_REQUIRE_E2E=1 requires it")
        pytest.skip(reason)
    return path


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
