"""Heartbeat signals (a call, a busy calendar event, Do Not Disturb) and their settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from presence import Role
from tests.support.api_harness import Harness, Person, assert_problem, heartbeat
from tests.support.event_stream import EventReader


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


def shown(body: dict[str, Any]) -> tuple[str, str]:
    status = body["status"]
    return status["status"], status["reason"]


def moment(harness: Harness, seconds: float) -> str:
    return (harness.clock.now() + timedelta(seconds=seconds)).isoformat()


def test_a_call_makes_an_online_professional_busy_and_counts_as_activity(
    harness: Harness, pro: Person
) -> None:
    in_call = {"in_call": True}
    assert shown(heartbeat(pro, idle_seconds=3000, signals=in_call)) == ("busy", "in_call")
    # The call ends: idleness counts from its end, not from the last key press.
    harness.clock.advance(timedelta(seconds=30))
    assert shown(heartbeat(pro, idle_seconds=3030, signals={"in_call": False})) == (
        "online",
        "active",
    )


def test_with_busy_in_calls_off_a_call_only_counts_as_activity(pro: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"busy_in_calls": False})
    assert shown(heartbeat(pro, idle_seconds=3000, signals={"in_call": True})) == (
        "online",
        "active",
    )


def test_a_busy_calendar_event_holds_until_its_end(harness: Harness, pro: Person) -> None:
    body = heartbeat(pro, signals={"calendar_busy_until": moment(harness, 600)})
    assert shown(body) == ("busy", "calendar")
    assert body["status"]["changes_at"] is not None
    harness.clock.advance(timedelta(seconds=60))
    # A time already over counts as none.
    assert shown(heartbeat(pro, signals={"calendar_busy_until": moment(harness, -1)})) == (
        "online",
        "active",
    )


def test_do_not_disturb_counts_only_with_its_setting(pro: Person) -> None:
    dnd = {"do_not_disturb": True}
    assert shown(heartbeat(pro, signals=dnd)) == ("online", "active")
    pro.http.patch("/v1/me/availability", json={"busy_in_do_not_disturb": True})
    assert shown(heartbeat(pro, signals=dnd)) == ("busy", "do_not_disturb")
    # A heartbeat without signals reports none.
    assert shown(heartbeat(pro)) == ("online", "active")


def test_signals_from_one_device_do_not_leak_into_another(harness: Harness, pro: Person) -> None:
    heartbeat(pro, device_id="laptop", signals={"in_call": True})
    body = heartbeat(pro, device_id="phone", signals={"in_call": False})
    assert shown(body) == ("busy", "in_call")  # the laptop is still in its call


def test_a_busy_event_months_long_counts_for_a_month_at_a_time(
    harness: Harness, pro: Person
) -> None:
    # A parental leave in the calendar: busy, and never a refused heartbeat.
    body = heartbeat(pro, signals={"calendar_busy_until": moment(harness, 90 * 86400)})
    assert shown(body) == ("busy", "calendar")
    changes_at = datetime.fromisoformat(body["status"]["changes_at"])
    assert changes_at <= harness.clock.now() + timedelta(days=31)


@pytest.mark.parametrize(
    ("signals", "field"),
    [
        ({"in_call": "yes"}, "signals.in_call"),
        ({"in_call": 1}, "signals.in_call"),
        ({"do_not_disturb": None}, "signals.do_not_disturb"),
        ({"calendar_busy_until": "tomorrow"}, "signals.calendar_busy_until"),
        ({"calendar_busy_until": "2026-11-23T12:00:00"}, "signals.calendar_busy_until"),
        ({"titles": ["Therapy with A."]}, "signals.titles"),
        ([True], "signals"),
    ],
)
def test_bad_signals_are_422_naming_the_field_and_store_nothing(
    harness: Harness, pro: Person, signals: object, field: str
) -> None:
    heartbeat(pro)
    before = pro.http.get("/v1/me/status").json()
    response = pro.http.post(
        "/v1/me/heartbeat",
        json={
            "device_id": "laptop",
            "platform": "linux",
            "app_state": "foreground",
            "idle_seconds": 0,
            "signals": signals,
        },
    )
    assert_problem(response, 422, field)
    assert pro.http.get("/v1/me/status").json() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"wrap_up_minutes": -1}, "wrap_up_minutes"),
        ({"wrap_up_minutes": 121}, "wrap_up_minutes"),
        ({"wrap_up_minutes": "10"}, "wrap_up_minutes"),
        ({"wrap_up_minutes": None}, "wrap_up_minutes"),
        ({"busy_in_calls": "false"}, "busy_in_calls"),
        ({"busy_in_calls": None}, "busy_in_calls"),
        ({"busy_in_do_not_disturb": 0}, "busy_in_do_not_disturb"),
        ({"wrap_up_until": "2026-11-23T12:00:00Z"}, "wrap_up_until"),
    ],
)
def test_bad_settings_are_422_naming_the_field_and_store_nothing(
    pro: Person, body: dict[str, object], field: str
) -> None:
    before = pro.http.get("/v1/me/availability").json()
    assert_problem(pro.http.patch("/v1/me/availability", json=body), 422, field)
    assert pro.http.get("/v1/me/availability").json() == before


def test_the_settings_are_kept(pro: Person) -> None:
    changed = {"wrap_up_minutes": 15, "busy_in_calls": False, "busy_in_do_not_disturb": True}
    response = pro.http.patch("/v1/me/availability", json=changed)
    assert response.status_code == 200, response.text
    document = pro.http.get("/v1/me/availability").json()
    assert {name: document[name] for name in changed} == changed
    assert document["version"] == 2


def test_a_busy_event_shortened_wakes_the_stream_at_its_new_end(
    harness: Harness, pro: Person
) -> None:
    reader = EventReader(harness.url, pro.tokens["access_token"])
    try:
        reader.next("status")
        heartbeat(pro, signals={"calendar_busy_until": moment(harness, 900)})
        assert (reader.next("status").data["reason"]) == "calendar"
        # Shortened: still busy now, so nothing to push yet, but it ends in a minute.
        heartbeat(pro, signals={"calendar_busy_until": moment(harness, 60)})
        harness.clock.advance(timedelta(seconds=60))
        pushed = reader.next("status").data
        assert (pushed["status"], pushed["reason"]) == ("online", "active")
    finally:
        reader.close()
