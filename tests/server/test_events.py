"""GET /v1/me/events: changes through the API, the changes_at timer, Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
import signal
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import httpx_sse
import pytest

from presence import Role
from server.api.sse import ServerSentEvent
from tests.support.api_harness import Harness, Person, heartbeat, token_from
from tests.support.event_stream import WAIT, EventReader
from tests.support.server_process import ServerProcess, run_cli
from tests.support.waiting import wait_until


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


@pytest.fixture
def events(harness: Harness, pro: Person) -> Iterator[EventReader]:
    reader = EventReader(harness.url, pro.tokens["access_token"])
    yield reader
    reader.close()


def test_the_stream_opens_with_the_current_availability_and_status(
    events: EventReader,
) -> None:
    first, second = events.next(), events.next()
    assert (first.kind, second.kind) == ("availability", "status")
    assert first.data["version"] == 1
    assert (second.data["status"], second.data["reason"]) == ("offline", "signed_out")
    assert first.id == second.id


def test_a_change_through_the_api_is_pushed(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    heartbeat(pro)
    assert events.next("status").data["status"] == "online"
    pro.http.patch("/v1/me/availability", json={"preference": "busy"})
    assert events.next("availability").data["preference"] == "busy"
    pushed = events.next("status").data
    assert (pushed["status"], pushed["reason"]) == ("busy", "manual")


def test_a_session_started_by_the_service_is_pushed(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    heartbeat(pro)
    events.next("status")
    service = harness.person(Role.SERVICE)
    service.http.post("/v1/sessions", json={"professional_id": pro.id, "mode": "online"})
    pushed = events.next("status").data
    assert (pushed["reason"], pushed["active_sessions"]) == ("in_session", 1)


def test_the_status_is_pushed_when_changes_at_comes(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    online = heartbeat(pro, idle_seconds=0)["status"]
    assert events.next("status").data["status"] == "online"
    # The device stops sending: nothing else happens but time.
    harness.clock.set(datetime.fromisoformat(online["changes_at"]))
    pushed = events.next("status").data
    assert (pushed["status"], pushed["reason"]) == ("away", "disconnected")
    harness.clock.set(datetime.fromisoformat(pushed["changes_at"]))
    assert events.next("status").data["reason"] == "inactive"


def test_a_heartbeat_that_changes_nothing_visible_pushes_nothing(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    heartbeat(pro)
    events.next("status")
    heartbeat(pro, device_id="phone")  # still online / active
    pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 4})
    # The next thing on the stream is the PATCH, not an echo of the second device.
    assert events.next().kind == "availability"


def test_last_event_id_skips_what_the_client_has_seen(harness: Harness, pro: Person) -> None:
    first = EventReader(harness.url, pro.tokens["access_token"])
    seen = first.next("status").id
    first.close()
    again = EventReader(harness.url, pro.tokens["access_token"], last_event_id=seen)
    try:
        pro.http.patch("/v1/me/availability", json={"in_person_availability": True})
        pushed = again.next()
        assert pushed.kind == "availability"
        assert pushed.data["in_person_availability"] is True
    finally:
        again.close()


def test_a_stale_last_event_id_gets_what_changed(harness: Harness, pro: Person) -> None:
    first = EventReader(harness.url, pro.tokens["access_token"])
    seen = first.next("status").id
    first.close()
    pro.http.patch("/v1/me/availability", json={"preference": "offline"})
    again = EventReader(harness.url, pro.tokens["access_token"], last_event_id=seen)
    try:
        assert again.next().data["preference"] == "offline"
        assert again.next().data["reason"] == "manual"
    finally:
        again.close()


def test_signing_out_ends_the_stream_at_once(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    # Nothing else happens: signing out itself wakes the stream, which then ends cleanly.
    assert pro.http.post("/v1/auth/logout").status_code == 204
    assert events.ended()
    assert events.failure is None


def test_the_stream_refuses_callers_without_a_token(harness: Harness) -> None:
    response = harness.anonymous.get("/v1/me/events")
    assert response.status_code == 401


@pytest.mark.wall_time
def test_the_stream_sends_comment_pings(database_url: str) -> None:
    harness = Harness(database_url, sse_ping_interval=1)
    try:
        pro = harness.person(Role.PROFESSIONAL)
        reader = EventReader(harness.url, pro.tokens["access_token"])
        try:
            assert reader.comments.get(timeout=5).startswith(": ping")
        finally:
            reader.close()
    finally:
        harness.close()


def test_events_break_lines_only_where_the_stream_format_does() -> None:
    """JSON leaves U+2028, U+2029 and U+0085 unescaped; they must stay inside one line."""
    one_line = ServerSentEvent(data='{"note": "a\u2028b\u2029c\u0085d"}', event="x", id="1")
    assert one_line.encode() == (
        'id: 1\r\nevent: x\r\ndata: {"note": "a\u2028b\u2029c\u0085d"}\r\n\r\n'.encode()
    )
    several = ServerSentEvent(data="a\r\nb\nc\rd", event="x", id="1")
    assert (
        several.encode() == b"id: 1\r\nevent: x\r\ndata: a\r\ndata: b\r\ndata: c\r\ndata: d\r\n\r\n"
    )


def test_an_override_note_with_a_unicode_line_separator_arrives_whole(
    harness: Harness, pro: Person
) -> None:
    admin = harness.person(Role.ADMIN)
    note = "Training day\u2028back tomorrow"
    admin.http.put(f"/v1/professionals/{pro.id}/override", json={"status": "busy", "note": note})
    headers = {"Authorization": f"Bearer {pro.tokens['access_token']}"}
    with (
        httpx.Client(base_url=harness.url, headers=headers, timeout=WAIT) as client,
        httpx_sse.connect_sse(client, "GET", "/v1/me/events") as source,
    ):
        first = next(source.iter_sse())
    assert first.event == "availability"
    assert json.loads(first.data)["admin_override"]["note"] == note


@pytest.mark.wall_time
def test_rings_that_change_nothing_do_not_hold_back_the_ping(database_url: str) -> None:
    """Another process's commit rings every stream; the ping counts from the last bytes."""
    harness = Harness(database_url, sse_ping_interval=1)
    stop = threading.Event()
    try:
        person = harness.person(Role.PROFESSIONAL)

        def ring_often() -> None:
            while not stop.wait(0.2):  # wall-time: rings faster than the ping interval
                harness.ctx.hub.ring([person.id])

        reader = EventReader(harness.url, person.tokens["access_token"])
        ringer = threading.Thread(target=ring_often)
        ringer.start()
        try:
            reader.next("status")
            assert reader.comments.get(timeout=5).startswith(": ping")
        finally:
            stop.set()
            ringer.join()
            reader.close()
    finally:
        harness.close()


def test_a_client_that_goes_away_is_unsubscribed(harness: Harness, pro: Person) -> None:
    reader = EventReader(harness.url, pro.tokens["access_token"])
    reader.next("status")
    assert harness.ctx.hub.subscriber_count() == 1
    reader.close()
    wait_until(lambda: harness.ctx.hub.subscriber_count() == 0, WAIT, "the stream to end")


@pytest.mark.wall_time
def test_stopping_the_server_ends_its_open_streams(
    harness: Harness, pro: Person, tmp_path: Path
) -> None:
    """uvicorn lets every response finish before it exits, by default with no time limit,
    and an event stream never finishes by itself: it would keep the server from stopping."""
    server = ServerProcess(harness.settings.database_url, tmp_path).start()
    reader = EventReader(server.url, token_from(server.url, pro))
    try:
        reader.next("status")
        # Ended by the signal after a clean shutdown: uvicorn raises it again on its way out.
        assert server.stop() == -signal.SIGTERM
        assert reader.ended()
    finally:
        reader.close()


def test_a_stream_opening_while_the_server_stops_ends_at_once(harness: Harness) -> None:
    async def open_after_close() -> None:
        harness.ctx.hub.close_streams()
        subscription = harness.ctx.hub.subscribe("someone")
        await asyncio.wait_for(subscription.wait(), timeout=WAIT)
        harness.ctx.hub.unsubscribe(subscription)

    asyncio.run(open_after_close())


@pytest.mark.wall_time
def test_a_session_started_by_another_process_reaches_the_stream(
    harness: Harness, pro: Person, events: EventReader, database_url: str
) -> None:
    """PostgreSQL hears it by NOTIFY; SQLite within a second, from its data_version."""
    events.next("status")
    started = run_cli(
        ["sessions", "start", "--professional", pro.user.email, "--mode", "online"],
        database_url,
    )
    assert started.returncode == 0, started.stderr
    assert events.next("status").data["active_sessions"] == 1


def test_an_expiring_preference_is_pushed_even_when_the_status_stays(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    events.next("status")
    heartbeat(pro)
    events.next("status")
    until = harness.clock.now() + timedelta(minutes=2)
    # Away while active reads online, so expiry changes the document but not the status.
    pro.http.patch(
        "/v1/me/availability",
        json={"preference": "away", "preference_expires_at": until.isoformat()},
    )
    assert events.next("availability").data["preference"] == "away"
    harness.clock.set(until)
    pushed = events.next("availability").data
    assert (pushed["preference"], pushed["preference_expires_at"]) == ("online", None)
