"""The field-by-field merge of pending edits after a 412."""

from __future__ import annotations

from typing import Any

from desktop.sync.merge import PendingField, flatten, merge, overlay, pending_from, unflatten

BASE: dict[str, Any] = {
    "preference": "online",
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
    assert [each.field for each in lost] == ["max_concurrent_sessions"]
    assert "changed elsewhere to 2" in lost[0].message
    assert "your change to 5" in lost[0].message


def test_an_edit_the_server_already_holds_is_done_quietly() -> None:
    pending = {"preference": pending_from(BASE, "preference", "busy")}
    kept, lost = merge(pending, {**BASE, "preference": "busy", "version": 2})
    assert (kept, lost) == ({}, [])


def test_the_view_shows_pending_edits_on_top_of_the_server() -> None:
    pending = {"quiet_hours.start": pending_from(BASE, "quiet_hours.start", "21:00")}
    view = overlay(BASE, pending)
    assert view["quiet_hours"] == {"enabled": False, "start": "21:00", "end": "08:00"}
    assert BASE["quiet_hours"]["start"] == "22:00"
