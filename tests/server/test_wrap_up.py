"""The wrap-up after a session: busy while writing notes, "Extend" and "I'm ready"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from presence import Role
from server.domain.wrap_up import end_session_with_wrap_up
from server.store.sessions import session_by_id
from tests.support.api_harness import Harness, Person, assert_problem, heartbeat
from tests.support.event_stream import EventReader


@pytest.fixture
def pro(harness: Harness) -> Person:
    person = harness.person(Role.PROFESSIONAL)
    person.http.patch("/v1/me/availability", json={"wrap_up_minutes": 10})
    return person


@pytest.fixture
def service(harness: Harness) -> Person:
    return harness.person(Role.SERVICE)


@pytest.fixture
def events(harness: Harness, pro: Person) -> Iterator[EventReader]:
    reader = EventReader(harness.url, pro.tokens["access_token"])
    yield reader
    reader.close()


def start(service: Person, pro: Person) -> str:
    response = service.http.post("/v1/sessions", json={"professional_id": pro.id, "mode": "online"})
    assert response.status_code == 201, response.text
    session_id: str = response.json()["id"]
    return session_id


def end(service: Person, session_id: str) -> None:
    assert service.http.post(f"/v1/sessions/{session_id}/end").status_code == 200


def shown(status: dict[str, Any]) -> tuple[str, str]:
    return status["status"], status["reason"]


def status_of(pro: Person) -> dict[str, Any]:
    body: dict[str, Any] = pro.http.get("/v1/me/status").json()
    return body


def keep_running(
    harness: Harness, pro: Person, until: datetime, *, idle_since: datetime | None = None
) -> None:
    """The app keeps sending heartbeats up to `until`, with no input since `idle_since`
    (None: input all along)."""
    while harness.clock.now() + timedelta(seconds=60) < until:
        harness.clock.advance(timedelta(seconds=60))
        idle = 0.0 if idle_since is None else (harness.clock.now() - idle_since).total_seconds()
        heartbeat(pro, idle_seconds=idle)


def test_the_end_of_the_last_session_starts_the_wrap_up(
    harness: Harness, pro: Person, service: Person
) -> None:
    heartbeat(pro)
    session = start(service, pro)
    started_at = harness.clock.now()
    keep_running(harness, pro, started_at + timedelta(minutes=50), idle_since=started_at)
    end(service, session)  # a whole session without touching the keyboard
    ended_at = harness.clock.now()
    status = status_of(pro)
    assert shown(status) == ("busy", "wrap_up")
    assert status["accepting_sessions"] is False
    document = pro.http.get("/v1/me/availability").json()
    until = datetime.fromisoformat(document["wrap_up_until"])
    assert until == ended_at + timedelta(minutes=10)
    # Writing notes on paper: no input, and still wrapping up to its last instant.
    keep_running(harness, pro, until, idle_since=started_at)
    assert shown(status_of(pro)) == ("busy", "wrap_up")
    # Then idleness counts from the session's end: ten minutes, so away.
    harness.clock.set(until)
    assert shown(heartbeat(pro, idle_seconds=3600)["status"]) == ("away", "idle")
    assert pro.http.get("/v1/me/availability").json()["wrap_up_until"] is None


def test_no_wrap_up_while_another_session_runs_or_when_it_is_zero(
    harness: Harness, pro: Person, service: Person
) -> None:
    heartbeat(pro)
    first, second = start(service, pro), start(service, pro)
    end(service, first)
    assert shown(status_of(pro)) == ("online", "in_session")
    assert pro.http.get("/v1/me/availability").json()["wrap_up_until"] is None
    pro.http.patch("/v1/me/availability", json={"wrap_up_minutes": 0})
    end(service, second)
    assert shown(status_of(pro)) == ("online", "active")


def test_the_end_of_a_session_counts_as_activity(
    harness: Harness, pro: Person, service: Person
) -> None:
    pro.http.patch("/v1/me/availability", json={"wrap_up_minutes": 0})
    heartbeat(pro)
    session = start(service, pro)
    started_at = harness.clock.now()
    keep_running(harness, pro, started_at + timedelta(minutes=50), idle_since=started_at)
    end(service, session)
    # Without this, 50 minutes without input would make them offline at once.
    status = status_of(pro)
    assert shown(status) == ("online", "active")
    assert status["last_active_at"] == harness.clock.now().isoformat().replace("+00:00", "Z")


def test_the_wrap_up_end_is_pushed(
    harness: Harness, pro: Person, service: Person, events: EventReader
) -> None:
    events.next("status")
    heartbeat(pro)
    end(service, start(service, pro))
    while (pushed := events.next("status").data)["reason"] != "wrap_up":
        pass
    until = datetime.fromisoformat(pro.http.get("/v1/me/availability").json()["wrap_up_until"])
    # The app runs on, and the person is back at the keyboard.
    keep_running(harness, pro, until)
    pushed = status_of(pro)
    assert shown(pushed) == ("busy", "wrap_up")
    assert datetime.fromisoformat(pushed["changes_at"]) == until
    harness.clock.set(until)
    # One change, two documents: the availability without its wrap-up, then the status.
    assert events.next("availability").data["wrap_up_until"] is None
    assert shown(events.next("status").data) == ("online", "active")


def test_extend_and_i_am_ready(harness: Harness, pro: Person, service: Person) -> None:
    heartbeat(pro)
    end(service, start(service, pro))
    until = datetime.fromisoformat(pro.http.get("/v1/me/availability").json()["wrap_up_until"])
    extended = pro.http.post("/v1/me/wrap-up/extend")
    assert extended.status_code == 200, extended.text
    assert datetime.fromisoformat(extended.json()["wrap_up_until"]) == until + timedelta(minutes=5)
    longer = pro.http.post("/v1/me/wrap-up/extend", json={"minutes": 15})
    assert datetime.fromisoformat(longer.json()["wrap_up_until"]) == until + timedelta(minutes=20)
    assert longer.headers["ETag"] == f'"{longer.json()["version"]}"'
    ready = pro.http.delete("/v1/me/wrap-up")
    assert ready.status_code == 200
    assert ready.json()["wrap_up_until"] is None
    assert shown(status_of(pro)) == ("online", "active")
    # Ready twice changes nothing.
    again = pro.http.delete("/v1/me/wrap-up")
    assert again.json()["version"] == ready.json()["version"]


def test_extending_no_wrap_up_is_409_and_stores_nothing(harness: Harness, pro: Person) -> None:
    before = pro.http.get("/v1/me/availability").json()
    problem = assert_problem(pro.http.post("/v1/me/wrap-up/extend"), 409)
    assert "not wrapping up" in problem["detail"]
    assert pro.http.get("/v1/me/availability").json() == before


@pytest.mark.parametrize("minutes", [0, 61, "5", 2.5, None])
def test_a_bad_extension_is_422_and_stores_nothing(
    harness: Harness, pro: Person, service: Person, minutes: object
) -> None:
    heartbeat(pro)
    end(service, start(service, pro))
    before = pro.http.get("/v1/me/availability").json()
    assert_problem(
        pro.http.post("/v1/me/wrap-up/extend", json={"minutes": minutes}), 422, "minutes"
    )
    assert pro.http.get("/v1/me/availability").json() == before


def test_a_new_session_ends_the_wrap_up(harness: Harness, pro: Person, service: Person) -> None:
    heartbeat(pro)
    end(service, start(service, pro))
    start(service, pro)
    assert pro.http.get("/v1/me/availability").json()["wrap_up_until"] is None
    assert shown(status_of(pro)) == ("online", "in_session")


def test_only_a_professional_has_a_wrap_up(harness: Harness) -> None:
    user = harness.person(Role.USER)
    assert_problem(user.http.post("/v1/me/wrap-up/extend"), 403)
    assert_problem(user.http.delete("/v1/me/wrap-up"), 403)
    assert_problem(user.http.patch("/v1/me/availability", json={"wrap_up_minutes": 5}), 403)


def test_an_end_that_lost_the_race_to_another_restarts_nothing(
    harness: Harness, pro: Person, service: Person
) -> None:
    heartbeat(pro)
    session_id = start(service, pro)
    with harness.ctx.read(None) as work:
        seen_before_the_lock = session_by_id(work.connection, session_id)
    assert seen_before_the_lock is not None
    end(service, session_id)  # the other end, first
    assert pro.http.delete("/v1/me/wrap-up").status_code == 200  # "I'm ready"
    harness.clock.advance(timedelta(minutes=1))
    with harness.ctx.work(None) as work:
        ended = end_session_with_wrap_up(work, seen_before_the_lock, harness.clock.now())
    assert ended.ended_at == harness.clock.now() - timedelta(minutes=1)
    assert pro.http.get("/v1/me/availability").json()["wrap_up_until"] is None
    assert shown(status_of(pro)) == ("online", "active")
