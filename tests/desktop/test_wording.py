"""What the tray and window say for every status and reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop import wording

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
BOTH = {"online_availability": True, "in_person_availability": True}


def status(kind: str, reason: str, **extra: Any) -> dict[str, Any]:
    return {
        "status": kind,
        "reason": reason,
        "active_sessions": 1,
        "max_concurrent_sessions": 3,
        "last_active_at": (NOW - timedelta(minutes=6)).isoformat(),
        "changes_at": None,
        **extra,
    }


# Every (status, reason) pair the rules can give, with its tooltip and explanation.
CASES = [
    (
        "online",
        "active",
        "Online · 1 of 3 sessions · online & in person",
        "Online — you are active at the computer.",
    ),
    (
        "online",
        "in_session",
        "Online (in session) · 1 of 3 sessions · online & in person",
        "Online — you are in a session.",
    ),
    (
        "away",
        "idle",
        "Away (no activity) · 1 of 3 sessions · online & in person",
        "Away — no activity for 6 minutes.",
    ),
    (
        "away",
        "background",
        "Away (screen locked) · 1 of 3 sessions · online & in person",
        "Away — the screen is locked.",
    ),
    (
        "away",
        "disconnected",
        "Away (not connected) · 1 of 3 sessions · online & in person",
        "Away — this computer has not reached the server for a while.",
    ),
    ("away", "manual", "Away · 1 of 3 sessions · online & in person", "Away — you chose away."),
    (
        "offline",
        "inactive",
        "Offline (inactive) · 1 of 3 sessions · online & in person",
        "Offline — no activity for 6 minutes.",
    ),
    (
        "offline",
        "signed_out",
        "Offline (signed out) · 1 of 3 sessions · online & in person",
        "Offline — the app is not running anywhere.",
    ),
    (
        "offline",
        "manual",
        "Offline · 1 of 3 sessions · online & in person",
        "Offline — you chose to appear offline.",
    ),
    ("busy", "manual", "Busy · 1 of 3 sessions · online & in person", "Busy — you chose busy."),
    (
        "busy",
        "admin_override",
        "Busy (set by an admin) · 1 of 3 sessions · online & in person",
        "Busy — set by an admin.",
    ),
    (
        "busy",
        "at_capacity",
        "Busy (at capacity) · 1 of 3 sessions · online & in person",
        "Busy — 1 of 3 sessions, your maximum.",
    ),
    (
        "busy",
        "quiet_hours",
        "Busy (quiet hours) · 1 of 3 sessions · online & in person",
        "Busy — quiet hours.",
    ),
    (
        "busy",
        "not_accepting",
        "Busy (not taking sessions) · 1 of 3 sessions · online & in person",
        "Busy — neither online nor in-person sessions are switched on.",
    ),
]


@pytest.mark.parametrize(("kind", "reason", "tip", "why"), CASES)
def test_tooltip_and_explanation_for_every_status_and_reason(
    kind: str, reason: str, tip: str, why: str
) -> None:
    assert wording.tooltip(status(kind, reason), BOTH) == tip
    assert len(tip) <= wording.TOOLTIP_LIMIT
    assert wording.explanation(status(kind, reason), BOTH, NOW, UTC) == why


def test_the_example_of_the_issue() -> None:
    full = status("busy", "at_capacity", active_sessions=3)
    assert wording.tooltip(full, BOTH) == (
        "Busy (at capacity) · 3 of 3 sessions · online & in person"
    )


@pytest.mark.parametrize(
    ("modes", "text"),
    [
        ((True, True), "online & in person"),
        ((True, False), "online only"),
        ((False, True), "in person only"),
        ((False, False), "no session modes on"),
    ],
)
def test_modes_in_words(modes: tuple[bool, bool], text: str) -> None:
    document = {"online_availability": modes[0], "in_person_availability": modes[1]}
    assert wording.modes(document) == text


def test_tooltip_says_when_not_synced_and_before_any_status() -> None:
    assert wording.tooltip(None, None, "offline") == "Not connected yet · not synced"
    assert wording.tooltip(status("online", "active"), BOTH, "saving").endswith("· saving…")


def test_tooltip_never_exceeds_127_characters() -> None:
    long = status("busy", "not_accepting", active_sessions=10**60, max_concurrent_sessions=10**60)
    text = wording.tooltip(long, BOTH, "offline")
    assert len(text) == wording.TOOLTIP_LIMIT
    assert text.endswith("…")


def test_times_are_said_in_local_words() -> None:
    override = {
        "status": "busy",
        "until": (NOW + timedelta(hours=2)).isoformat(),
        "note": None,
        "set_by": {"id": "a", "display_name": "Dana"},
    }
    text = wording.explanation(
        status("busy", "admin_override"), {**BOTH, "admin_override": override}, NOW, UTC
    )
    assert text == "Busy — set by Dana until 12:00."
    quiet = status("busy", "quiet_hours")
    window = {"enabled": True, "start": "22:00", "end": "08:00", "timezone": "UTC", "days": []}
    assert wording.explanation(quiet, {**BOTH, "quiet_hours": window}, NOW, UTC) == (
        "Busy — quiet hours until 08:00."
    )
    berlin = {**BOTH, "quiet_hours": {**window, "timezone": "Europe/Berlin"}}
    assert wording.explanation(quiet, berlin, NOW, UTC) == (
        "Busy — quiet hours until 08:00 (Europe/Berlin)."
    )
    expiring = {**BOTH, "preference_expires_at": (NOW + timedelta(days=3)).isoformat()}
    assert wording.explanation(status("busy", "manual"), expiring, NOW, UTC) == (
        "Busy — you chose busy until Fri 10:00."
    )
    far = NOW + timedelta(days=30)
    assert wording.clock_time(far, NOW, UTC) == "24 Dec 10:00"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "less than a minute"), (60, "1 minute"), (360, "6 minutes"), (7200, "2 hours")],
)
def test_durations(seconds: float, text: str) -> None:
    assert wording.duration(seconds) == text


@pytest.mark.parametrize("chosen", ["busy", "away", "offline"])
def test_a_choice_waiting_to_sync_shows_at_once(chosen: str) -> None:
    server_says = status("online", "active", preference="online")
    shown = wording.shown_status(server_says, {**BOTH, "preference": chosen})
    assert shown is not None
    assert (shown["status"], shown["reason"]) == (chosen, "manual")
    assert wording.tooltip(shown, BOTH, "offline").startswith(
        f"{wording.STATUS_LABELS[chosen]} · 1 of 3 sessions"
    )


def test_online_waiting_to_sync_shows_the_servers_status() -> None:
    server_says = status("busy", "manual", preference="busy")
    assert wording.shown_status(server_says, {**BOTH, "preference": "online"}) == server_says


def test_an_admin_override_is_shown_as_the_server_says() -> None:
    server_says = status("busy", "admin_override", preference="online")
    override = {"status": "busy", "until": None, "note": None, "set_by": None}
    document = {**BOTH, "preference": "away", "admin_override": override}
    assert wording.shown_status(server_says, document) == server_says
