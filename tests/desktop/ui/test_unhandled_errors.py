"""A failure in a slot never leaves the app half-started or silent: it is logged and told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.local_server import LocalServer
from desktop.logs import LOG_FILE
from desktop.paths import AppPaths
from desktop.settings import AppSettings, SettingsFile
from desktop.sync.api import StatusApi
from tests.support.api_harness import Harness


class FullDiskSettings(SettingsFile):
    def update(self, **changes: Any) -> AppSettings:
        raise OSError(28, "No space left on device")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_the_person_told(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    paths: AppPaths,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(server.url, settings=FullDiskSettings(paths.settings_file))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app.tray, "notify", lambda title, text: shown.append((title, text)))
    app.window.notifications.click()  # saving the setting fails, inside a slot

    [record] = [r for r in caplog.records if r.exc_info]
    assert record.getMessage() == "An unhandled error"
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "[Errno 28] No space left on device"
    told = (
        "Something went wrong: [Errno 28] No space left on device. The app keeps running, but "
        f"what it was doing may be unfinished; the details are in its log "
        f"({paths.log_dir / LOG_FILE})."
    )
    assert app.window.notice.text() == told

    # With the window hidden, the tray says it; and the app works on.
    app.window.hide()
    app.window.notifications.click()
    assert shown == [("Something went wrong", told)]
    assert not app.finished
    assert "Quit" in app.tray.menu_entries()


class ReadyLocalServer(LocalServer):
    """Says it is ready at once, with no server behind it."""

    def start(self) -> None:
        self.ready.emit("http://127.0.0.1:9", "me@local.invalid", "local-password")


def no_network(url: str) -> StatusApi:
    raise RuntimeError("the network library is missing")


def test_when_local_mode_cannot_connect_the_app_says_so_instead_of_starting_forever(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = make_app(local_server_factory=ReadyLocalServer, api_factory=no_network)
    why = "Local mode could not start: the network library is missing"
    assert app.session.engine is None
    assert not app.state.local_mode
    assert app.window.sync_label.text() == "Not signed in"
    assert app.window.notice.text() == why
    dialog = app.sign_in_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.error.text() == why
    assert "Local mode could not start" in caplog.text
