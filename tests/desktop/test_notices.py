"""Notifications come only for changes the person did not make."""

from __future__ import annotations

import pytest

from desktop.wording.notices import notice_for
from presence import EffectiveStatus, Reason, Status
from tests.support.documents import effective_status


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
    notice = notice_for(old, new)
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
    assert notice_for(old, new) is None


def test_an_admin_override_names_the_status_it_set() -> None:
    notice = notice_for(status("online", "active"), status("busy", "admin_override"))
    assert notice == ("Status set by an admin", "An admin set your status to Busy.")


def test_a_session_says_how_many_of_the_maximum() -> None:
    notice = notice_for(status("online", "active"), status("online", "in_session", 1))
    assert notice == ("Session started", "You now have 1 of 3 sessions.")
    uncapped = effective_status(
        Status.ONLINE, Reason.IN_SESSION, active_sessions=2, max_concurrent_sessions=None
    )
    assert notice_for(status("online", "active"), uncapped) == (
        "Session started",
        "You now have 2 sessions.",
    )


def test_a_lock_is_announced_as_a_lock_not_as_no_activity() -> None:
    locked = notice_for(status("online", "active"), status("away", "background"))
    assert locked == ("You are away", "Your screen is locked, so new clients see you as away.")
    idle = notice_for(status("online", "active"), status("away", "idle"))
    assert idle == ("You are away", "No activity for a while, so new clients see you as away.")
