"""From a terminal with no display (ssh, a script, a service): what works, and what is said.

The app runs on the test's X desktop; its commands run with DISPLAY, WAYLAND_DISPLAY and
QT_QPA_PLATFORM removed, as they are outside a desktop session.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.databases import sqlite_url
from tests.support.desktop_session import DesktopSession
from tests.support.running_app import COMMAND, AppCommandLine, StartApp
from tests.support.server_process import ServerProcess
from tests.support.waiting import PROGRAM_POLL, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

EMAIL = "sam@example.com"
NAME = "Sam Example"
PASSWORD = "a long enough password"
NOT_RUNNING = 3
WINDOW_TIMEOUT = 20.0
NO_DISPLAY_SENTENCE = (
    "availability: there is no display to show the tray icon on (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set): start it from within your desktop session, where "
    "`availability status` and the other commands also reach it from any terminal."
)


def without_display(desktop: DesktopSession) -> AppCommandLine:
    """`availability …` in the desktop's HOME and runtime folder, but with no display."""
    environment = {
        name: value
        for name, value in desktop.environment().items()
        if name not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    return AppCommandLine(COMMAND, environment)


def visible_main_windows(desktop: DesktopSession) -> list[str]:
    """The app's window (not its tray icon) where the X server shows it."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^Availability$"],
        env=desktop.environment(),
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    windows = []
    for window in found.stdout.split():
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", window],
            env=desktop.environment(),
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        fields = dict(line.split("=", 1) for line in geometry.split())
        if int(fields["WIDTH"]) > 100:
            windows.append(window)
    return windows


def test_without_a_display_the_app_says_so_in_one_sentence_and_commands_still_answer(
    desktop: DesktopSession,
) -> None:
    terminal = without_display(desktop)

    started = terminal.command()
    assert started.returncode == 1
    assert started.stderr.strip() == NO_DISPLAY_SENTENCE  # and no Qt abort before it
    assert started.stdout == ""

    status = terminal.command("status")
    assert status.returncode == NOT_RUNNING
    assert "the app is not running" in status.stderr
    as_json = terminal.command("status", "--json")
    assert as_json.returncode == NOT_RUNNING
    assert json.loads(as_json.stdout)["status"] is None


def test_every_command_reaches_the_running_app_from_a_terminal_without_a_display(
    desktop: DesktopSession, start_app: StartApp, tmp_path: Path
) -> None:
    server = ServerProcess(
        sqlite_url(tmp_path / "server.sqlite3"), tmp_path, environment=desktop.environment()
    )
    server.add_user(EMAIL, NAME, "professional", PASSWORD)
    server.start()
    try:
        app = start_app()
        terminal = without_display(desktop)

        status = terminal.command("status", "--json")
        assert status.returncode == 0, (status.stderr, app.diagnostics())
        assert json.loads(status.stdout)["mode"] == "local"

        assert visible_main_windows(desktop) == []
        shown = terminal.command("show")
        assert shown.returncode == 0, (shown.stderr, app.diagnostics())
        wait_until(
            lambda: visible_main_windows(desktop),
            WINDOW_TIMEOUT,
            "`availability show` opens the window on the app's own display",
            step=PROGRAM_POLL,
        )

        again = terminal.command()  # a second plain launch
        assert again.returncode == 0, (again.stderr, app.diagnostics())
        assert again.stdout.strip() == "Availability is already running; its window is shown."

        signed_in = terminal.sign_in(server.url, EMAIL, PASSWORD)
        assert signed_in.returncode == 0, (signed_in.stderr, app.diagnostics())
        assert signed_in.stdout.strip() == f"Signed in to {server.url} as {NAME} <{EMAIL}>."
        assert json.loads(terminal.command("status", "--json").stdout)["signed_in"] is True

        busy = terminal.command("status", "set", "busy")
        assert busy.returncode == 0, (busy.stderr, app.diagnostics())

        stopped = terminal.command("quit")
        assert stopped.returncode == 0, (stopped.stderr, app.diagnostics())
        assert app.wait_for_exit() == 0, app.diagnostics()
        assert terminal.command("status").returncode == NOT_RUNNING
    finally:
        server.stop()
