"""Sessions: the service account starts and ends them; capacity feeds the status."""

from __future__ import annotations

import pytest

from presence import Role
from tests.support.api_harness import Harness, Person, assert_problem, heartbeat


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


@pytest.fixture
def service(harness: Harness) -> Person:
    return harness.person(Role.SERVICE)


def start(service: Person, pro: Person, mode: str = "online", **extra: object) -> object:
    return service.http.post(
        "/v1/sessions", json={"professional_id": pro.id, "mode": mode, **extra}
    )


def test_sessions_count_towards_capacity_and_the_status(pro: Person, service: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 2})
    heartbeat(pro)
    first = start(service, pro)
    assert first.status_code == 201  # type: ignore[attr-defined]
    status = pro.http.get("/v1/me/status").json()
    assert (status["status"], status["reason"], status["active_sessions"]) == (
        "online",
        "in_session",
        1,
    )
    start(service, pro)
    status = pro.http.get("/v1/me/status").json()
    assert (status["status"], status["reason"]) == ("busy", "at_capacity")
    assert status["accepting_sessions"] is False
    assert len(pro.http.get("/v1/me/sessions").json()) == 2


def test_at_capacity_is_409_unless_forced(pro: Person, service: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 1})
    start(service, pro)
    refused = start(service, pro)
    assert "1 of 1 sessions" in assert_problem(refused, 409)["detail"]  # type: ignore[arg-type]
    assert len(pro.http.get("/v1/me/sessions").json()) == 1
    assert start(service, pro, force=True).status_code == 201  # type: ignore[attr-defined]
    assert len(pro.http.get("/v1/me/sessions").json()) == 2


def test_a_mode_switched_off_is_409_unless_forced(pro: Person, service: Person) -> None:
    refused = start(service, pro, mode="in_person")
    assert "in-person" in assert_problem(refused, 409)["detail"]  # type: ignore[arg-type]
    assert pro.http.get("/v1/me/sessions").json() == []
    assert start(service, pro, mode="in_person", force=True).status_code == 201  # type: ignore[attr-defined]


def test_ending_is_idempotent(pro: Person, service: Person) -> None:
    session = start(service, pro).json()  # type: ignore[attr-defined]
    first = service.http.post(f"/v1/sessions/{session['id']}/end")
    second = service.http.post(f"/v1/sessions/{session['id']}/end")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["ended_at"] == "2026-11-23T10:00:00Z"
    assert pro.http.get("/v1/me/sessions").json() == []


def test_unknown_sessions_and_professionals_are_404(
    harness: Harness, pro: Person, service: Person
) -> None:
    assert_problem(service.http.post("/v1/sessions/no-such-session/end"), 404)
    user = harness.person(Role.USER)
    assert_problem(start(service, user), 404)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mode": "online"}, "professional_id"),
        ({"professional_id": "x", "mode": "telepathy"}, "mode"),
        ({"professional_id": "x", "mode": "online", "force": "sure"}, "force"),
        ({"professional_id": "x", "mode": "online", "force": 1}, "force"),
        ({"professional_id": "x", "mode": "online", "room": 4}, "room"),
    ],
)
def test_an_invalid_start_is_422_and_starts_nothing(
    pro: Person, service: Person, body: dict[str, object], field: str
) -> None:
    body = {k: (pro.id if v == "x" else v) for k, v in body.items()}
    assert_problem(service.http.post("/v1/sessions", json=body), 422, field)
    assert pro.http.get("/v1/me/sessions").json() == []


def test_professional_status_reads_one_or_many(harness: Harness, pro: Person) -> None:
    other = harness.person(Role.PROFESSIONAL, name="Robin")
    heartbeat(pro)
    reader = harness.person(Role.USER)
    one = reader.http.get(f"/v1/professionals/{pro.id}/status").json()
    assert one == {
        "id": pro.id,
        "display_name": pro.user.display_name,
        "status": "online",
        "accepting_sessions": True,
        "online_availability": True,
        "in_person_availability": False,
        "status_note": None,
    }
    many = reader.http.get(
        "/v1/professionals/status", params={"ids": f"{other.id},unknown,{pro.id}"}
    ).json()
    assert [(p["id"], p["status"]) for p in many] == [(other.id, "offline"), (pro.id, "online")]


def test_more_than_200_ids_is_422(pro: Person) -> None:
    ids = ",".join(f"id{n}" for n in range(201))
    response = pro.http.get("/v1/professionals/status", params={"ids": ids})
    assert_problem(response, 422, "ids")
