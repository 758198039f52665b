"""POST /v1/me/heartbeat and GET /v1/me/status over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from presence import Role
from server.store import tables
from tests.support.api_harness import START, Harness, Person, assert_problem, heartbeat


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


def stored_device(harness: Harness, person: Person, device_id: str = "laptop") -> Any:
    with harness.ctx.database.begin() as connection:
        return connection.execute(
            select(tables.devices)
            .where(tables.devices.c.user_id == person.id)
            .where(tables.devices.c.device_id == device_id)
        ).one()


def test_a_heartbeat_answers_with_the_status_and_the_interval(pro: Person) -> None:
    body = heartbeat(pro, idle_seconds=4)
    assert body["heartbeat_interval"] == 30
    assert body["server_time"] == "2026-11-23T10:00:00Z"
    assert body["status"]["status"] == "online"
    assert body["status"]["reason"] == "active"
    assert body["status"]["last_active_at"] == "2026-11-23T09:59:56Z"
    assert body["status"]["changes_at"] == "2026-11-23T10:01:40.000001Z"


def test_the_status_walks_from_online_to_away_to_offline(harness: Harness, pro: Person) -> None:
    heartbeat(pro)
    harness.clock.advance(timedelta(seconds=299))
    assert heartbeat(pro, idle_seconds=299)["status"]["status"] == "online"
    harness.clock.advance(timedelta(seconds=1))
    assert heartbeat(pro, idle_seconds=300)["status"]["reason"] == "idle"
    harness.clock.advance(timedelta(seconds=600))
    assert heartbeat(pro, idle_seconds=900)["status"]["reason"] == "inactive"


def test_last_active_never_moves_backwards(harness: Harness, pro: Person) -> None:
    heartbeat(pro, idle_seconds=0)
    harness.clock.advance(timedelta(seconds=20))
    # A client that restarted and lost track says it has been idle for an hour.
    body = heartbeat(pro, idle_seconds=3600)
    assert body["status"]["last_active_at"] == "2026-11-23T10:00:00Z"
    assert stored_device(harness, pro).last_active_at == START


def test_a_heartbeat_that_changes_nothing_within_10_s_skips_the_write(
    harness: Harness, pro: Person
) -> None:
    heartbeat(pro, idle_seconds=0)
    harness.clock.advance(timedelta(seconds=5))
    heartbeat(pro, idle_seconds=5)
    assert stored_device(harness, pro).last_seen_at == START
    harness.clock.advance(timedelta(seconds=5))
    heartbeat(pro, idle_seconds=10)
    assert stored_device(harness, pro).last_seen_at == START + timedelta(seconds=10)


def test_a_changed_state_is_written_at_once(harness: Harness, pro: Person) -> None:
    heartbeat(pro)
    harness.clock.advance(timedelta(seconds=1))
    body = heartbeat(pro, app_state="background")
    assert body["status"]["reason"] == "background"
    assert stored_device(harness, pro).app_state == "background"


def test_unknown_idleness_counts_as_active_only_in_the_foreground(
    harness: Harness, pro: Person
) -> None:
    assert heartbeat(pro, idle_seconds=None)["status"]["status"] == "online"
    harness.clock.advance(timedelta(seconds=400))
    assert heartbeat(pro, idle_seconds=None)["status"]["status"] == "online"
    harness.clock.advance(timedelta(seconds=400))
    body = heartbeat(pro, app_state="background", idle_seconds=None)
    assert body["status"]["reason"] == "background"
    assert body["status"]["last_active_at"] == "2026-11-23T10:06:40Z"


def test_devices_aggregate_and_do_not_overwrite_each_other(harness: Harness, pro: Person) -> None:
    heartbeat(pro, device_id="laptop")
    body = heartbeat(pro, device_id="phone", app_state="offline")
    assert body["status"]["status"] == "online"
    harness.clock.advance(timedelta(seconds=101))
    assert pro.http.get("/v1/me/status").json()["reason"] == "disconnected"


def test_offline_on_quit_signs_the_person_out(pro: Person) -> None:
    heartbeat(pro)
    body = heartbeat(pro, app_state="offline")
    assert (body["status"]["status"], body["status"]["reason"]) == ("offline", "signed_out")


def test_a_busy_preference_holds_while_the_app_runs(harness: Harness, pro: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"preference": "busy"})
    assert heartbeat(pro, idle_seconds=3000)["status"]["status"] == "busy"
    heartbeat(pro, app_state="offline")
    assert pro.http.get("/v1/me/status").json()["status"] == "offline"


def test_service_and_admin_accounts_may_heartbeat_too(harness: Harness) -> None:
    for role in (Role.SERVICE, Role.ADMIN, Role.USER):
        body = heartbeat(harness.person(role))
        assert body["status"]["max_concurrent_sessions"] is None
        assert body["status"]["accepting_sessions"] is False


BAD_BEATS: list[tuple[dict[str, Any], str]] = [
    ({"platform": "linux", "app_state": "foreground"}, "device_id"),
    ({"device_id": "", "platform": "linux", "app_state": "foreground"}, "device_id"),
    ({"device_id": "d" * 129, "platform": "linux", "app_state": "foreground"}, "device_id"),
    ({"device_id": "d", "platform": "linux", "app_state": "asleep"}, "app_state"),
    (
        {"device_id": "d", "platform": "linux", "app_state": "foreground", "idle_seconds": -1},
        "idle_seconds",
    ),
    (
        {"device_id": "d", "platform": "linux", "app_state": "foreground", "idle_seconds": 1e12},
        "idle_seconds",
    ),
    (
        {"device_id": "d", "platform": "linux", "app_state": "foreground", "idle_seconds": False},
        "idle_seconds",
    ),
    (
        {"device_id": "d", "platform": "linux", "app_state": "foreground", "idle_seconds": "5"},
        "idle_seconds",
    ),
    ({"device_id": "d", "app_state": "foreground"}, "platform"),
    ({"device_id": "d", "platform": "linux", "app_state": "foreground", "mood": "ok"}, "mood"),
]


@pytest.mark.parametrize(("beat", "field"), BAD_BEATS, ids=[f for _, f in BAD_BEATS])
def test_an_invalid_heartbeat_is_422_and_stores_no_device(
    harness: Harness, pro: Person, beat: dict[str, Any], field: str
) -> None:
    assert_problem(pro.http.post("/v1/me/heartbeat", json=beat), 422, field)
    with harness.ctx.database.begin() as connection:
        assert connection.execute(select(tables.devices)).all() == []


def test_a_return_from_away_is_written_even_within_10_s(database_url: str) -> None:
    harness = Harness(database_url, away_after=4, offline_after=60)
    try:
        pro = harness.person(Role.PROFESSIONAL)
        heartbeat(pro, idle_seconds=0)
        harness.clock.advance(timedelta(seconds=5))
        assert heartbeat(pro, idle_seconds=5)["status"]["status"] == "away"
        harness.clock.advance(timedelta(seconds=1))
        assert heartbeat(pro, idle_seconds=0)["status"]["status"] == "online"
        assert stored_device(harness, pro).last_active_at == START + timedelta(seconds=6)
        assert pro.http.get("/v1/me/status").json()["status"] == "online"
    finally:
        harness.close()


def test_heartbeats_are_answered_by_the_plain_route_first_in_line(harness: Harness) -> None:
    """The FastAPI route documents the operation; the plain one, first, answers it."""
    from server.api.app import create_app
    from server.api.routes.heartbeat_route import PATH, ROUTE

    app = create_app(harness.ctx)
    heartbeat_routes = [r for r in app.router.routes if getattr(r, "path", None) == PATH]
    assert heartbeat_routes[0] is ROUTE
    assert "post" in app.openapi()["paths"][PATH]  # the documented one, never reached
