"""The availability window: edits reach the server, refusals show at the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.settings import SettingsFile
from desktop.ui.window import system_timezone
from presence import Status
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import read_availability
from tests.support.waiting import WAIT_MS


def on_server(server: Harness, user: User, field: str) -> Any:
    return read_availability(server, user)[field]


def test_capacity_and_modes_reach_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.capacity.setValue(5)
    window.in_person_mode.click()
    window.online_mode.click()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "max_concurrent_sessions") == 5, timeout=WAIT_MS
    )
    document = read_availability(server, professional)
    assert (document["online_availability"], document["in_person_availability"]) == (False, True)
    qtbot.waitUntil(lambda: window.sync_label.text() == "Synced", timeout=WAIT_MS)


def test_edits_are_debounced_into_one_change(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    version = on_server(server, professional, "version")
    edits: list[dict[str, Any]] = []
    app.window.edited.connect(edits.append)
    for value in (4, 5, 6, 7):
        app.window.capacity.setValue(value)
    qtbot.waitUntil(
        lambda: on_server(server, professional, "max_concurrent_sessions") == 7, timeout=WAIT_MS
    )
    assert edits == [{"max_concurrent_sessions": 7}]
    assert on_server(server, professional, "version") == version + 1


def test_quiet_hours_reach_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.quiet.setChecked(True)
    for day in ("sat", "sun"):
        window.days[day].setChecked(False)
    window.quiet_start.setTime(QTime(21, 30))
    window.quiet_end.setTime(QTime(7, 0))
    line_edit = window.timezone.lineEdit()
    assert line_edit is not None
    line_edit.setText("Europe/Berlin")
    line_edit.editingFinished.emit()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "quiet_hours")["enabled"], timeout=WAIT_MS
    )
    assert on_server(server, professional, "quiet_hours") == {
        "enabled": True,
        "timezone": "Europe/Berlin",
        "start": "21:30",
        "end": "07:00",
        "days": ["mon", "tue", "wed", "thu", "fri"],
    }


def test_a_refused_field_shows_its_error_next_to_it_and_nothing_is_stored(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    before = read_availability(server, professional)
    window = app.window
    window.quiet_start.setTime(QTime(9, 0))
    window.quiet_end.setTime(QTime(9, 0))  # the server refuses an empty window
    qtbot.waitUntil(lambda: window.quiet_error.isVisibleTo(window), timeout=WAIT_MS)
    assert "end" in window.quiet_error.text().lower()
    assert window.quiet_error.accessibleDescription() == window.quiet_error.text()
    assert not window.capacity_error.isVisibleTo(window)
    after = read_availability(server, professional)
    assert (after["quiet_hours"]["start"], after["quiet_hours"]["end"]) == (
        before["quiet_hours"]["start"],
        before["quiet_hours"]["end"],
    )


def test_a_time_zone_that_does_not_exist_is_refused_at_the_field(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    version = on_server(server, professional, "version")
    window = app.window
    line_edit = window.timezone.lineEdit()
    assert line_edit is not None
    line_edit.setText("Mars/Olympus_Mons")
    line_edit.editingFinished.emit()  # what Tab or Enter does
    assert window.quiet_error.isVisibleTo(window)
    assert window.quiet_error.text() == (
        "'Mars/Olympus_Mons' is not a time zone. Pick one from the list, like Europe/Berlin."
    )
    assert window.timezone.findText("Mars/Olympus_Mons") == -1  # not added to the list
    window.flush()
    assert on_server(server, professional, "version") == version


def test_quiet_hours_propose_the_system_time_zone(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert on_server(server, professional, "quiet_hours")["timezone"] == "UTC"
    assert app.window.timezone.currentText() == system_timezone()


def test_status_choice_in_the_window_reaches_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.busy_for.setCurrentIndex(1)  # for 1 hour
    window.choices[Status.BUSY].click()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "preference") == "busy", timeout=WAIT_MS
    )
    assert on_server(server, professional, "preference_expires_at") is not None
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "busy", timeout=WAIT_MS
    )
    assert window.headline.text() == "Busy"
    assert window.reason.text().startswith("You chose busy until ")


def test_the_window_explains_the_status_in_words(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.window.headline.text() == "Online"
    assert app.window.reason.text() == "You are active at the computer."
    assert app.window.active_sessions.text() == "0 of 3 sessions"
    app.window.in_person_mode.setChecked(False)
    app.window.online_mode.click()
    qtbot.waitUntil(
        lambda: app.window.headline.text() == "Busy (not taking sessions)", timeout=WAIT_MS
    )
    assert app.window.reason.text() == ("Neither online nor in-person sessions are switched on.")


def test_closing_the_window_hides_it_to_the_tray(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.window.set_tray_available(True)
    app.show_window()
    assert app.window.isVisible()
    app.window.close()
    assert not app.window.isVisible()
    assert not app.session.quitting


def test_without_a_tray_closing_the_window_minimises_it(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)  # offscreen: no tray
    app.show_window()
    app.window.close()
    assert app.window.isVisible()
    assert app.window.isMinimized()
    assert not app.session.quitting


def test_every_control_has_an_accessible_name_and_takes_focus_by_keyboard(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    controls = [
        *window.choices.values(),
        window.busy_for,
        window.capacity,
        window.online_mode,
        window.in_person_mode,
        window.quiet,
        *window.days.values(),
        window.quiet_start,
        window.quiet_end,
        window.timezone,
        window.connect_button,
    ]
    for control in controls:
        assert control.accessibleName(), control.objectName()
        # Radio buttons of one group share a tab stop and move with the arrow keys.
        needed = (
            Qt.FocusPolicy.ClickFocus
            if control in window.choices.values()
            else (Qt.FocusPolicy.TabFocus)
        )
        assert control.focusPolicy() & needed, control.objectName()


def test_notifications_can_be_switched_off_and_stay_off(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.window.notifications.isChecked()
    app.window.notifications.click()
    assert app.settings.settings.notifications is False
    assert SettingsFile(app.paths.settings_file).settings.notifications is False
