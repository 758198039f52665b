"""Local mode end to end: the real app, its embedded server, a tray host and real input."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.support.desktop_session import DesktopSession
from tests.support.running_app import (
    FIRST_STATUS_TIMEOUT,
    SHORT_AWAY_SETTINGS,
    STATUS_TIMEOUT,
    AppProcess,
    StartApp,
    away_once_input_stops,
    online_while_giving_input,
    status_becomes,
)
from tests.support.tray_view import TrayView

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

# The heartbeat's idle reading is taken a little after the last input.
AWAY_EARLY_SLACK = 0.5


def online_with_input(
    desktop: DesktopSession, app: AppProcess, device: str, timeout: float = STATUS_TIMEOUT
) -> dict[str, Any]:
    """Keep giving real input until the app says online (away_after is short)."""
    return online_while_giving_input(app, lambda: desktop.give_input(device), timeout)


def device_state(database: Path, device_id: str) -> tuple[str, str]:
    """The local professional's row for this device: (email, app_state)."""
    with closing(sqlite3.connect(database)) as connection:
        row = connection.execute(
            "SELECT users.email, devices.app_state FROM devices"
            " JOIN users ON users.id = devices.user_id WHERE devices.device_id = ?",
            (device_id,),
        ).fetchone()
    assert row is not None, f"no device {device_id} in {database}"
    email, app_state = row
    return str(email), str(app_state)


def test_local_mode_follows_input_and_choices_then_quits_offline(
    desktop: DesktopSession, start_app: StartApp, tmp_path: Path
) -> None:
    app = start_app(SHORT_AWAY_SETTINGS)
    tray = TrayView(desktop, tmp_path, app.diagnostics)
    tray.icon()

    # Real input: online, and the dot is green.
    status = online_with_input(desktop, app, "mouse", FIRST_STATUS_TIMEOUT)
    assert (status["mode"], status["signed_in"], status["reason"]) == ("local", True, "active")
    tray.wait_for_dot("online", filled=True)

    # No input past away_after: away, by itself, and not before away_after.
    status = away_once_input_stops(app, desktop.give_input, AWAY_EARLY_SLACK)
    assert status["reason"] == "idle"
    tray.wait_for_dot("away", filled=True)

    # Input again, from the keyboard this time: online again.
    online_with_input(desktop, app, "keyboard")
    tray.wait_for_dot("online", filled=True)

    # The command line chooses busy: the status and the dot follow.
    finished = app.command("status", "set", "busy")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "Status set to Busy."
    status = status_becomes(app, "busy")
    assert (status["reason"], status["preference"]) == ("manual", "busy")
    tray.wait_for_dot("busy", filled=True)

    # Quit: the app ends cleanly, and its last word to the server was "offline".
    data_dir = desktop.data_dir / "availability"
    device_id = (data_dir / "client" / "local" / "device-id").read_text().strip()
    assert device_state(data_dir / "availability.sqlite3", device_id)[1] != "offline"
    finished = app.command("quit")
    assert finished.returncode == 0, finished.stderr
    assert app.wait_for_exit() == 0, app.diagnostics()
    assert device_state(data_dir / "availability.sqlite3", device_id) == (
        "me@local.invalid",
        "offline",
    )
