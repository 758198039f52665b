"""Fixtures for desktop tests: offscreen Qt, a real Xvfb, and private D-Bus daemons."""

from __future__ import annotations

import os

# Before anything imports Qt: unit tests never need a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.children import bus_config, read_line, stop_process


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
    executable = require_tool("Xvfb")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [
            executable,
            "-displayfd",
            str(write_end),
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "640x480x24",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        # Xvfb writes the display number once it accepts connections.
        number = read_line(process, read_end, "Xvfb")
        yield f":{number}"
    finally:
        os.close(read_end)
        stop_process(process)


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """The address of a fresh dbus-daemon with no services and no activation."""
    executable = require_tool("dbus-daemon")
    config = tmp_path / "bus.conf"
    config.write_text(bus_config(tmp_path))
    with (tmp_path / "dbus-daemon.log").open("wb") as log:
        process = subprocess.Popen(
            [executable, f"--config-file={config}", "--print-address", "--nofork"],
            stdout=subprocess.PIPE,
            stderr=log,
        )
    assert process.stdout is not None
    try:
        yield read_line(process, process.stdout.fileno(), "dbus-daemon")
    finally:
        stop_process(process)
        process.stdout.close()
