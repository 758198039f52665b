"""Local mode: the embedded server, the local professional, and nothing secret on disk."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.local_server import LocalServer
from desktop.logs import setup_logging
from desktop.wording import session_messages
from tests.support.waiting import WAIT_MS

LONG_WAIT_MS = 30_000  # the first start migrates a new database


def test_local_mode_starts_its_own_server_and_signs_in(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], embedded_env: Path
) -> None:
    app = make_app()
    # The tray exists at once, before the server is up: grey, hollow, not synced.
    assert app.tray.tooltip_text() == "Not connected yet · not synced"
    assert app.state.local_mode
    assert app.window.account.connect_button.isVisibleTo(app.window)
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    assert app.state.user is not None
    assert app.state.user.role == "professional"
    assert app.state.status is not None
    assert (app.state.status.status, app.state.status.reason) == ("online", "active")
    assert embedded_env.exists()
    assert app.state.server_url is not None
    assert app.state.server_url.startswith("http://127.0.0.1:")
    qtbot.waitUntil(
        lambda: app.tray.tooltip_text().startswith("Online · 0 of 3 sessions"), timeout=WAIT_MS
    )
    assert "Connect to a server…" in app.tray.menu_entries()


def test_local_mode_comes_back_as_the_same_person_after_a_restart(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], embedded_env: Path
) -> None:
    first = make_app()
    qtbot.waitUntil(lambda: first.state.status is not None, timeout=LONG_WAIT_MS)
    first.tray.action("busy").trigger()
    qtbot.waitUntil(
        lambda: first.state.status is not None and first.state.status.status == "busy",
        timeout=WAIT_MS,
    )
    assert first.state.user is not None
    person = first.state.user.id
    first.quit()
    qtbot.waitUntil(
        lambda: first.session.local_server is None or not first.commands._server.isListening(),
        timeout=WAIT_MS,
    )
    second = make_app()
    qtbot.waitUntil(lambda: second.state.status is not None, timeout=LONG_WAIT_MS)
    assert second.state.user is not None
    assert second.state.user.id == person
    assert second.state.status is not None
    assert second.state.status.status == "busy"


def test_a_choice_made_while_local_mode_starts_is_kept_and_then_applied(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], embedded_env: Path
) -> None:
    app = make_app()
    told: list[str] = []
    app.session.told.connect(lambda _title, text: told.append(text))
    assert not app.state.signed_in  # the embedded server is still starting
    app.tray.action("busy-1h").trigger()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "busy",
        timeout=LONG_WAIT_MS,
    )
    # Busy for an hour: the whole choice arrived, its end too.
    qtbot.waitUntil(
        lambda: (
            app.state.availability is not None
            and app.state.availability.preference_expires_at is not None
        ),
        timeout=WAIT_MS,
    )
    assert told == []  # no "sign in first": there was nothing to do but wait


class SlowBrokenLocalServer(LocalServer):
    """A local server that fails to start when the test says so."""

    def start(self) -> None:
        pass


def test_a_choice_held_while_local_mode_starts_is_dropped_in_words_when_it_fails(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp]
) -> None:
    app = make_app(local_server_factory=SlowBrokenLocalServer)
    told: list[str] = []
    app.session.told.connect(lambda _title, text: told.append(text))
    app.tray.action("busy").trigger()
    assert told == []
    server = app.session.local_server
    assert server is not None
    server.failed.emit("disk full.")
    assert session_messages.held_edits_dropped("disk full.") in told
    assert app.session.engine is None
    # Nothing is held any more: a later choice is answered at once, in words.
    app.tray.action("busy").trigger()
    assert told[-1] == session_messages.sign_in_first()


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """The app's own logging, at DEBUG, into tmp_path; removed afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(tmp_path / "log", "DEBUG")
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_no_password_or_token_reaches_any_file_or_log_line(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    embedded_env: Path,
    tmp_path: Path,
    debug_log: Path,
) -> None:
    passwords: list[str] = []

    def recording_server() -> LocalServer:
        server = LocalServer()
        server.ready.connect(lambda _url, _email, password: passwords.append(password))
        return server

    app = make_app(local_server_factory=recording_server)
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    assert app.session.engine is not None
    assert passwords, "the local professional's password was not seen"
    token, _ = app.session.engine.credentials.access_token()
    keyring = app.session.engine.credentials._keyring
    secrets = [token, *passwords, *keyring.passwords.values()]  # type: ignore[union-attr]
    app.window.sessions.capacity.setValue(4)
    app.window.flush()
    qtbot.waitUntil(
        lambda: app.session.engine is not None and app.session.engine.sync_state == "synced",
        timeout=WAIT_MS,
    )
    app.quit()
    qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
    assert debug_log.stat().st_size > 0
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    for path in written:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, path


def test_a_failed_connection_keeps_local_mode(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], embedded_env: Path
) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    app.window.account.connect_button.click()
    dialog = app.sign_in_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.server.setText("http://127.0.0.1:9")  # nothing listens there
    dialog.email.setText("me@example.org")
    dialog.password.setText("whatever-it-is")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=WAIT_MS)
    assert dialog.error.text() == "Cannot reach the server at http://127.0.0.1:9."
    # Local mode never stopped: a failed sign-in elsewhere changes nothing.
    assert app.state.local_mode
    assert app.state.user is not None
    assert app.state.user.email == "me@local.invalid"
    dialog.reject()
    assert dialog.password.text() == ""
    assert app.state.local_mode
    assert app.window.account.connect_button.isVisibleTo(app.window)


class BrokenLocalServer(LocalServer):
    """A local server that cannot start, as without the server parts installed."""

    def start(self) -> None:
        self.failed.emit("The built-in status server did not start: disk full")


def test_when_local_mode_cannot_start_the_dialog_says_why_and_can_be_closed(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp]
) -> None:
    app = make_app(local_server_factory=BrokenLocalServer)
    dialog = app.sign_in_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.error.text() == "The built-in status server did not start: disk full"
    assert not app.state.local_mode
    assert not app.window.account.connect_button.isVisibleTo(app.window)
    dialog.reject()
    assert not dialog.isVisible()  # no loop of restarts and dialogs
    assert app.session.local_server is None
