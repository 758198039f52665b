"""GET /v1/professionals/events: watching professionals live, with their status note."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx
import pytest

from presence import Role
from tests.support.api_harness import START, Harness, Person, assert_problem, heartbeat
from tests.support.event_stream import WAIT, EventReader
from tests.support.server_process import run_cli

Watch = Callable[..., EventReader]


@pytest.fixture
def pat(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL, name="Pat Lee")


@pytest.fixture
def sam(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL, name="Sam Roe")


@pytest.fixture
def client(harness: Harness) -> Person:
    """A client of the platform, booking: any signed-in account may watch."""
    return harness.person(Role.USER)


@pytest.fixture
def watch(harness: Harness, client: Person) -> Iterator[Watch]:
    readers: list[EventReader] = []

    def open_stream(*ids: str, token: str | None = None, last: str | None = None) -> EventReader:
        reader = EventReader(
            harness.url,
            token or client.tokens["access_token"],
            last,
            path=f"/v1/professionals/events?ids={','.join(ids)}",
        )
        readers.append(reader)
        return reader

    yield open_stream
    for reader in readers:
        reader.close()


def test_the_stream_opens_with_each_watched_professional(
    watch: Watch, pat: Person, sam: Person
) -> None:
    stream = watch(pat.user.id, "unknown-id", sam.user.id)
    first, second = stream.next("presence"), stream.next("presence")
    assert [first.data["id"], second.data["id"]] == [pat.user.id, sam.user.id]
    assert first.data == {
        "id": pat.user.id,
        "display_name": "Pat Lee",
        "status": "offline",
        "accepting_sessions": False,
        "online_availability": True,
        "in_person_availability": False,
        "status_note": None,
    }


def test_pat_going_busy_with_a_note_and_back_is_pushed(
    watch: Watch, pat: Person, sam: Person
) -> None:
    heartbeat(pat)
    stream = watch(pat.user.id, sam.user.id)
    assert stream.next("presence").data["status"] == "online"
    stream.next("presence")  # Sam
    pat.http.patch(
        "/v1/me/availability",
        json={"preference": "busy", "status_note": {"text": "Back at 14:00"}},
    )
    busy = stream.next("presence").data
    assert (busy["id"], busy["status"], busy["accepting_sessions"]) == (pat.user.id, "busy", False)
    assert busy["status_note"] == {"text": "Back at 14:00", "expires_at": None}
    pat.http.patch("/v1/me/availability", json={"preference": "online", "status_note": None})
    back = stream.next("presence").data
    assert (back["status"], back["status_note"]) == ("online", None)


def test_what_others_do_not_see_sends_nothing(watch: Watch, pat: Person, sam: Person) -> None:
    heartbeat(pat)
    stream = watch(pat.user.id, sam.user.id)
    stream.next("presence")
    stream.next("presence")
    heartbeat(pat)  # the same status again
    pat.http.patch("/v1/me/availability", json={"quiet_hours": {"start": "21:00"}})
    sam.http.patch("/v1/me/availability", json={"in_person_availability": True})
    pushed = stream.next("presence").data
    assert (pushed["id"], pushed["in_person_availability"]) == (sam.user.id, True)


def test_changes_at_and_the_notes_end_are_pushed_when_they_come(
    harness: Harness, watch: Watch, pat: Person
) -> None:
    heartbeat(pat, idle_seconds=290)  # away after 300 s without input: in 10 s
    pat.http.patch(
        "/v1/me/availability",
        json={
            "status_note": {
                "text": "Lunch",
                "expires_at": (START + timedelta(seconds=40)).isoformat(),
            }
        },
    )
    stream = watch(pat.user.id)
    first = stream.next("presence").data
    assert (first["status"], first["status_note"]["text"]) == ("online", "Lunch")
    harness.clock.advance(timedelta(seconds=10))
    assert stream.next("presence").data["status"] == "away"
    harness.clock.advance(timedelta(seconds=30))
    ended = stream.next("presence").data
    assert (ended["status"], ended["status_note"]) == ("away", None)


def test_last_event_id_resumes_without_sending_again(
    watch: Watch, pat: Person, sam: Person
) -> None:
    heartbeat(pat)
    first = watch(pat.user.id, sam.user.id)
    first.next("presence")
    last = first.next("presence").id
    first.close()
    again = watch(pat.user.id, sam.user.id, last=last)
    pat.http.patch("/v1/me/availability", json={"preference": "busy"})
    pushed = again.next("presence").data
    assert (pushed["id"], pushed["status"]) == (pat.user.id, "busy")
    # A stale id gets every watched professional again.
    stale = watch(pat.user.id, sam.user.id, last="not-a-state")
    assert {stale.next("presence").data["id"], stale.next("presence").data["id"]} == {
        pat.user.id,
        sam.user.id,
    }


def test_the_stream_ends_when_the_watcher_signs_out(
    harness: Harness, watch: Watch, pat: Person
) -> None:
    watcher = harness.person(Role.USER)
    stream = watch(pat.user.id, token=watcher.tokens["access_token"])
    stream.next("presence")
    watcher.http.post("/v1/auth/logout", json={})
    assert stream.ended()


def test_the_stream_ends_when_the_token_expires(
    harness: Harness, watch: Watch, pat: Person
) -> None:
    stream = watch(pat.user.id)
    stream.next("presence")
    harness.clock.advance(timedelta(days=2))
    assert stream.ended()


def test_a_commit_by_another_process_reaches_the_watchers(
    harness: Harness, database_url: str, watch: Watch, pat: Person
) -> None:
    """PostgreSQL by NOTIFY; SQLite from the changes log, for the watched person only."""
    heartbeat(pat)
    pat.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 1})
    stream = watch(pat.user.id)
    stream.next("presence")
    started = run_cli(
        ["sessions", "start", "--professional", pat.user.email, "--mode", "online"],
        database_url,
    )
    assert started.returncode == 0, started.stderr
    pushed = stream.next("presence").data
    assert (pushed["status"], pushed["accepting_sessions"]) == ("busy", False)  # at capacity


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "ids"), ("ids=", "ids"), ("ids=" + ",".join(f"p{n}" for n in range(201)), "ids")],
)
def test_bad_ids_are_422_naming_them(client: Person, query: str, field: str) -> None:
    response = client.http.get(f"/v1/professionals/events?{query}")
    assert_problem(response, 422, field)


def test_watching_needs_a_sign_in(harness: Harness, pat: Person) -> None:
    response = httpx.get(f"{harness.url}/v1/professionals/events?ids={pat.user.id}")
    assert_problem(response, 401)


def test_a_commit_by_another_process_rings_only_the_streams_it_concerns(
    harness: Harness, database_url: str, pat: Person, sam: Person
) -> None:
    """No stream watching someone else wakes for it (SQLite reads the changes log)."""

    async def scenario() -> tuple[set[str], set[str]]:
        hub = harness.ctx.hub
        on_pat = hub.subscribe(pat.user.id, owner="watcher-1", kind="watch")
        on_sam = hub.subscribe(sam.user.id, owner="watcher-2", kind="watch")
        try:
            started = await asyncio.get_running_loop().run_in_executor(
                None,
                lambda: run_cli(
                    ["sessions", "start", "--professional", pat.user.email, "--mode", "online"],
                    database_url,
                ),
            )
            assert started.returncode == 0, started.stderr
            await asyncio.wait_for(on_pat.wait(), WAIT)
            return on_pat.take_rung(), on_sam.take_rung()
        finally:
            hub.unsubscribe(on_pat)
            hub.unsubscribe(on_sam)

    rung_for_pat, rung_for_sam = asyncio.run(scenario())
    assert rung_for_pat == {pat.user.id}
    assert rung_for_sam == set()
