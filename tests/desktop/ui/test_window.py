"""The availability window: edits reach the server, refusals show at the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.settings import SettingsFile
from desktop.ui.quiet_hours_section import system_timezone
from presence import Role, Status
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import other_client, read_availability
from tests.support.waiting import WAIT_MS


def on_server(server: Harness, user: User, field: str) -> Any:
    return read_availability(server, user)[field]


def test_capacity_and_modes_reach_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.sessions.capacity.setValue(5)
    window.sessions.in_person.click()
    window.sessions.online.click()
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
        app.window.sessions.capacity.setValue(value)
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
        window.quiet.days[day].setChecked(False)
    window.quiet.start.setTime(QTime(21, 30))
    window.quiet.end.setTime(QTime(7, 0))
    line_edit = window.quiet.timezone.lineEdit()
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
    window.quiet.start.setTime(QTime(9, 0))
    window.quiet.end.setTime(QTime(9, 0))  # the server refuses an empty window
    qtbot.waitUntil(lambda: window.quiet.error.isVisibleTo(window), timeout=WAIT_MS)
    assert "end" in window.quiet.error.text().lower()
    assert window.quiet.error.accessibleDescription() == window.quiet.error.text()
    assert not window.sessions.capacity_error.isVisibleTo(window)
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
    line_edit = window.quiet.timezone.lineEdit()
    assert line_edit is not None
    line_edit.setText("Mars/Olympus_Mons")
    line_edit.editingFinished.emit()  # what Tab or Enter does
    assert window.quiet.error.isVisibleTo(window)
    assert window.quiet.error.text() == (
        "There is no time zone called “Mars/Olympus_Mons”. Type a city, like Berlin, and "
        "pick it from the list."
    )
    assert window.quiet.timezone.findText("Mars/Olympus_Mons") == -1  # not added to the list
    window.flush()
    assert on_server(server, professional, "version") == version


def test_quiet_hours_propose_the_system_time_zone(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert on_server(server, professional, "quiet_hours")["timezone"] == "UTC"
    assert app.window.quiet.timezone.zone() == system_timezone()


def test_status_choice_in_the_window_reaches_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.status.busy_for.setCurrentIndex(1)  # for 1 hour
    window.status.choices[Status.BUSY].click()
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
    assert app.window.sessions.active.text() == "0 of 3 sessions"
    app.window.sessions.in_person.setChecked(False)
    app.window.sessions.online.click()
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
        *window.status.choices.values(),
        window.status.busy_for,
        window.sessions.capacity,
        window.sessions.online,
        window.sessions.in_person,
        window.quiet,
        *window.quiet.days.values(),
        window.quiet.start,
        window.quiet.end,
        window.quiet.timezone,
        window.account.connect_button,
    ]
    for control in controls:
        assert control.accessibleName(), control.objectName()
        # Radio buttons of one group share a tab stop and move with the arrow keys.
        needed = (
            Qt.FocusPolicy.ClickFocus
            if control in window.status.choices.values()
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


def test_a_refused_time_zone_never_travels_with_a_later_edit(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    """Typed with real keys: a zone that is not one stays out of every edit after it."""
    with other_client(server, professional) as phone:
        phone.patch(
            "/v1/me/availability",
            json={"quiet_hours": {"enabled": True, "days": ["mon"], "timezone": "Europe/Berlin"}},
        ).raise_for_status()
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    qtbot.waitUntil(lambda: window.quiet.isChecked(), timeout=WAIT_MS)
    edits: list[dict[str, Any]] = []
    window.edited.connect(edits.append)
    line_edit = window.quiet.timezone.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "Mars/Olympus")
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    assert window.quiet.error.isVisibleTo(window)
    window.quiet.days["tue"].click()
    window.flush()
    assert edits == [{"quiet_hours": {"days": ["mon", "tue"]}}]
    qtbot.waitUntil(
        lambda: on_server(server, professional, "quiet_hours")["days"] == ["mon", "tue"],
        timeout=WAIT_MS,
    )
    quiet = on_server(server, professional, "quiet_hours")
    assert (quiet["enabled"], quiet["timezone"]) == (True, "Europe/Berlin")


def test_each_quiet_hours_edit_names_only_what_changed(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    edits: list[dict[str, Any]] = []
    window.edited.connect(edits.append)
    window.quiet.setChecked(True)
    window.flush()
    window.quiet.start.setTime(QTime(21, 0))
    window.flush()
    proposed = {} if system_timezone() == "UTC" else {"timezone": system_timezone()}
    assert edits == [
        {"quiet_hours": {"enabled": True, **proposed}},  # the zone proposed, taken
        {"quiet_hours": {"start": "21:00"}},
    ]
    qtbot.waitUntil(
        lambda: on_server(server, professional, "quiet_hours")["start"] == "21:00",
        timeout=WAIT_MS,
    )
    assert on_server(server, professional, "quiet_hours")["enabled"] is True


def test_a_time_zone_is_found_by_its_city(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.show_window()
    app.window.quiet.setChecked(True)  # the zone is part of quiet hours: on to edit it
    box = app.window.quiet.timezone
    line_edit = box.lineEdit()
    assert line_edit is not None
    line_edit.setFocus()
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "york")
    finder = box.completer()
    assert finder is not None
    offered = [finder.completionModel().index(row, 0).data() for row in range(3)]
    assert any(str(text).startswith("New York — America (UTC") for text in offered), offered
    line_edit.setText("new york")
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    assert box.zone() == "America/New_York"
    app.window.flush()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "quiet_hours")["timezone"] == "America/New_York",
        timeout=WAIT_MS,
    )


def test_the_busy_box_shows_how_long_busy_lasts_in_the_trays_order(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    box = app.window.status.busy_for
    in_the_box = [box.itemText(index) for index in range(box.count())]
    in_the_tray = [entry.strip() for entry in app.tray.menu_entries() if entry.startswith("    ")]
    assert [text.rstrip("…") for text in in_the_tray] == [
        "For 30 minutes",
        "For 1 hour",
        "For 2 hours",
        "Until a time I choose",
        "Until the end of today",
        "Until I change it",
    ]
    assert in_the_box == [
        "For 30 minutes",
        "For 1 hour",
        "For 2 hours",
        "Until…",
        "Until the end of today",
        "Until I change it",
    ]
    app.tray.action("busy-1h").trigger()
    qtbot.waitUntil(lambda: box.currentText() == "Until…", timeout=WAIT_MS)
    expires = datetime.fromisoformat(on_server(server, professional, "preference_expires_at"))
    local = expires.astimezone()
    assert app.window.status.busy_until.isVisibleTo(app.window)
    assert app.window.status.busy_until.time() == QTime(local.hour, local.minute)
    app.tray.action("busy").trigger()
    qtbot.waitUntil(lambda: box.currentText() == "Until I change it", timeout=WAIT_MS)
    assert not app.window.status.busy_until.isVisibleTo(app.window)


def test_busy_until_a_time_chosen_in_the_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.tray.action("busy-until").trigger()  # the tray opens the window to pick the time
    status = app.window.status
    assert app.window.isVisible()
    assert status.busy_for.currentText() == "Until…"
    status.busy_until.setTime(QTime(23, 45))
    status.busy_until.editingFinished.emit()
    app.window.flush()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "preference_expires_at") is not None,
        timeout=WAIT_MS,
    )
    local = datetime.fromisoformat(
        on_server(server, professional, "preference_expires_at")
    ).astimezone()
    assert (local.hour, local.minute) == (23, 45)
    assert on_server(server, professional, "preference") == "busy"


def test_a_capacity_above_the_limit_is_refused_in_words_and_not_sent(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    version = on_server(server, professional, "version")
    capacity = app.window.sessions.capacity
    line_edit = capacity.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "999")
    assert line_edit.text() == "999"  # not cut to "9" unseen
    capacity.interpretText()
    error = app.window.sessions.capacity_error
    assert error.isVisibleTo(app.window)
    assert error.text() == (
        "At most 50 sessions at once: 999 is more than the server allows. Kept at 3."
    )
    assert capacity.value() == 3
    app.window.flush()
    assert on_server(server, professional, "version") == version


def test_a_typed_capacity_is_sent_when_the_window_closes(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.show_window()
    line_edit = app.window.sessions.capacity.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "7")  # no Enter, no Tab
    app.window.close()
    qtbot.waitUntil(
        lambda: on_server(server, professional, "max_concurrent_sessions") == 7, timeout=WAIT_MS
    )


def test_no_made_up_settings_before_the_server_has_answered(qtbot: QtBot) -> None:
    from desktop.ui.window import AvailabilityWindow

    window = AvailabilityWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.settings_area.isVisibleTo(window)
    assert window.waiting.isVisibleTo(window)
    assert window.waiting.text() == "Your settings show here once the status server has answered."


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_and_ctrl_w_close_the_window(
    qtbot: QtBot, keys: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    from desktop.ui.window import AvailabilityWindow

    window = AvailabilityWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, *keys)
    assert not window.isVisible()


def test_a_second_click_on_the_icon_hides_the_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.window.set_tray_available(True)
    app.window.hide()  # offscreen has no tray host, so the app showed it at start
    app.tray.clicked.emit()
    assert app.window.isVisible()
    app.tray.clicked.emit()
    assert not app.window.isVisible()
    assert not app.session.quitting


def test_clients_can_book_you_now_says_yes_or_no(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.window.bookable.text() == "Clients can book you now: yes"
    app.tray.action("away").trigger()
    qtbot.waitUntil(
        lambda: app.window.bookable.text() == "Clients can book you now: no", timeout=WAIT_MS
    )


def test_at_its_narrowest_the_window_shows_every_hint_whole_and_nothing_overlaps(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    """Server mode (no local banner to widen it), with an admin's override shown."""
    from PySide6.QtWidgets import QLabel

    app = signed_in_app(qtbot, make_app, server, professional)
    admin = server.person(Role.ADMIN, name="Dana Admin")
    response = admin.http.put(
        f"/v1/professionals/{professional.id}/override",
        json={"status": "busy", "note": "A long note, to make the override box wrap twice"},
    )
    assert response.status_code == 200, response.text
    window = app.window
    qtbot.waitUntil(lambda: window.status.override.isVisibleTo(window), timeout=WAIT_MS)
    app.show_window()
    qtbot.waitExposed(window)
    window.resize(window.minimumWidth(), 100)  # as small as it lets itself be
    assert window.width() == 560
    wrapped = [
        label
        for label in window.findChildren(QLabel)
        if label.isVisibleTo(window) and label.wordWrap()
    ]

    def cut() -> list[str]:
        return [
            label.text()
            for label in wrapped
            if label.height() < label.heightForWidth(label.width())
        ]

    # Each label whole: the window grows up to the screen's height, and scrolls beyond.
    qtbot.waitUntil(lambda: cut() == [], timeout=WAIT_MS)
    override = window.status.override
    online = window.status.choices[Status.ONLINE]
    top_left = online.mapTo(window, online.rect().topLeft())
    assert override.mapTo(window, override.rect().bottomLeft()).y() < top_left.y()


def test_on_a_short_screen_the_window_scrolls_instead_of_leaving_the_screen(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    window = app.window
    window.show_notice("A long notice, to need more height than the screen has. " * 40)
    app.show_window()
    qtbot.waitExposed(window)
    screen = window.screen()
    assert screen is not None
    room = screen.availableGeometry().height()
    content = window.content_area.widget()
    assert content is not None
    qtbot.waitUntil(lambda: content.height() > room)  # what it would need
    assert window.height() <= room  # what it takes
    assert window.content_area.verticalScrollBar().maximum() > 0
    window.content_area.ensureWidgetVisible(window.quit_button)
    assert window.quit_button.visibleRegion().boundingRect().height() > 0
