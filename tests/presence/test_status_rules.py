"""One test per row of docs/status-rules.md, with the row's id as the test id."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark import ParameterSet

from presence import (
    AdminOverride,
    Availability,
    Device,
    QuietHours,
    Role,
    Status,
    automatic_status,
    in_quiet_hours,
)
from tests.presence.builders import (
    CONFIG,
    Situation,
    T,
    at,
    bg,
    fg,
    off,
    quiet,
    reading,
    shown,
    utc,
)

DOC = Path(__file__).parents[2] / "docs" / "status-rules.md"

ONLINE, BUSY, AWAY, OFFLINE = Status.ONLINE, Status.BUSY, Status.AWAY, Status.OFFLINE
QUIET_NOW = quiet("12:00", "13:00")  # T is inside
ACTIVE = fg(-10, -60)  # the usual device: alive, foreground, touched a minute ago


def row(
    row_id: str,
    expected: object,
    *devices: Device,
    sessions: int = 0,
    role: Role = Role.PROFESSIONAL,
    **availability: Any,
) -> ParameterSet:
    situation = Situation(Availability(**availability), devices, sessions, role)
    return pytest.param(situation, expected, id=row_id)


def automatic_row(row_id: str, expected: str, *devices: Device, sessions: int = 0) -> ParameterSet:
    return pytest.param(devices, sessions, expected, id=row_id)


AUTOMATIC_ROWS = [
    automatic_row("A1", "offline / signed_out"),
    automatic_row("A1b", "offline / signed_out", off(-5, -5), off(-30, -30, "phone")),
    automatic_row("A2", "offline / inactive", fg(-10, -900)),
    automatic_row("A2b", "offline / inactive", bg(-10, -1000)),
    automatic_row("A3", "online / active", fg(-10, -60)),
    automatic_row("A3b", "online / in_session", bg(-10, -1200), sessions=1),
    automatic_row("A3c", "online / active", fg(-100, -60)),
    automatic_row("A4a", "away / idle", fg(-10, -300)),
    automatic_row("A4b", "away / background", bg(-10, -60)),
    automatic_row("A4c", "away / disconnected", fg(-100.000001, -60)),
    automatic_row("A4d", "away / disconnected", fg(-200, -200), sessions=1),
]


@pytest.mark.parametrize(("devices", "sessions", "expected"), AUTOMATIC_ROWS)
def test_automatic_status(devices: tuple[Device, ...], sessions: int, expected: str) -> None:
    assert shown(*automatic_status(devices, sessions, T, CONFIG)) == expected


EFFECTIVE_ROWS = [
    # The preference, with no override and no cap in force.
    row("E-off-1", "offline / manual", ACTIVE, preference=OFFLINE),
    row("E-off-2", "offline / manual", preference=OFFLINE),
    row("E-busy-1", "busy / manual", ACTIVE, preference=BUSY),
    row("E-busy-2", "busy / manual", bg(-10, -2000), preference=BUSY),
    row("E-busy-3", "busy / manual", fg(-200, -200), preference=BUSY),
    row("E-busy-4", "offline / signed_out", off(-10, -10), preference=BUSY),
    row("E-busy-5", "offline / inactive", fg(-1000, -1000), preference=BUSY),
    row("E-on-1", "online / active", ACTIVE, preference=ONLINE),
    row("E-on-2", "away / background", bg(-10, -60), preference=ONLINE),
    row("E-on-3", "offline / inactive", fg(-1000, -1000), preference=ONLINE),
    row("E-away-1", "away / manual", ACTIVE, preference=AWAY),
    row("E-away-2", "away / manual", fg(-10, -400), preference=AWAY),
    row("E-away-3", "away / manual", bg(-10, -2000), preference=AWAY),
    row("E-away-4", "away / manual", fg(-200, -200), preference=AWAY),
    row("E-away-5", "offline / signed_out", off(-10, -10), preference=AWAY),
    row("E-away-6", "offline / inactive", fg(-1000, -1000), preference=AWAY),
    # Admin override.
    row("OVR-1", "busy / admin_override", ACTIVE, admin_override=AdminOverride(BUSY)),
    row("OVR-2", "busy / admin_override", ACTIVE, admin_override=AdminOverride(BUSY, at(3600))),
    row("OVR-3", "online / active", ACTIVE, admin_override=AdminOverride(BUSY, T)),
    row(
        "OVR-4",
        "online / admin_override",
        ACTIVE,
        preference=OFFLINE,
        admin_override=AdminOverride(ONLINE),
    ),
    row("OVR-5", "online / admin_override", admin_override=AdminOverride(ONLINE)),
    row("OVR-6", "busy / at_capacity", ACTIVE, sessions=3, admin_override=AdminOverride(ONLINE)),
    row(
        "OVR-7",
        "away / admin_override",
        ACTIVE,
        preference=BUSY,
        admin_override=AdminOverride(AWAY),
    ),
    # Caps, in order, and only on online.
    row("CAP-1", "busy / at_capacity", ACTIVE, sessions=3),
    row("CAP-2", "busy / quiet_hours", ACTIVE, sessions=2, quiet_hours=QUIET_NOW),
    row(
        "CAP-3",
        "busy / at_capacity",
        ACTIVE,
        sessions=3,
        quiet_hours=QUIET_NOW,
        online_availability=False,
        in_person_availability=False,
    ),
    row(
        "CAP-4",
        "busy / quiet_hours",
        ACTIVE,
        quiet_hours=QUIET_NOW,
        online_availability=False,
        in_person_availability=False,
    ),
    row(
        "CAP-5",
        "busy / not_accepting",
        ACTIVE,
        online_availability=False,
        in_person_availability=False,
    ),
    row(
        "CAP-6",
        "online / active",
        ACTIVE,
        online_availability=False,
        in_person_availability=True,
    ),
    row("CAP-7", "busy / at_capacity", ACTIVE, max_concurrent_sessions=0),
    row("CAP-8", "busy / manual", ACTIVE, preference=BUSY, quiet_hours=QUIET_NOW),
    row("CAP-9", "away / disconnected", fg(-200, -200), sessions=3),
    # Signals beyond the keyboard, and the wrap-up.
    row("SIG-1", "busy / in_call", reading(fg(-10, -1200), in_call=True)),
    row("SIG-2", "online / active", reading(fg(-10, -1200), in_call=True), busy_in_calls=False),
    row("SIG-3", "away / disconnected", reading(fg(-200, -200), in_call=True)),
    row("SIG-4", "busy / at_capacity", reading(ACTIVE, in_call=True), sessions=3),
    row("SIG-5", "busy / in_call", reading(ACTIVE, in_call=True), wrap_up_until=at(300)),
    row("SIG-6", "busy / manual", reading(ACTIVE, in_call=True), preference=BUSY),
    row("SIG-7", "busy / wrap_up", ACTIVE, wrap_up_until=at(300)),
    row("SIG-8", "busy / wrap_up", fg(-10, -1200), wrap_up_until=at(300)),
    row("SIG-9", "online / active", ACTIVE, wrap_up_until=T),
    row("SIG-10", "online / in_session", ACTIVE, sessions=1, wrap_up_until=at(300)),
    row("SIG-11", "away / disconnected", fg(-200, -200), wrap_up_until=at(300)),
    row("SIG-12", "busy / wrap_up", reading(ACTIVE, busy_until=600), wrap_up_until=at(300)),
    row("SIG-13", "busy / calendar", reading(ACTIVE, busy_until=600)),
    row("SIG-14", "online / active", reading(ACTIVE, busy_until=0)),
    row(
        "SIG-15",
        "online / active",
        ACTIVE,
        reading(bg(-200, -200, "phone"), busy_until=600),
    ),
    row(
        "SIG-16",
        "busy / calendar",
        reading(ACTIVE, busy_until=600, dnd=True),
        busy_in_do_not_disturb=True,
    ),
    row("SIG-17", "online / active", reading(ACTIVE, dnd=True)),
    row("SIG-18", "busy / do_not_disturb", reading(ACTIVE, dnd=True), busy_in_do_not_disturb=True),
    row(
        "SIG-19",
        "busy / do_not_disturb",
        reading(ACTIVE, dnd=True),
        busy_in_do_not_disturb=True,
        quiet_hours=QUIET_NOW,
    ),
    row(
        "SIG-20",
        "busy / in_call",
        bg(-10, -1200),
        reading(fg(-10, -1200, "phone"), in_call=True),
    ),
    # Several devices.
    row("DEV-1", "online / active", bg(-10, -60), fg(-10, -60, "phone")),
    row("DEV-2", "online / active", off(-5, -5), fg(-10, -60, "phone")),
    row("DEV-3", "online / active", fg(-10, -600), off(-30, -30, "phone")),
    row("DEV-4", "away / background", fg(-200, -60), bg(-10, -60, "phone")),
    row("DEV-5", "away / disconnected", fg(-200, -200), bg(-150, -150, "phone")),
    row("DEV-6", "offline / signed_out", off(-10, -10), off(-20, -20, "phone")),
]


@pytest.mark.parametrize(("situation", "expected"), EFFECTIVE_ROWS)
def test_effective_status(situation: Situation, expected: str) -> None:
    result = situation.at(T)
    assert shown(result.status, result.reason) == expected
    assert result.accepting_sessions is (result.status is ONLINE)


ACCEPTING_ROWS = [
    row("ACC-1", ("online / active", True), ACTIVE),
    row("ACC-2", ("busy / at_capacity", False), ACTIVE, sessions=3),
    row("ACC-3", ("away / background", False), bg(-10, -60)),
    row(
        "ACC-4",
        ("online / admin_override", True),
        preference=OFFLINE,
        admin_override=AdminOverride(ONLINE),
    ),
]


@pytest.mark.parametrize(("situation", "expected"), ACCEPTING_ROWS)
def test_accepting_sessions(situation: Situation, expected: tuple[str, bool]) -> None:
    result = situation.at(T)
    assert (shown(result.status, result.reason), result.accepting_sessions) == expected


EXPIRY_ROWS = [
    row("EXP-1", ("busy / manual", BUSY), ACTIVE, preference=BUSY, preference_expires_at=at(3600)),
    row("EXP-2", ("online / active", ONLINE), ACTIVE, preference=BUSY, preference_expires_at=T),
    row(
        "EXP-3",
        ("away / background", ONLINE),
        bg(-10, -60),
        preference=OFFLINE,
        preference_expires_at=at(-1),
    ),
    row(
        "EXP-4",
        ("busy / quiet_hours", ONLINE),
        ACTIVE,
        preference=BUSY,
        preference_expires_at=at(-1),
        quiet_hours=QUIET_NOW,
    ),
]


@pytest.mark.parametrize(("situation", "expected"), EXPIRY_ROWS)
def test_preference_expiry(situation: Situation, expected: tuple[str, Status]) -> None:
    result = situation.at(T)
    assert (shown(result.status, result.reason), result.preference) == expected


USER = Role.USER
USER_ROWS = [
    row("USR-1", "online / active", ACTIVE, role=USER),
    row("USR-2", "busy / manual", ACTIVE, role=USER, preference=BUSY),
    row("USR-3", "offline / signed_out", off(-10, -10), role=USER, preference=BUSY),
    row("USR-4", "online / in_session", ACTIVE, role=USER, sessions=5, quiet_hours=QUIET_NOW),
    row("USR-5", "away / background", bg(-10, -60), role=USER, preference=AWAY),
    row("USR-6", "online / active", ACTIVE, role=USER, preference=OFFLINE),
    row("USR-7", "online / active", ACTIVE, role=USER, admin_override=AdminOverride(BUSY)),
    row("USR-8", "online / active", reading(fg(-10, -1200), in_call=True), role=USER),
]


@pytest.mark.parametrize(("situation", "expected"), USER_ROWS)
def test_regular_user(situation: Situation, expected: str) -> None:
    result = situation.at(T)
    assert shown(result.status, result.reason) == expected
    assert result.accepting_sessions is False
    assert result.max_concurrent_sessions is None


CHANGES_AT_ROWS = [
    row("CH-1", ("online / active", at(50), "away / idle"), fg(0, -250)),
    row("CH-2", ("away / background", at(50), "offline / inactive"), bg(0, -850)),
    row("CH-3", ("online / active", at(90.000001), "away / disconnected"), fg(-10, -60)),
    row(
        "CH-4",
        ("online / active", at(60), "busy / quiet_hours"),
        fg(0, 0),
        quiet_hours=quiet("12:01", "13:00"),
    ),
    row(
        "CH-5",
        ("busy / quiet_hours", at(60), "online / active"),
        fg(0, 0),
        quiet_hours=quiet("11:00", "12:01"),
    ),
    row(
        "CH-6",
        ("busy / manual", at(30), "online / active"),
        fg(0, 0),
        preference=BUSY,
        preference_expires_at=at(30),
    ),
    row(
        "CH-7",
        ("busy / admin_override", at(30), "online / active"),
        fg(0, 0),
        admin_override=AdminOverride(BUSY, at(30)),
    ),
    row("CH-8", ("busy / manual", at(840), "offline / inactive"), fg(-10, -60), preference=BUSY),
    row(
        "CH-9",
        ("offline / manual", None, None),
        fg(0, 0),
        preference=OFFLINE,
        quiet_hours=quiet("12:01", "13:00"),
    ),
    row("CH-10", ("offline / signed_out", None, None), off(-10, -10)),
    row("CH-11", ("offline / signed_out", None, None)),
    row(
        "CH-12",
        ("away / manual", at(30), "online / active"),
        fg(0, 0),
        preference=AWAY,
        preference_expires_at=at(30),
    ),
    row("CH-13", ("busy / wrap_up", at(60), "online / active"), fg(0, 0), wrap_up_until=at(60)),
    row("CH-14", ("busy / calendar", at(90), "online / active"), reading(fg(0, 0), busy_until=90)),
    row(
        "CH-15",
        ("busy / in_call", at(100.000001), "offline / inactive"),
        reading(fg(0, -1200), in_call=True),
    ),
    row("CH-16", ("busy / wrap_up", at(60), "away / idle"), fg(0, -250), wrap_up_until=at(60)),
]


@pytest.mark.parametrize(("situation", "expected"), CHANGES_AT_ROWS)
def test_changes_at(
    situation: Situation, expected: tuple[str, datetime | None, str | None]
) -> None:
    now_shown, changes_at, then_shown = expected
    result = situation.at(T)
    assert shown(result.status, result.reason) == now_shown
    assert result.changes_at == changes_at
    if changes_at is not None:
        assert situation.shown_at(changes_at) == then_shown


def quiet_row(row_id: str, window: QuietHours, now: str, inside: bool) -> ParameterSet:
    return pytest.param(window, utc(now), inside, id=row_id)


NY, LONDON = "America/New_York", "Europe/London"
QUIET_HOURS_ROWS = [
    quiet_row("QH-1", quiet("22:00", "08:00"), "2026-06-15 23:00", True),
    quiet_row("QH-2", quiet("22:00", "08:00"), "2026-06-16 07:59:59", True),
    quiet_row("QH-3", quiet("22:00", "08:00"), "2026-06-15 22:00", True),
    quiet_row("QH-4", quiet("22:00", "08:00"), "2026-06-16 08:00", False),
    quiet_row("QH-5", quiet("22:00", "08:00", days="fri"), "2026-06-20 03:00", True),
    quiet_row("QH-6", quiet("22:00", "08:00", days="fri"), "2026-06-20 23:00", False),
    quiet_row("QH-7", quiet("22:00", "08:00", days="fri"), "2026-06-19 03:00", False),
    quiet_row("QH-8", quiet("22:00", "08:00", LONDON), "2026-06-15 21:30", True),
    quiet_row("QH-9", quiet("00:00", "23:59", enabled=False), "2026-06-15 12:00", False),
    quiet_row("QH-10", quiet("12:00", "12:00"), "2026-06-15 12:00", False),
    quiet_row("QH-11", quiet("02:30", "04:00", NY), "2026-03-08 07:15", False),
    quiet_row("QH-12", quiet("02:30", "04:00", NY), "2026-03-08 07:30", True),
    quiet_row("QH-13", quiet("22:00", "08:00", LONDON), "2026-03-29 06:59", True),
    quiet_row("QH-14", quiet("22:00", "08:00", LONDON), "2026-03-29 07:00", False),
    quiet_row("QH-15", quiet("01:30", "03:00", NY), "2026-11-01 05:30", True),
    quiet_row("QH-16", quiet("00:00", "01:30", NY), "2026-11-01 06:15", False),
    quiet_row("QH-17", quiet("22:00", "08:00", LONDON), "2026-10-25 07:30", True),
    quiet_row("QH-18", quiet("01:00", "01:30", LONDON), "2026-10-25 01:15", False),
]


@pytest.mark.parametrize(("window", "now", "inside"), QUIET_HOURS_ROWS)
def test_quiet_hours(window: QuietHours, now: datetime, inside: bool) -> None:
    assert in_quiet_hours(window, now) is inside
    # E shows it: a professional held online is busy exactly inside the window.
    situation = Situation(Availability(quiet_hours=window, admin_override=AdminOverride(ONLINE)))
    expected = "busy / quiet_hours" if inside else "online / admin_override"
    assert situation.shown_at(now) == expected


ALL_ROWS = [
    *AUTOMATIC_ROWS,
    *EFFECTIVE_ROWS,
    *ACCEPTING_ROWS,
    *EXPIRY_ROWS,
    *USER_ROWS,
    *CHANGES_AT_ROWS,
    *QUIET_HOURS_ROWS,
]
# A row id starts with a capital and holds a number: A1, A3b, E-busy-2, QH-13.
ROW_ID = re.compile(r"^\|\s*([A-Z][A-Za-z-]*[0-9]+[a-z]?)\s*\|", re.MULTILINE)


def test_every_doc_row_has_a_test_and_every_test_a_row() -> None:
    doc_ids = ROW_ID.findall(DOC.read_text(encoding="utf-8"))
    test_ids = [param.id for param in ALL_ROWS]
    assert len(doc_ids) == len(set(doc_ids)), "an id appears twice in the doc"
    assert len(test_ids) == len(set(test_ids)), "an id appears twice in the tests"
    assert set(doc_ids) == set(test_ids)
