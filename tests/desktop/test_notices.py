"""Notifications come only for changes the person did not make."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from desktop.wording.notices import notice_for
from presence import EffectiveStatus, Reason, Status
from tests.support.documents import (
    NOW,
    availability,
    effective_status,
    override,
    quiet_hours,
)


def status(kind: str, reason: str, sessions: int = 0) -> EffectiveStatus:
    return effective_status(Status(kind), Reason(reason), active_sessions=sessions)


@pytest.mark.parametrize(
    ("old", "new", "title"),
    [
        (status("online", "active"), status("away", "idle"), "You are away"),
        (status("online", "active"), status("away", "background"), "You are away"),
        (status("away", "idle"), status("online", "active"), "Back online"),
        (status("online", "active", 2), status("busy", "at_capacity", 2), "At capacity"),
        (
            status("online", "in_session", 2),
            status("busy", "at_capacity", 3),
            "Session started — at capacity",
        ),
        (status("online", "active"), status("busy", "quiet_hours"), "Quiet hours"),
        (status("online", "active"), status("online", "in_session", 1), "Session started"),
        (status("busy", "at_capacity", 2), status("busy", "at_capacity", 3), "Session started"),
        (status("online", "active"), status("busy", "admin_override"), "Status set by an admin"),
    ],
)
def test_automatic_changes_are_announced(
    old: EffectiveStatus, new: EffectiveStatus, title: str
) -> None:
    notice = notice_for(old, new, None, NOW)
    assert notice is not None
    assert notice[0] == title


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, status("online", "active")),
        (status("online", "active"), status("online", "active")),
        (status("online", "active"), status("busy", "manual")),
        (status("busy", "manual"), status("online", "active")),
        (status("online", "active"), status("offline", "manual")),
        (status("away", "manual"), status("online", "active")),
        (status("online", "in_session", 1), status("online", "active", 0)),
    ],
)
def test_the_persons_own_changes_are_not(old: EffectiveStatus | None, new: EffectiveStatus) -> None:
    assert notice_for(old, new, None, NOW) is None


def test_an_admin_override_says_who_set_what_and_until_when() -> None:
    document = availability(
        admin_override=override(
            until=NOW + timedelta(hours=2), note="Team meeting", set_by="Dana Admin"
        )
    )
    notice = notice_for(status("online", "active"), status("busy", "admin_override"), document, NOW)
    assert notice == (
        "Status set by an admin",
        "Busy — set by Dana Admin until 12:00 (“Team meeting”). "
        "Your own choice applies again when it ends.",
    )


def test_quiet_hours_say_when_they_end() -> None:
    document = availability(quiet_hours=quiet_hours(end=time(7, 30)))
    notice = notice_for(status("online", "active"), status("busy", "quiet_hours"), document, NOW)
    assert notice == ("Quiet hours", "Quiet hours started; you show as busy until 07:30.")


def test_a_session_says_how_many_of_the_maximum() -> None:
    notice = notice_for(status("online", "active"), status("online", "in_session", 1), None, NOW)
    assert notice == ("Session started", "You now have 1 of 3 sessions.")
    uncapped = effective_status(
        Status.ONLINE, Reason.IN_SESSION, active_sessions=2, max_concurrent_sessions=None
    )
    assert notice_for(status("online", "active"), uncapped, None, NOW) == (
        "Session started",
        "You now have 2 sessions.",
    )


def test_a_lock_is_announced_as_a_lock_not_as_no_activity() -> None:
    locked = notice_for(status("online", "active"), status("away", "background"), None, NOW)
    assert locked == ("You are away", "Your screen is locked, so new clients see you as away.")
    idle = notice_for(status("online", "active"), status("away", "idle"), None, NOW)
    assert idle == ("You are away", "No activity for a while, so new clients see you as away.")
