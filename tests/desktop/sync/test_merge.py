"""The field-by-field merge of pending edits after a 412."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.sync.merge import (
    Lost,
    PendingField,
    add_edit,
    flatten,
    merge,
    overlay,
    pending_from,
    unflatten,
)
from desktop.wording import sync_messages
from desktop.wording.times import clock_time

LATER = "2026-11-23T11:00:00Z"
LATER_STILL = "2026-11-23T12:00:00Z"

BASE: dict[str, Any] = {
    "preference": "online",
    "preference_expires_at": None,
    "max_concurrent_sessions": 3,
    "quiet_hours": {"enabled": False, "start": "22:00", "end": "08:00"},
    "version": 1,
}


def test_flatten_and_unflatten_are_inverse() -> None:
    patch = {"preference": "busy", "quiet_hours": {"start": "21:00", "enabled": True}}
    assert flatten(patch) == {
        "preference": "busy",
        "quiet_hours.start": "21:00",
        "quiet_hours.enabled": True,
    }
    assert unflatten(flatten(patch)) == patch


def test_the_local_edit_wins_where_the_server_did_not_change() -> None:
    pending = {"quiet_hours.start": pending_from(BASE, "quiet_hours.start", "21:00")}
    current = {**BASE, "preference": "busy", "version": 2}
    kept, lost = merge(pending, current)
    assert kept == {"quiet_hours.start": PendingField("21:00", "22:00", base_known=True)}
    assert lost == []


def test_the_server_wins_where_it_changed_too_and_says_so() -> None:
    pending = {"max_concurrent_sessions": pending_from(BASE, "max_concurrent_sessions", 5)}
    current = {**BASE, "max_concurrent_sessions": 2, "version": 2}
    kept, lost = merge(pending, current)
    assert kept == {}
    assert lost == [
        Lost(
            "max_concurrent_sessions",
            {"max_concurrent_sessions": 2},
            {"max_concurrent_sessions": 5},
        )
    ]
    message = sync_messages.lost_edit(
        lost[0].field, lost[0].theirs, lost[0].mine, datetime.now().astimezone()
    )
    assert message.startswith("Maximum concurrent sessions was changed elsewhere")
    assert "changed elsewhere to 2" in message
    assert "your change to 5" in message


def test_an_edit_the_server_already_holds_is_done_quietly() -> None:
    pending = {"preference": pending_from(BASE, "preference", "busy")}
    kept, lost = merge(pending, {**BASE, "preference": "busy", "version": 2})
    assert (kept, lost) == ({}, [])


def test_the_view_shows_pending_edits_on_top_of_the_server() -> None:
    pending = {"quiet_hours.start": pending_from(BASE, "quiet_hours.start", "21:00")}
    view = overlay(BASE, pending)
    assert view["quiet_hours"] == {"enabled": False, "start": "21:00", "end": "08:00"}
    assert BASE["quiet_hours"]["start"] == "22:00"


def queued(known: dict[str, Any], changes: dict[str, Any]) -> dict[str, PendingField]:
    pending: dict[str, PendingField] = {}
    add_edit(pending, known, changes)
    return pending


def test_a_status_choice_is_queued_whole() -> None:
    busy = {**BASE, "preference": "busy", "preference_expires_at": LATER}
    # A new preference without an expiry has none, as the server would store it.
    assert queued(busy, {"preference": "away"}) == {
        "preference": PendingField("away", "busy", base_known=True),
        "preference_expires_at": PendingField(None, LATER, base_known=True),
    }
    # A new expiry keeps the preference the person sees, and sends it along.
    assert queued(busy, {"preference_expires_at": LATER_STILL}) == {
        "preference_expires_at": PendingField(LATER_STILL, LATER, base_known=True),
        "preference": PendingField("busy", "busy", base_known=True),
    }
    assert overlay(busy, queued(busy, {"preference": "away"}))["preference_expires_at"] is None


def test_a_status_choice_changed_elsewhere_loses_whole() -> None:
    pending = queued(BASE, {"preference": "busy", "preference_expires_at": LATER})
    # Set elsewhere to offline with no expiry: the expiry alone is unchanged, but taking
    # it would make "offline for an hour", which nobody chose.
    kept, lost = merge(pending, {**BASE, "preference": "offline", "version": 2})
    assert kept == {}
    assert [each.field for each in lost] == ["preference"]
    assert lost[0].theirs == {"preference": "offline", "preference_expires_at": None}
    assert lost[0].mine == {"preference": "busy", "preference_expires_at": LATER}
    now = datetime.now().astimezone()
    message = sync_messages.lost_edit(lost[0].field, lost[0].theirs, lost[0].mine, now)
    until = clock_time(datetime.fromisoformat(LATER), now)
    assert f"changed elsewhere to Offline before your change to Busy until {until}" in message
    assert LATER not in message  # a time in the person's words, never ISO text


def test_an_expiry_edit_loses_with_its_preference_when_that_changed_elsewhere() -> None:
    busy = {**BASE, "preference": "busy", "preference_expires_at": LATER}
    pending = queued(busy, {"preference_expires_at": LATER_STILL})
    kept, lost = merge(pending, {**busy, "preference": "offline", "version": 3})
    assert kept == {}
    assert [each.field for each in lost] == ["preference"]


def test_a_status_choice_the_server_left_alone_goes_whole() -> None:
    pending = queued(BASE, {"preference": "busy", "preference_expires_at": LATER})
    current = {**BASE, "max_concurrent_sessions": 2, "version": 2}
    kept, lost = merge(pending, current)
    assert lost == []
    assert {path: edit.value for path, edit in kept.items()} == {
        "preference": "busy",
        "preference_expires_at": LATER,
    }


def test_a_status_choice_the_server_holds_already_is_done_whatever_the_time_notation() -> None:
    pending = queued(BASE, {"preference": "busy", "preference_expires_at": LATER})
    current = {**BASE, "preference": "busy", "preference_expires_at": "2026-11-23T11:00:00+00:00"}
    assert merge(pending, current) == ({}, [])
