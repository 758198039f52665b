"""What the tray and window say for every status and reason."""

from __future__ import annotations

from datetime import UTC, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from desktop.core.client_state import ClientState
from desktop.sync.connection import SyncProblem, SyncState
from desktop.wording import connection, status_words
from desktop.wording.times import clock_time, duration
from presence import EffectiveStatus, Reason, Status
from tests.support.documents import NOW, availability, effective_status, override, quiet_hours

BOTH = availability(online_availability=True, in_person_availability=True)


def status(kind: str, reason: str, **extra: Any) -> EffectiveStatus:
    extra.setdefault("last_active_at", NOW - timedelta(minutes=6))
    return effective_status(Status(kind), Reason(reason), **extra)


# Every (status, reason) pair the rules can give, with its tooltip and explanation.
CASES = [
    (
        "online",
        "active",
        "Online · 1 of 3 sessions · remote & in person",
        "Online — you are active at the computer.",
    ),
    (
        "online",
        "in_session",
        "Online (in session) · 1 of 3 sessions · remote & in person",
        "Online — you are in a session.",
    ),
    (
        "away",
        "idle",
        "Away (no activity) · 1 of 3 sessions · remote & in person",
        "Away — no activity for 6 minutes.",
    ),
    (
        "away",
        "background",
        "Away (screen locked) · 1 of 3 sessions · remote & in person",
        "Away — the screen is locked.",
    ),
    (
        "away",
        "disconnected",
        "Away (not connected) · 1 of 3 sessions · remote & in person",
        "Away — this computer has not reached the server for a while.",
    ),
    ("away", "manual", "Away · 1 of 3 sessions · remote & in person", "Away — you chose away."),
    (
        "offline",
        "inactive",
        "Offline (inactive) · 1 of 3 sessions · remote & in person",
        "Offline — no activity for 6 minutes.",
    ),
    (
        "offline",
        "signed_out",
        "Offline (signed out) · 1 of 3 sessions · remote & in person",
        "Offline — the app is not running anywhere.",
    ),
    (
        "offline",
        "manual",
        "Offline · 1 of 3 sessions · remote & in person",
        "Offline — you chose to appear offline.",
    ),
    ("busy", "manual", "Busy · 1 of 3 sessions · remote & in person", "Busy — you chose busy."),
    (
        "busy",
        "admin_override",
        "Busy (set by an admin) · 1 of 3 sessions · remote & in person",
        "Busy — set by an admin.",
    ),
    (
        "busy",
        "at_capacity",
        "Busy (at capacity) · 1 of 3 sessions · remote & in person",
        "Busy — 1 of 3 sessions, your maximum.",
    ),
    (
        "busy",
        "quiet_hours",
        "Busy (quiet hours until 08:00) · 1 of 3 sessions · remote & in person",
        # The document always carries its window (08:00 UTC is its end by default).
        "Busy — quiet hours until 08:00.",
    ),
    (
        "busy",
        "not_accepting",
        "Busy (not taking sessions) · 1 of 3 sessions · remote & in person",
        "Busy — neither online nor in-person sessions are switched on.",
    ),
]


@pytest.mark.parametrize(("kind", "reason", "tip", "why"), CASES)
def test_tooltip_and_explanation_for_every_status_and_reason(
    kind: str, reason: str, tip: str, why: str
) -> None:
    assert status_words.tooltip(status(kind, reason), BOTH, "", NOW) == tip
    assert len(tip) <= status_words.TOOLTIP_LIMIT
    assert status_words.explanation(status(kind, reason), BOTH, NOW, UTC) == why


def test_without_the_document_a_reason_is_said_without_its_details() -> None:
    assert status_words.explanation(status("busy", "quiet_hours"), None, NOW, UTC) == (
        "Busy — quiet hours."
    )
    assert status_words.explanation(status("busy", "admin_override"), None, NOW, UTC) == (
        "Busy — set by an admin."
    )
    assert status_words.tooltip(status("busy", "quiet_hours"), None, "", NOW) == (
        "Busy (quiet hours) · 1 of 3 sessions"
    )


def test_the_example_of_the_issue() -> None:
    full = status("busy", "at_capacity", active_sessions=3)
    assert status_words.tooltip(full, BOTH, "", NOW) == (
        "Busy (at capacity) · 3 of 3 sessions · remote & in person"
    )


@pytest.mark.parametrize(
    ("modes", "text"),
    [
        ((True, True), "remote & in person"),
        ((True, False), "remote only"),
        ((False, True), "in person only"),
        ((False, False), "no session modes on"),
    ],
)
def test_modes_in_words(modes: tuple[bool, bool], text: str) -> None:
    document = availability(online_availability=modes[0], in_person_availability=modes[1])
    assert status_words.modes(document) == text


def test_tooltip_says_when_not_synced_and_before_any_status() -> None:
    offline = connection.connection_note(SyncState.OFFLINE)
    saving = connection.connection_note(SyncState.SAVING)
    assert status_words.tooltip(None, None, offline, NOW) == "Not connected yet · not synced"
    assert status_words.tooltip(status("online", "active"), BOTH, saving, NOW).endswith("· saving…")
    assert connection.connection_note(SyncState.SYNCED) == ""
    assert status_words.tooltip(status("online", "active"), BOTH, "", NOW) == (
        "Online · 1 of 3 sessions · remote & in person"
    )


def test_the_connection_note_says_what_is_wrong_while_offline() -> None:
    slow = connection.connection_note(SyncState.OFFLINE, SyncProblem.SLOW)
    assert slow == "not synced: server slow"
    assert (
        status_words.tooltip(None, None, slow, NOW) == "Not connected yet · not synced: server slow"
    )
    for problem in SyncProblem:
        assert connection.not_synced(problem).startswith("not synced: ")
        assert connection.sync_label(SyncState.OFFLINE, problem) == (
            connection.problem_label(problem)
        )
    assert connection.sync_label(SyncState.SYNCED, SyncProblem.SLOW) == "Synced"


def test_tooltip_never_exceeds_127_characters() -> None:
    long = status("busy", "not_accepting", active_sessions=10**60, max_concurrent_sessions=10**60)
    text = status_words.tooltip(long, BOTH, connection.connection_note(SyncState.OFFLINE), NOW)
    assert len(text) == status_words.TOOLTIP_LIMIT
    assert text.endswith("…")


def test_times_are_said_in_local_words() -> None:
    by_dana = override(Status.BUSY, until=NOW + timedelta(hours=2), note=None, set_by="Dana")
    text = status_words.explanation(
        status("busy", "admin_override"),
        availability(admin_override=by_dana),
        NOW,
        UTC,
    )
    assert text == "Busy — set by Dana until 12:00."
    quiet = status("busy", "quiet_hours")
    window = quiet_hours(
        enabled=True, start=time(22), end=time(8), timezone="UTC", days=frozenset()
    )
    assert status_words.explanation(quiet, availability(quiet_hours=window), NOW, UTC) == (
        "Busy — quiet hours until 08:00."
    )
    berlin = availability(quiet_hours=quiet_hours(timezone="Europe/Berlin", end=time(8)))
    assert status_words.explanation(quiet, berlin, NOW, UTC) == (
        "Busy — quiet hours until 08:00 (Europe/Berlin)."
    )
    expiring = availability(preference_expires_at=NOW + timedelta(days=3))
    assert status_words.explanation(status("busy", "manual"), expiring, NOW, UTC) == (
        "Busy — you chose busy until Fri 10:00."
    )
    far = NOW + timedelta(days=30)
    assert clock_time(far, NOW, UTC) == "24 Dec 10:00"


def test_clock_times_today_and_tomorrow() -> None:
    assert clock_time(NOW + timedelta(hours=5), NOW, UTC) == "15:00"
    assert clock_time(NOW + timedelta(days=1), NOW, UTC) == "tomorrow 10:00"


def test_a_day_is_named_in_the_locale_given() -> None:
    german = QLocale("de_DE")
    friday = NOW + timedelta(days=3)  # NOW is a Tuesday
    said = clock_time(friday, NOW, UTC, locale=german)
    assert said.startswith(german.dayName(5, QLocale.FormatType.ShortFormat))
    assert said.startswith("Fr")
    assert "Fri" not in said
    assert said.endswith("10:00")
    english = clock_time(friday, NOW, UTC, locale=QLocale("en_GB"))
    assert english == "Fri 10:00"
    far = clock_time(NOW + timedelta(days=30), NOW, UTC, locale=german)
    assert "Dez" in far


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "less than a minute"), (60, "1 minute"), (360, "6 minutes"), (7200, "2 hours")],
)
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize("chosen", [Status.BUSY, Status.AWAY, Status.OFFLINE])
def test_a_choice_waiting_to_sync_shows_at_once(chosen: Status) -> None:
    server_says = status("online", "active", preference=Status.ONLINE)
    state = ClientState(status=server_says, availability=availability(preference=chosen))
    shown = state.shown_status()
    assert shown is not None
    assert (shown.status, shown.reason) == (chosen, Reason.MANUAL)
    offline = connection.connection_note(SyncState.OFFLINE)
    assert status_words.tooltip(shown, BOTH, offline, NOW).startswith(
        f"{status_words.status_label(chosen)} · 1 of 3 sessions"
    )


def test_online_waiting_to_sync_shows_the_servers_status() -> None:
    server_says = status("busy", "manual", preference=Status.BUSY)
    state = ClientState(status=server_says, availability=availability(preference=Status.ONLINE))
    assert state.shown_status() == server_says


def test_an_admin_override_is_shown_as_the_server_says() -> None:
    server_says = status("busy", "admin_override", preference=Status.ONLINE)
    document = availability(
        preference=Status.AWAY, admin_override=override(Status.BUSY, None, None, None)
    )
    assert ClientState(status=server_says, availability=document).shown_status() == server_says


def test_status_labels_name_every_status() -> None:
    assert [status_words.status_label(each) for each in Status] == [
        "Online",
        "Busy",
        "Away",
        "Offline",
    ]


def test_a_reason_as_a_sentence_keeps_names_notes_and_zones_as_written() -> None:
    """Only the first letter is raised: "set by alex admin" was a str.capitalize() slip."""
    by_alex = override(Status.BUSY, note="Back at 3 PM", set_by="Alex Admin")
    text = status_words.reason_sentence(
        status("busy", "admin_override"), availability(admin_override=by_alex), NOW, UTC
    )
    assert text == "Set by Alex Admin (“Back at 3 PM”)."
    berlin = availability(quiet_hours=quiet_hours(timezone="Europe/Berlin", end=time(8)))
    assert status_words.reason_sentence(status("busy", "quiet_hours"), berlin, NOW, UTC) == (
        "Quiet hours until 08:00 (Europe/Berlin)."
    )


def test_one_of_several_refusals_names_its_field_in_words() -> None:
    from desktop.wording import sync_messages

    assert sync_messages.field_refused("quiet_hours.days", "'sat' is not a day") == (
        "The days of quiet hours: 'sat' is not a day"
    )
