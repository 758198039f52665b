"""What the app says about a status, in words: tray tooltip, reasons, choices.

Pure functions of the server's documents and `now`, shared by the tray, the window,
notifications and the command line.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TOOLTIP_LIMIT = 127

STATUS_LABELS = {"online": "Online", "busy": "Busy", "away": "Away", "offline": "Offline"}

CHOICES = {
    "online": "Follows your activity: away when you step away, offline when you quit.",
    "busy": "Takes no new sessions while the app runs; online again when the time you chose ends.",
    "away": "Shows away while the app runs, even when you are at the computer.",
    "offline": "Appear offline everywhere, even while you work.",
}

SHORT_REASONS = {
    "in_session": "in session",
    "idle": "no activity",
    "background": "screen locked",
    "disconnected": "not connected",
    "inactive": "inactive",
    "signed_out": "signed out",
    "admin_override": "set by an admin",
    "at_capacity": "at capacity",
    "quiet_hours": "quiet hours",
    "not_accepting": "not taking sessions",
}

SYNC_LABELS = {
    "synced": "Synced",
    "saving": "Saving…",
    "offline": "Connecting to the server…",
    "starting": "Starting…",
    "signed_out": "Not signed in",
}

# While offline, what is wrong (desktop.sync.errors.PROBLEMS): the window's line, the
# tooltip's and the command line's words.
PROBLEM_LABELS = {
    "unreachable": "Cannot reach the server — changes will sync when it is back",
    "server_error": "The server has a problem — changes will sync when it is fixed",
    "slow": "The server is not answering in time — changes will sync when it does",
    "too_many_devices": (
        "Your account has the most devices the server allows — quit the app on one you "
        "no longer use"
    ),
}
PROBLEM_WORDS = {
    "unreachable": "the server cannot be reached",
    "server_error": "the server has a problem",
    "slow": "the server is slow to answer",
    "too_many_devices": "the account has too many devices running",
}
SHORT_PROBLEMS = {
    "unreachable": "server unreachable",
    "server_error": "server problem",
    "slow": "server slow",
    "too_many_devices": "too many devices",
}


def sync_label(state: str, problem: str = "") -> str:
    """The window's sync line: 'Synced', or while offline, what is wrong."""
    if state == "offline" and problem in PROBLEM_LABELS:
        return PROBLEM_LABELS[problem]
    return SYNC_LABELS.get(state, state)


def not_synced(problem: str = "") -> str:
    """'not synced', and why when known: 'not synced: server slow'."""
    short = SHORT_PROBLEMS.get(problem)
    return f"not synced: {short}" if short else "not synced"


def start_of_tomorrow(now: datetime) -> datetime:
    """The start of the next local day, with that day's own UTC offset."""
    local = now.astimezone()
    next_day = (local + timedelta(days=1)).date()
    return datetime(next_day.year, next_day.month, next_day.day).astimezone()


def parse_time(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


def clock_time(moment: datetime, now: datetime, zone: tzinfo | None = None) -> str:
    """'15:00' today, 'Tue 09:00' within a week, else '2 Dec 09:00', in local time."""
    local, today = moment.astimezone(zone), now.astimezone(zone)
    days = (local.date() - today.date()).days
    if days == 0:
        return local.strftime("%H:%M")
    if days == 1:
        return local.strftime("tomorrow %H:%M")
    if 0 < days < 7:
        return local.strftime("%a %H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    return f"{hours} hour{'s' if hours != 1 else ''}"


def modes(availability: dict[str, Any] | None) -> str:
    if availability is None:
        return ""
    online = availability.get("online_availability", False)
    in_person = availability.get("in_person_availability", False)
    if online and in_person:
        return "online & in person"
    if online:
        return "online only"
    if in_person:
        return "in person only"
    return "no session modes on"


def sessions(status: dict[str, Any]) -> str:
    active = status.get("active_sessions", 0)
    capacity = status.get("max_concurrent_sessions")
    if capacity is None:
        return f"{active} session{'s' if active != 1 else ''}"
    return f"{active} of {capacity} sessions"


# Choices that decide the status by themselves while the app runs (DESIGN.md section 3).
SELF_DECIDING = ("busy", "away", "offline")


def shown_status(
    status: dict[str, Any] | None, availability: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The status to show: the server's, or the person's own choice while it waits to sync.

    Busy, away and offline decide the status by themselves while the app runs, so a
    choice made with the server out of reach can be shown at once. Online depends on
    activity and the caps, which only the server knows.
    """
    if status is None or availability is None or availability.get("admin_override"):
        return status
    chosen = availability.get("preference")
    if chosen in SELF_DECIDING and chosen != status.get("preference"):
        return {**status, "status": chosen, "reason": "manual", "preference": chosen}
    return status


def status_title(status: dict[str, Any] | None) -> str:
    """'Busy (at capacity)', 'Away (no activity)', 'Online'."""
    if status is None:
        return "Not connected yet"
    title = STATUS_LABELS.get(status.get("status", ""), "Unknown")
    short = SHORT_REASONS.get(status.get("reason", ""))
    return f"{title} ({short})" if short else title


def tooltip(
    status: dict[str, Any] | None,
    availability: dict[str, Any] | None,
    sync_state: str = "synced",
    problem: str = "",
) -> str:
    """The tray tooltip: 'Busy (at capacity) · 3 of 3 sessions · online & in person'."""
    parts = [status_title(status)]
    if status is not None:
        parts.append(sessions(status))
    if availability is not None:
        parts.append(modes(availability))
    if sync_state != "synced":
        parts.append("saving…" if sync_state == "saving" else not_synced(problem))
    text = " · ".join(part for part in parts if part)
    return text if len(text) <= TOOLTIP_LIMIT else text[: TOOLTIP_LIMIT - 1] + "…"


def explanation(
    status: dict[str, Any] | None,
    availability: dict[str, Any] | None,
    now: datetime,
    zone: tzinfo | None = None,
) -> str:
    """Why the status is what it is, in one sentence: 'Away — no activity for 6 minutes.'"""
    if status is None:
        return "Waiting for the status server…"
    label = STATUS_LABELS.get(status["status"], status["status"])
    return f"{label} — {reason_words(status, availability, now, zone)}."


def same_offset(zone_name: str, now: datetime, zone: tzinfo | None = None) -> bool:
    """Whether the IANA zone `zone_name` reads the same clock as the local one now."""
    try:
        other = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return now.astimezone(other).utcoffset() == now.astimezone(zone).utcoffset()


def reason_words(
    status: dict[str, Any],
    availability: dict[str, Any] | None,
    now: datetime,
    zone: tzinfo | None = None,
) -> str:
    """The reason alone, in words: 'no activity for 6 minutes'."""
    reason = status.get("reason", "")
    last_active = parse_time(status.get("last_active_at"))
    idle_for = duration((now - last_active).total_seconds()) if last_active else None
    why: str
    if reason == "active":
        why = "you are active at the computer"
    elif reason == "in_session":
        why = "you are in a session"
    elif reason in ("idle", "inactive"):
        why = f"no activity for {idle_for}" if idle_for else "no recent activity"
    elif reason == "background":
        why = "the screen is locked"
    elif reason == "disconnected":
        why = "this computer has not reached the server for a while"
    elif reason == "signed_out":
        why = "the app is not running anywhere"
    elif reason == "manual":
        expires = parse_time((availability or {}).get("preference_expires_at"))
        chosen = {"busy": "busy", "away": "away", "offline": "to appear offline"}
        why = f"you chose {chosen.get(status['status'], status['status'])}"
        if expires is not None:
            why += f" until {clock_time(expires, now, zone)}"
    elif reason == "admin_override":
        override = (availability or {}).get("admin_override") or {}
        who = (override.get("set_by") or {}).get("display_name") or "an admin"
        why = f"set by {who}"
        until = parse_time(override.get("until"))
        if until is not None:
            why += f" until {clock_time(until, now, zone)}"
        if override.get("note"):
            why += f" (“{override['note']}”)"
    elif reason == "at_capacity":
        why = f"{sessions(status)}, your maximum"
    elif reason == "quiet_hours":
        quiet = (availability or {}).get("quiet_hours") or {}
        why = "quiet hours"
        if quiet.get("end"):
            why += f" until {quiet['end']}"
            if quiet.get("timezone") and not same_offset(quiet["timezone"], now, zone):
                why += f" ({quiet['timezone']})"
    elif reason == "not_accepting":
        why = "neither online nor in-person sessions are switched on"
    else:
        why = reason.replace("_", " ")
    return why


def status_line(status: dict[str, Any], availability: dict[str, Any] | None, now: datetime) -> str:
    """One line for the command line and status bars."""
    why = reason_words(status, availability, now)
    return f"{status_title(status)} · {sessions(status)} · {why}"
