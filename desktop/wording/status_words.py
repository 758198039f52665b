"""What the app says about a status: tray tooltip, titles, reasons, choices.

Functions of the typed documents and `now`, shared by the tray, the window,
notifications and the command line.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import presence
from desktop.wording.times import clock_time, duration, time_of_day
from desktop.wording.translate import QT_TR_NOOP, tr
from presence import EffectiveStatus, Reason, Status
from presence.documents import AvailabilityDocument
from presence.model import StatusNote

TOOLTIP_LIMIT = 127

_LABELS = {
    Status.ONLINE: QT_TR_NOOP("Online"),
    Status.BUSY: QT_TR_NOOP("Busy"),
    Status.AWAY: QT_TR_NOOP("Away"),
    Status.OFFLINE: QT_TR_NOOP("Offline"),
}

_CHOICES = {
    Status.ONLINE: QT_TR_NOOP(
        "Follows your activity: away when you step away, offline when you quit."
    ),
    Status.BUSY: QT_TR_NOOP(
        "Takes no new sessions while the app runs; online again when the time you chose ends."
    ),
    Status.AWAY: QT_TR_NOOP("Shows away while the app runs, even when you are at the computer."),
    Status.OFFLINE: QT_TR_NOOP("Appear offline everywhere, even while you work."),
}

_SHORT_REASONS = {
    Reason.IN_SESSION: QT_TR_NOOP("in session"),
    Reason.IDLE: QT_TR_NOOP("no activity"),
    Reason.BACKGROUND: QT_TR_NOOP("screen locked"),
    Reason.DISCONNECTED: QT_TR_NOOP("not connected"),
    Reason.INACTIVE: QT_TR_NOOP("inactive"),
    Reason.SIGNED_OUT: QT_TR_NOOP("signed out"),
    Reason.ADMIN_OVERRIDE: QT_TR_NOOP("set by an admin"),
    Reason.AT_CAPACITY: QT_TR_NOOP("at capacity"),
    Reason.IN_CALL: QT_TR_NOOP("in a call"),
    Reason.WRAP_UP: QT_TR_NOOP("wrapping up"),
    Reason.CALENDAR: QT_TR_NOOP("calendar event"),
    Reason.DO_NOT_DISTURB: QT_TR_NOOP("Do Not Disturb"),
    Reason.QUIET_HOURS: QT_TR_NOOP("quiet hours"),
    Reason.NOT_ACCEPTING: QT_TR_NOOP("not taking sessions"),
}


def status_label(status: Status) -> str:
    """'Online', 'Busy', 'Away', 'Offline'."""
    return tr(_LABELS[status])


def choice_hint(status: Status) -> str:
    """What choosing `status` does, in one sentence."""
    return tr(_CHOICES[status])


def modes(availability: AvailabilityDocument | None) -> str:
    if availability is None:
        return ""
    online, in_person = availability.online_availability, availability.in_person_availability
    # "Online" is a status: the session mode is "remote", so one word means one thing.
    if online and in_person:
        return tr("remote & in person")
    if online:
        return tr("remote only")
    if in_person:
        return tr("in person only")
    return tr("no session modes on")


def sessions(status: EffectiveStatus) -> str:
    active, capacity = status.active_sessions, status.max_concurrent_sessions
    if capacity is None:
        return tr("1 session") if active == 1 else tr("{count} sessions", count=active)
    return tr("{active} of {capacity} sessions", active=active, capacity=capacity)


def status_title(status: EffectiveStatus | None) -> str:
    """'Busy (at capacity)', 'Away (no activity)', 'Online'."""
    if status is None:
        return tr("Not connected yet")
    title = status_label(status.status)
    short = _SHORT_REASONS.get(status.reason)
    return tr("{status} ({reason})", status=title, reason=tr(short)) if short else title


def tooltip(
    status: EffectiveStatus | None,
    availability: AvailabilityDocument | None,
    connection: str,
    now: datetime,
) -> str:
    """The tray tooltip: 'Busy (quiet hours until 07:00) · 0 of 3 sessions · remote only'.

    It says until when and who set it, where known. `connection` is what is worth
    saying about the link to the server, if anything.
    """
    parts = [short_headline(status, availability, now)]
    if status is not None:
        parts.append(note_words(availability, now))
        parts.append(sessions(status))
    parts.append(modes(availability))
    parts.append(connection)
    text = " · ".join(part for part in parts if part)
    return text if len(text) <= TOOLTIP_LIMIT else text[: TOOLTIP_LIMIT - 1] + "…"


def short_headline(
    status: EffectiveStatus | None, availability: AvailabilityDocument | None, now: datetime
) -> str:
    """The title, with until when (and who) for a choice, an override or quiet hours."""
    if status is None:
        return status_title(None)
    label = status_label(status.status)
    if status.reason is Reason.ADMIN_OVERRIDE:
        return tr("{status} ({why})", status=label, why=_override_reason(availability, now, None))
    if status.reason is Reason.QUIET_HOURS:
        return tr("{status} ({why})", status=label, why=_quiet_reason(availability, now, None))
    wrap_up_until = running_wrap_up(availability, now)
    if status.reason is Reason.WRAP_UP and wrap_up_until is not None:
        return tr(
            "{status} (wrapping up until {time})",
            status=label,
            time=clock_time(wrap_up_until, now),
        )
    expires = availability.preference_expires_at if availability is not None else None
    if status.reason is Reason.MANUAL and expires is not None:
        return tr(
            "{status} (your choice, until {time})", status=label, time=clock_time(expires, now)
        )
    return status_title(status)


def explanation(
    status: EffectiveStatus | None,
    availability: AvailabilityDocument | None,
    now: datetime,
    zone: tzinfo | None = None,
) -> str:
    """Why the status is what it is, in one sentence: 'Away — no activity for 6 minutes.'"""
    if status is None:
        return tr("Waiting for the status server…")
    return tr(
        "{status} — {why}.",
        status=status_label(status.status),
        why=reason_words(status, availability, now, zone),
    )


def override_words(availability: AvailabilityDocument, now: datetime) -> str:
    """An admin's override, for the tray and window: 'Busy — set by Dana until 12:00'."""
    override = availability.admin_override
    assert override is not None
    return tr(
        "{status} — {why}",
        status=status_label(override.status),
        why=_override_reason(availability, now, None),
    )


def override_refusal(availability: AvailabilityDocument, now: datetime) -> str:
    """Why a status cannot be chosen while an admin's override holds."""
    return tr(
        "{override}. Your own status applies again when it ends.",
        override=override_words(availability, now),
    )


def same_offset(zone_name: str, now: datetime, zone: tzinfo | None = None) -> bool:
    """Whether the IANA zone `zone_name` reads the same clock as the local one now."""
    try:
        other = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return now.astimezone(other).utcoffset() == now.astimezone(zone).utcoffset()


def _override_reason(
    availability: AvailabilityDocument | None, now: datetime, zone: tzinfo | None
) -> str:
    override = availability.admin_override if availability is not None else None
    if override is None:
        return tr("set by an admin")
    who = override.set_by.display_name if override.set_by is not None else tr("an admin")
    why = tr("set by {who}", who=who)
    if override.until is not None:
        why = tr("{why} until {time}", why=why, time=clock_time(override.until, now, zone))
    if override.note:
        why = tr("{why} (“{note}”)", why=why, note=override.note)
    return why


def reason_words(
    status: EffectiveStatus,
    availability: AvailabilityDocument | None,
    now: datetime,
    zone: tzinfo | None = None,
) -> str:
    """The reason alone, in words: 'no activity for 6 minutes'."""
    reason = status.reason
    if reason is Reason.ACTIVE:
        return tr("you are active at the computer")
    if reason is Reason.IN_SESSION:
        return tr("you are in a session")
    if reason in (Reason.IDLE, Reason.INACTIVE):
        if status.last_active_at is None:
            return tr("no recent activity")
        idle_for = duration((now - status.last_active_at).total_seconds())
        return tr("no activity for {duration}", duration=idle_for)
    if reason is Reason.BACKGROUND:
        return tr("the screen is locked")
    if reason is Reason.DISCONNECTED:
        return tr("this computer has not reached the server for a while")
    if reason is Reason.SIGNED_OUT:
        return tr("the app is not running anywhere")
    if reason is Reason.MANUAL:
        return _manual_reason(status, availability, now, zone)
    if reason is Reason.ADMIN_OVERRIDE:
        return _override_reason(availability, now, zone)
    if reason is Reason.AT_CAPACITY:
        return tr("{sessions}, your maximum", sessions=sessions(status))
    if reason is Reason.QUIET_HOURS:
        return _quiet_reason(availability, now, zone)
    if reason is Reason.IN_CALL:
        return tr("a microphone or camera is in use, so you are in a call")
    if reason is Reason.WRAP_UP:
        until = running_wrap_up(availability, now)
        if until is None:
            return tr("you are wrapping up your last session")
        return tr(
            "you are wrapping up your last session until {time}",
            time=clock_time(until, now, zone),
        )
    if reason is Reason.CALENDAR:
        return tr("your calendar has a busy event now")
    if reason is Reason.DO_NOT_DISTURB:
        return tr("Do Not Disturb is on on your computer")
    return tr("neither online nor in-person sessions are switched on")


def running_wrap_up(availability: AvailabilityDocument | None, now: datetime) -> datetime | None:
    """The end of the wrap-up under way, or None when none is."""
    until = availability.wrap_up_until if availability is not None else None
    return until if until is not None and until > now else None


def wrap_up_countdown(availability: AvailabilityDocument | None, now: datetime) -> str:
    """'Wrapping up: 7 minutes left', for the tray; '' when no wrap-up is under way."""
    until = running_wrap_up(availability, now)
    if until is None:
        return ""
    # Counted up: "less than a minute" only in the last minute, never "0 minutes".
    left = duration((until - now).total_seconds() + 59)
    return tr("Wrapping up: {left} left", left=left)


def _manual_reason(
    status: EffectiveStatus,
    availability: AvailabilityDocument | None,
    now: datetime,
    zone: tzinfo | None,
) -> str:
    why = {
        Status.BUSY: tr("you chose busy"),
        Status.AWAY: tr("you chose away"),
        Status.OFFLINE: tr("you chose to appear offline"),
        Status.ONLINE: tr("you chose online"),
    }[status.status]
    expires = availability.preference_expires_at if availability is not None else None
    if expires is not None:
        why = tr("{why} until {time}", why=why, time=clock_time(expires, now, zone))
    return why


def quiet_end(availability: AvailabilityDocument, now: datetime, zone: tzinfo | None = None) -> str:
    """When quiet hours end: '07:00', or '07:00 (America/New_York)' in another zone's clock."""
    quiet = availability.quiet_hours
    end = time_of_day(quiet.end)
    if same_offset(quiet.timezone, now, zone):
        return end
    return tr("{time} ({zone})", time=end, zone=quiet.timezone)


def _quiet_reason(
    availability: AvailabilityDocument | None, now: datetime, zone: tzinfo | None
) -> str:
    if availability is None:
        return tr("quiet hours")
    return tr("quiet hours until {time}", time=quiet_end(availability, now, zone))


def reason_sentence(
    status: EffectiveStatus,
    availability: AvailabilityDocument | None,
    now: datetime,
    zone: tzinfo | None = None,
) -> str:
    """The reason as a sentence of its own: 'Set by Alex Admin (“Back at 3”).'

    Only the first letter is raised: names, notes and zones keep their own case.
    """
    why = reason_words(status, availability, now, zone)
    return tr("{why}.", why=why[:1].upper() + why[1:])


def status_line(
    status: EffectiveStatus, availability: AvailabilityDocument | None, now: datetime
) -> str:
    """One line for the command line and status bars, with the note if there is one."""
    parts = (
        status_title(status),
        sessions(status),
        reason_words(status, availability, now),
        note_words(availability, now),
    )
    return " · ".join(part for part in parts if part)


def bookable_line(status: EffectiveStatus) -> str:
    """'Clients can book you now: yes' or '…: no', from `accepting_sessions`."""
    if status.accepting_sessions:
        return tr("Clients can book you now: yes")
    return tr("Clients can book you now: no")


def current_note(availability: AvailabilityDocument | None, now: datetime) -> StatusNote | None:
    """The document's status note as it reads at `now`: none once it has run out."""
    return presence.current_note(availability.status_note if availability else None, now)


def note_words(
    availability: AvailabilityDocument | None, now: datetime, zone: tzinfo | None = None
) -> str:
    """'“Back at 14:00”', with until when if it ends: '“Lunch” until 13:00'; or ''."""
    note = current_note(availability, now)
    if note is None:
        return ""
    quoted = tr("“{text}”", text=note.text)
    if note.expires_at is None:
        return quoted
    return tr("{note} until {time}", note=quoted, time=clock_time(note.expires_at, now, zone))
