"""The wrap-up in the tray: a countdown, "Extend 5 min" and "I'm ready", for real."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.core.client_state import ClientState
from desktop.ui.tray import Tray
from desktop.wording import status_words
from presence import Reason, Role, Status
from presence.documents import UserInfo
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.documents import NOW, availability, effective_status
from tests.support.sync_clients import other_client, read_availability
from tests.support.waiting import WAIT_MS

WRAP_UP_ENTRIES = ("wrap-up-left", "wrap-up-extend", "wrap-up-ready")
PERSON = UserInfo("pro", "pro@example.com", "Pat Lee", Role.PROFESSIONAL)


def wrapping_up(until: datetime) -> ClientState:
    return ClientState(
        user=PERSON,
        status=effective_status(Status.BUSY, Reason.WRAP_UP, accepting_sessions=False),
        availability=availability(wrap_up_until=until),
    )


def test_the_tray_counts_down_a_wrap_up_and_offers_extend_and_ready(qtbot: QtBot) -> None:
    now = [NOW]
    tray = Tray(clock=lambda: now[0], countdown_interval_ms=20)
    tray.show_state(wrapping_up(NOW + timedelta(minutes=7)))
    assert all(tray.action(name).isVisible() for name in WRAP_UP_ENTRIES)
    assert tray.action("wrap-up-left").text() == "Wrapping up: 7 minutes left"
    assert tray.action("wrap-up-extend").text() == "Extend 5 min"
    assert tray.action("wrap-up-ready").text() == "I'm ready"
    assert tray.action("status-line").text().startswith("Busy (wrapping up until ")
    # Time passes with nothing new from the server: the countdown moves by itself.
    now[0] = NOW + timedelta(minutes=6, seconds=30)
    qtbot.waitUntil(lambda: tray.action("wrap-up-left").text() == "Wrapping up: 1 minute left")
    now[0] = NOW + timedelta(minutes=6, seconds=59, microseconds=500_000)
    qtbot.waitUntil(
        lambda: tray.action("wrap-up-left").text() == "Wrapping up: less than a minute left"
    )
    with qtbot.waitSignal(tray.wrap_up_extended):
        tray.action("wrap-up-extend").trigger()
    with qtbot.waitSignal(tray.wrap_up_ended):
        tray.action("wrap-up-ready").trigger()
    # Over: the entries go.
    now[0] = NOW + timedelta(minutes=7)
    tray.show_state(wrapping_up(NOW + timedelta(minutes=7)))
    assert not any(tray.action(name).isVisible() for name in WRAP_UP_ENTRIES)


def test_no_wrap_up_entries_without_a_wrap_up(qtbot: QtBot) -> None:
    tray = Tray(clock=lambda: NOW)
    tray.show_state(
        ClientState(user=PERSON, status=effective_status(), availability=availability())
    )
    assert not any(tray.action(name).isVisible() for name in WRAP_UP_ENTRIES)
    assert status_words.wrap_up_countdown(availability(), NOW) == ""


def end_a_session(server: Harness, professional: User) -> None:
    service_user = server.add_user(Role.SERVICE)
    service = other_client(server, service_user)
    started = service.post(
        "/v1/sessions", json={"professional_id": professional.id, "mode": "online"}
    )
    assert started.status_code == 201, started.text
    ended = service.post(f"/v1/sessions/{started.json()['id']}/end")
    assert ended.status_code == 200, ended.text


def wrap_up_until(server: Harness, professional: User) -> datetime | None:
    text = read_availability(server, professional)["wrap_up_until"]
    return None if text is None else datetime.fromisoformat(text)


def test_extend_and_i_am_ready_reach_the_server(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    other_client(server, professional).patch("/v1/me/availability", json={"wrap_up_minutes": 10})
    end_a_session(server, professional)
    first = wrap_up_until(server, professional)
    assert first is not None
    # The app hears of it through its event stream.
    qtbot.waitUntil(
        lambda: (
            app.state.availability is not None and app.state.availability.wrap_up_until == first
        ),
        timeout=WAIT_MS,
    )
    app.tray.action("wrap-up-extend").trigger()
    qtbot.waitUntil(
        lambda: wrap_up_until(server, professional) == first + timedelta(minutes=5),
        timeout=WAIT_MS,
    )
    app.tray.action("wrap-up-ready").trigger()
    qtbot.waitUntil(lambda: wrap_up_until(server, professional) is None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: app.state.availability is not None and app.state.availability.wrap_up_until is None,
        timeout=WAIT_MS,
    )


def test_extend_with_no_wrap_up_tells_the_person_in_words(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    with qtbot.waitSignal(app.session.told, timeout=WAIT_MS) as told:
        app.session.extend_wrap_up()
    assert "not wrapping up a session" in told.args[1]
