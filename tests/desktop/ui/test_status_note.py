"""The status note from the window, the command line and the tray's tooltip."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import read_availability
from tests.support.waiting import WAIT_MS


def note_on_server(server: Harness, user: User) -> object:
    return read_availability(server, user)["status_note"]


def test_a_note_typed_in_the_window_reaches_the_server_and_the_tooltip(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    note = app.window.note
    note.text.setText("Running 10 min late")
    note.text.editingFinished.emit()  # what Enter or Tab does
    app.window.flush()
    qtbot.waitUntil(
        lambda: (
            note_on_server(server, professional)
            == {"text": "Running 10 min late", "expires_at": None}
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: "“Running 10 min late”" in app.tray.tooltip_text(), timeout=WAIT_MS)
    assert app.tray.tooltip_text().startswith("Online · “Running 10 min late” · 0 of 3 sessions")
    note.clear_button.click()
    app.window.flush()
    qtbot.waitUntil(lambda: note_on_server(server, professional) is None, timeout=WAIT_MS)


def test_a_note_for_a_while_from_the_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    note = app.window.note
    note.text.setText("Lunch")
    note.picker.box.setCurrentIndex(1)  # for 1 hour
    note.picker.picked.emit()
    app.window.flush()
    qtbot.waitUntil(lambda: note_on_server(server, professional) is not None, timeout=WAIT_MS)
    stored = note_on_server(server, professional)
    assert isinstance(stored, dict)
    assert stored["text"] == "Lunch"
    minutes = (
        datetime.fromisoformat(stored["expires_at"]) - datetime.now().astimezone()
    ).total_seconds() / 60
    assert 58 < minutes <= 60
