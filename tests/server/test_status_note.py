"""The status note: set, shown to others, cleared, refused in words, and gone at expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from presence import Role
from tests.support.api_harness import START, Harness, Person, assert_problem, heartbeat
from tests.support.event_stream import EventReader

IN_AN_HOUR = (START + timedelta(hours=1)).isoformat().replace("+00:00", "Z")


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


def note_of(person: Person) -> Any:
    return person.http.get("/v1/me/availability").json()["status_note"]


def test_a_note_is_kept_and_shown_in_the_public_status(harness: Harness, pro: Person) -> None:
    response = pro.http.patch(
        "/v1/me/availability",
        json={"status_note": {"text": "  Back at 14:00 ", "expires_at": IN_AN_HOUR}},
    )
    assert response.status_code == 200, response.text
    note = {"text": "Back at 14:00", "expires_at": IN_AN_HOUR}
    assert response.json()["status_note"] == note
    assert note_of(pro) == note
    client = harness.person(Role.USER)
    public = client.http.get(f"/v1/professionals/{pro.user.id}/status").json()
    assert public["status_note"] == note
    bulk = client.http.get("/v1/professionals/status", params={"ids": pro.user.id}).json()
    assert [item["status_note"] for item in bulk] == [note]


def test_a_note_without_an_end_stays_and_null_clears_it(pro: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"status_note": {"text": "Running 10 min late"}})
    assert note_of(pro) == {"text": "Running 10 min late", "expires_at": None}
    version = pro.http.get("/v1/me/availability").json()["version"]
    cleared = pro.http.patch("/v1/me/availability", json={"status_note": None})
    assert cleared.json()["status_note"] is None
    assert cleared.json()["version"] == version + 1


def test_a_note_reads_as_none_from_its_end(harness: Harness, pro: Person) -> None:
    pro.http.patch(
        "/v1/me/availability", json={"status_note": {"text": "Lunch", "expires_at": IN_AN_HOUR}}
    )
    harness.clock.advance(timedelta(minutes=59))
    assert note_of(pro) is not None
    harness.clock.advance(timedelta(minutes=1))
    assert note_of(pro) is None
    public = harness.person(Role.USER).http.get(f"/v1/professionals/{pro.user.id}/status")
    assert public.json()["status_note"] is None


BAD_NOTES: list[tuple[Any, str, str]] = [
    ({"text": "x" * 101}, "status_note.text", "at most 100 characters"),
    ({"text": ""}, "status_note.text", "at least 1 character"),
    ({"text": "   "}, "status_note.text", "must not be empty; send null to clear the note"),
    ({"text": "Back\nat 2"}, "status_note.text", "must be one line without control characters"),
    ({"text": "bell\u0007"}, "status_note.text", "must be one line without control characters"),
    ({"text": "tab\there"}, "status_note.text", "must be one line without control characters"),
    ({"text": 5}, "status_note.text", "valid string"),
    ({"expires_at": IN_AN_HOUR}, "status_note.text", "Field required"),
    (
        {"text": "Lunch", "expires_at": "2026-11-23T09:00:00Z"},
        "status_note.expires_at",
        "must be in the future",
    ),
    ({"text": "Lunch", "expires_at": "noon"}, "status_note.expires_at", ""),
    ({"text": "Lunch", "colour": "red"}, "status_note.colour", ""),
    ("Back at 2", "status_note", ""),
]


@pytest.mark.parametrize(("note", "field", "words"), BAD_NOTES, ids=[f for _, f, _ in BAD_NOTES])
def test_a_bad_note_is_422_naming_the_field_and_stores_nothing(
    pro: Person, note: Any, field: str, words: str
) -> None:
    pro.http.patch("/v1/me/availability", json={"status_note": {"text": "Kept"}})
    before = pro.http.get("/v1/me/availability").json()
    response = pro.http.patch(
        "/v1/me/availability", json={"max_concurrent_sessions": 5, "status_note": note}
    )
    body = assert_problem(response, 422, field)
    assert words in json_text(body)
    assert pro.http.get("/v1/me/availability").json() == before


def json_text(body: Any) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)


def test_only_a_professional_has_a_note(harness: Harness) -> None:
    user = harness.person(Role.USER)
    response = user.http.patch("/v1/me/availability", json={"status_note": {"text": "Hi"}})
    assert_problem(response, 403)


@pytest.fixture
def events(harness: Harness, pro: Person) -> Iterator[EventReader]:
    reader = EventReader(harness.url, pro.tokens["access_token"])
    yield reader
    reader.close()


def test_the_stream_wakes_when_the_note_runs_out(
    harness: Harness, pro: Person, events: EventReader
) -> None:
    heartbeat(pro)
    pro.http.patch(
        "/v1/me/availability", json={"status_note": {"text": "Lunch", "expires_at": IN_AN_HOUR}}
    )
    while (event := events.next("availability")).data["status_note"] is None:
        pass
    assert event.data["status_note"]["text"] == "Lunch"
    harness.clock.advance(timedelta(hours=1))
    assert events.next("availability").data["status_note"] is None
