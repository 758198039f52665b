"""Which status changes deserve a desktop notification, and what it says.

Only changes the person did not make themselves: auto-away, back online, capacity
reached, quiet hours started, and a session starting.
"""

from __future__ import annotations

from typing import Any


def notice_for(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, str] | None:
    """(title, text) for a notification, or None when this change needs none."""
    if old is None:
        return None
    if new.get("active_sessions", 0) > old.get("active_sessions", 0):
        count = new.get("active_sessions", 0)
        capacity = new.get("max_concurrent_sessions")
        of = f" of {capacity}" if capacity is not None else ""
        text = f"You now have {count}{of} sessions."
        if new.get("reason") == "at_capacity" and old.get("reason") != "at_capacity":
            return "Session started — at capacity", text + " You show as busy until one ends."
        return "Session started", text
    before, after = old.get("status"), new.get("status")
    reason = new.get("reason")
    if before == after and old.get("reason") == reason:
        return None
    if after == "away" and reason in ("idle", "background") and before == "online":
        return "You are away", "No activity for a while, so new clients see you as away."
    if after == "online" and before == "away" and old.get("reason") in ("idle", "background"):
        return "Back online", "Welcome back: you can take sessions again."
    if after == "busy" and reason == "at_capacity" and before != "busy":
        return "At capacity", "You have reached your maximum sessions; you show as busy."
    if after == "busy" and reason == "quiet_hours" and before != "busy":
        return "Quiet hours", "Quiet hours started; you show as busy until they end."
    if reason == "admin_override" and old.get("reason") != "admin_override":
        return "Status set by an admin", f"An admin set your status to {after}."
    return None
