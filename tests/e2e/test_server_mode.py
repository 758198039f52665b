"""A separate status server end to end: sign in from the command line, survive its outage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.api_client import ApiClient
from tests.support.databases import sqlite_url
from tests.support.desktop_session import DesktopSession
from tests.support.running_app import StartApp, status_after_input
from tests.support.server_process import ServerProcess
from tests.support.tray_view import TrayView
from tests.support.waiting import PROGRAM_POLL, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

EMAIL = "pat@example.com"
NAME = "Pat Example"
PASSWORD = "correct horse battery"
# A heartbeat every second: the app notices the outage, and the return, at once.
SERVER_SETTINGS = {"AVAILABILITY_HEARTBEAT_INTERVAL": "1"}
STATUS_TIMEOUT = 20.0
# The server restarts (a few seconds), then the app's next heartbeat sends the queued edit.
SYNC_TIMEOUT = 30.0


@pytest.fixture
def status_server(desktop: DesktopSession, tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(
        sqlite_url(tmp_path / "server.sqlite3"),
        tmp_path,
        environment=desktop.environment(),
        settings=SERVER_SETTINGS,
    )
    try:
        server.add_user(EMAIL, NAME, "professional", PASSWORD)
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def api(status_server: ServerProcess) -> Iterator[ApiClient]:
    """The same person on another device, reading what the server says."""
    client = ApiClient(status_server.url, EMAIL, PASSWORD)
    yield client
    client.close()


def test_a_choice_made_while_the_server_is_down_reaches_it_when_it_returns(
    desktop: DesktopSession,
    start_app: StartApp,
    status_server: ServerProcess,
    api: ApiClient,
    tmp_path: Path,
) -> None:
    app = start_app(arguments=["--server", status_server.url])

    def context() -> str:
        return f"{app.diagnostics()}\n{status_server.diagnostics()}"

    tray = TrayView(desktop, tmp_path, context)
    tray.icon()
    status = app.status()
    assert (status["mode"], status["signed_in"], status["status"]) == ("server", False, None)

    # Sign in from the command line, the password on stdin.
    finished = app.sign_in(status_server.url, EMAIL, PASSWORD)
    assert finished.returncode == 0, (finished.stderr, context())
    assert finished.stdout.strip() == f"Signed in to {status_server.url} as {NAME} <{EMAIL}>."
    wait_until(
        lambda: status_after_input(desktop, app, "mouse"),
        STATUS_TIMEOUT,
        "the app says online and synced after signing in",
        done=lambda status: status["status"] == "online" and status["sync_state"] == "synced",
        context=context,
        step=PROGRAM_POLL,
    )
    assert api.get("/v1/me/status")["status"] == "online"
    tray.wait_for_dot("online", filled=True)

    # The server dies: the app notices, and the dot becomes a ring (not synced).
    status_server.kill()
    wait_until(
        app.status,
        STATUS_TIMEOUT,
        "the app notices that the server is gone",
        done=lambda status: status["sync_state"] == "offline",
        context=context,
        step=PROGRAM_POLL,
    )
    tray.wait_for_dot("online", filled=False)

    # Busy, chosen while the server is down: accepted, and the app says it will sync.
    finished = app.command("status", "set", "busy")
    assert finished.returncode == 0, (finished.stderr, context())
    assert finished.stdout.strip() == (
        "Status set to Busy; not confirmed yet: the server cannot be reached now, "
        "so it will sync when it can."
    )
    status = app.status()
    assert status["sync_state"] == "offline", status
    assert status["sync_problem"] == "unreachable", status
    dot = tray.dot()
    assert dot.status is not None, dot
    assert not dot.filled, dot

    # The server comes back on the same port and database: the choice arrives.
    status_server.start()
    wait_until(
        lambda: api.get("/v1/me/availability")["preference"],
        SYNC_TIMEOUT,
        "the server has the busy chosen while it was down",
        done=lambda preference: preference == "busy",
        context=context,
        step=PROGRAM_POLL,
    )
    server_status = api.get("/v1/me/status")
    assert (server_status["status"], server_status["reason"]) == ("busy", "manual")
    wait_until(
        app.status,
        STATUS_TIMEOUT,
        "the app says busy and synced",
        done=lambda status: status["status"] == "busy" and status["sync_state"] == "synced",
        context=context,
        step=PROGRAM_POLL,
    )
    tray.wait_for_dot("busy", filled=True)

    # Quit: the server shows the person offline at once (busy holds only while the app runs).
    finished = app.command("quit")
    assert finished.returncode == 0, finished.stderr
    assert app.wait_for_exit() == 0, context()
    server_status = api.get("/v1/me/status")
    assert (server_status["status"], server_status["reason"]) == ("offline", "signed_out")
