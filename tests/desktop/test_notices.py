"""Notifications come only for changes the person did not make."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.notices import notice_for


def status(kind: str, reason: str, sessions: int = 0) -> dict[str, Any]:
    return {
        "status": kind,
        "reason": reason,
        "active_sessions": sessions,
        "max_concurrent_sessions": 3,
    }


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
    old: dict[str, Any], new: dict[str, Any], title: str
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
def test_the_persons_own_changes_are_not(old: dict[str, Any] | None, new: dict[str, Any]) -> None:
    assert notice_for(old, new) is None
