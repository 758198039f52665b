"""The window's account line: who is signed in where, and leaving for local mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from presence import Role
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.waiting import WAIT_MS

LONG_WAIT_MS = 30_000  # local mode's first start migrates a new database


def visible_buttons(app: AvailabilityApp) -> list[str]:
    return [
        button.text() for button in app.window.account.buttons() if button.isVisibleTo(app.window)
    ]


def test_the_window_says_who_is_signed_in_where(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    host = urlsplit(server.url).netloc
    assert app.window.account.line.text() == f"Signed in as {professional.display_name} · {host}"
    assert visible_buttons(app) == ["Sign out", "Change server…", "Use local mode"]
    assert app.window.quit_button.isVisibleTo(app.window)


def test_signing_out_from_the_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.window.account.sign_out_button.click()
    qtbot.waitUntil(lambda: app.state.signed_out, timeout=WAIT_MS)
    host = urlsplit(server.url).netloc
    assert app.window.account.line.text() == f"Not signed in · {host}"
    assert visible_buttons(app) == ["Sign in…", "Change server…", "Use local mode"]


def test_use_local_mode_leaves_the_server_signed_out_there(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    embedded_env: Path,
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    engine = app.session.engine
    assert engine is not None
    app.window.account.local_button.click()
    assert app.state.local_mode
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    assert app.state.user is not None
    assert app.state.user.email == "me@local.invalid"
    assert app.window.account.line.text() == "Local mode: your status stays on this computer."
    assert visible_buttons(app) == ["Connect to a server…"]
    assert app.settings.settings.server_url is None
    assert app.sign_in_dialog is None or not app.sign_in_dialog.isVisible()
    # The server sees the professional offline: the device there signed out.
    watcher = server.person(Role.ADMIN)

    def status_there() -> str:
        response = watcher.http.get(f"/v1/professionals/{professional.id}/status")
        return str(response.json()["status"])

    qtbot.waitUntil(lambda: status_there() == "offline", timeout=WAIT_MS)


def test_quit_in_the_window_quits(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.window.quit_button.click()
    qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
