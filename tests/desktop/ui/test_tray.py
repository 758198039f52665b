"""The tray menu's actions reach the server; the menu and tooltip say what holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.core.client_state import Mode
from presence import Role, Status
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import other_client, read_availability
from tests.support.waiting import WAIT_MS


def server_preference(server: Harness, user: User) -> tuple[str, str | None]:
    document = read_availability(server, user)
    return document["preference"], document["preference_expires_at"]


@pytest.mark.parametrize(
    ("action", "preference", "hours"),
    [
        ("busy", "busy", None),
        ("busy-30m", "busy", 0.5),
        ("busy-1h", "busy", 1),
        ("busy-2h", "busy", 2),
        ("away", "away", None),
        ("offline", "offline", None),
    ],
)
def test_menu_status_actions_reach_the_server(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    action: str,
    preference: str,
    hours: float | None,
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    before = datetime.now().astimezone()
    app.tray.action(action).trigger()
    qtbot.waitUntil(
        lambda: server_preference(server, professional)[0] == preference, timeout=WAIT_MS
    )
    expires = server_preference(server, professional)[1]
    if hours is None:
        assert expires is None
    else:
        assert expires is not None
        moment = datetime.fromisoformat(expires)
        assert before + timedelta(hours=hours) <= moment + timedelta(seconds=1)
        assert moment <= datetime.now().astimezone() + timedelta(hours=hours, seconds=1)
    qtbot.waitUntil(
        lambda: app.session.engine is not None and app.session.engine.sync_state == "synced",
        timeout=WAIT_MS,
    )
    entries = app.tray.menu_entries()
    if preference == "busy":
        title = "Busy (chosen)" if hours is None else "Busy (chosen, until "
        assert any(entry.startswith(title) for entry in entries), entries
    else:
        assert f"[x] {preference.title()}" in entries


def test_busy_until_the_end_of_today_ends_at_the_next_local_midnight(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.tray.action("busy-today").trigger()
    qtbot.waitUntil(lambda: server_preference(server, professional)[1] is not None, timeout=WAIT_MS)
    expires = datetime.fromisoformat(server_preference(server, professional)[1] or "")
    local = expires.astimezone()
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert local.date() == (datetime.now().astimezone() + timedelta(days=1)).date()


def test_online_again_clears_busy(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.tray.action("busy").trigger()
    qtbot.waitUntil(lambda: server_preference(server, professional)[0] == "busy", timeout=WAIT_MS)
    app.tray.action("online").trigger()
    qtbot.waitUntil(lambda: server_preference(server, professional)[0] == "online", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.state.status.status == "online",
        timeout=WAIT_MS,
    )
    assert app.tray.tooltip_text().startswith("Online · 0 of 3 sessions")


def test_menu_shows_the_session_count_and_the_tooltip_follows_a_session(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert "0 of 3 sessions (disabled)" in app.tray.menu_entries()
    service = server.person(Role.SERVICE)
    response = service.http.post(
        "/v1/sessions", json={"professional_id": professional.id, "mode": "online"}
    )
    assert response.status_code == 201, response.text
    qtbot.waitUntil(
        lambda: "1 of 3 sessions (disabled)" in app.tray.menu_entries(), timeout=WAIT_MS
    )
    assert app.tray.tooltip_text() == "Online (in session) · 1 of 3 sessions · remote only"


def test_an_admin_override_disables_the_status_choices(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    admin = server.person(Role.ADMIN, name="Dana Admin")
    response = admin.http.put(
        f"/v1/professionals/{professional.id}/override", json={"status": "busy"}
    )
    assert response.status_code == 200, response.text
    qtbot.waitUntil(
        lambda: (
            app.tray.state.availability is not None
            and app.tray.state.availability.admin_override is not None
        ),
        timeout=WAIT_MS,
    )
    entries = app.tray.menu_entries()
    # The status line says who set it; the tooltip too.
    assert "Busy (set by Dana Admin)" in entries, entries
    assert app.tray.tooltip_text().startswith("Busy (set by Dana Admin) · ")
    for name in ("Online", "Away", "Offline"):
        assert any(entry.endswith(f"{name} (disabled)") for entry in entries), entries
    assert "Busy (disabled)" in entries
    assert not app.window.status.choices[Status.ONLINE].isEnabled()
    assert "set by Dana Admin" in app.window.status.override.text()
    # The reason keeps the admin's name as written (no str.capitalize() lower-casing).
    qtbot.waitUntil(
        lambda: app.window.reason.text().startswith("Set by Dana Admin"), timeout=WAIT_MS
    )


def test_local_mode_offers_to_connect_and_server_mode_to_sign_out(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    entries = app.tray.menu_entries()
    assert "Sign out" in entries
    assert "Connect to a server…" not in entries
    app.tray.show_state(dataclasses.replace(app.state, mode=Mode.LOCAL))
    entries = app.tray.menu_entries()
    assert "Connect to a server…" in entries
    assert "Sign out" not in entries


def test_start_at_login_writes_and_removes_the_autostart_file(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    autostart_file = app.autostart.path  # type: ignore[attr-defined]
    assert "[ ] Start at login" in app.tray.menu_entries()
    app.tray.action("start-at-login").trigger()
    assert autostart_file.exists()
    text = autostart_file.read_text()
    assert "Exec=" in text
    assert "[x] Start at login" in app.tray.menu_entries()
    app.tray.action("start-at-login").trigger()
    assert not autostart_file.exists()
    assert "[ ] Start at login" in app.tray.menu_entries()


def test_quit_sends_offline_before_leaving(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.tray.action("quit").trigger()
    qtbot.waitUntil(
        lambda: not app.commands._server.isListening(),
        timeout=WAIT_MS,
    )
    document = read_status(server, professional)
    assert (document["status"], document["reason"]) == ("offline", "signed_out")


def read_status(server: Harness, user: User) -> dict[str, str]:
    result: dict[str, str] = other_client(server, user).get("/v1/me/status").json()
    return result


def test_the_menu_shows_start_at_login_as_it_is_when_it_opens(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    app.autostart.enable(["/opt/availability/availability"])  # as `availability autostart on`
    app.tray.menu.aboutToShow.emit()
    assert "[x] Start at login" in app.tray.menu_entries()


def test_a_choice_refused_for_an_override_is_explained_in_local_words(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    admin = server.person(Role.ADMIN, name="Dana Admin")
    until = (datetime.now().astimezone() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = admin.http.put(
        f"/v1/professionals/{professional.id}/override",
        json={"status": "busy", "until": until.isoformat()},
    )
    assert response.status_code == 200, response.text
    qtbot.waitUntil(lambda: app.state.override_holds, timeout=WAIT_MS)
    app.session.choose_status(Status.AWAY, None)  # made before the override was known
    error = app.window.status.error
    qtbot.waitUntil(lambda: error.isVisibleTo(app.window), timeout=WAIT_MS)
    assert error.text() == (
        f"Busy — set by Dana Admin until {until.astimezone():%H:%M}. "
        "Your own status applies again when it ends."
    )
    assert "UTC" not in error.text()
