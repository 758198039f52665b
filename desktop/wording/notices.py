"""Which status changes deserve a desktop notification, and what it says.

Only changes the person did not make themselves: auto-away, back online, capacity
reached, quiet hours started, a wrap-up started, a session starting, and an admin's
override. A call, a calendar event or Do Not Disturb tell nothing: the person knows.
"""

from __future__ import annotations

from datetime import datetime

from desktop.wording.status_words import override_words, quiet_end, running_wrap_up
from desktop.wording.times import clock_time
from desktop.wording.translate import tr
from presence import EffectiveStatus, Reason, Status
from presence.documents import AvailabilityDocument

AUTOMATIC_AWAY = (Reason.IDLE, Reason.BACKGROUND)


def notice_for(
    old: EffectiveStatus | None,
    new: EffectiveStatus,
    availability: AvailabilityDocument | None,
    now: datetime,
) -> tuple[str, str] | None:
    """(title, text) for a notification, or None when this change needs none.

    It says until when, and who, wherever the documents tell.
    """
    if old is None:
        return None
    if new.active_sessions > old.active_sessions:
        return _session_started(old, new)
    before, after, reason = old.status, new.status, new.reason
    if before == after and old.reason == reason:
        return None
    if after is Status.AWAY and reason is Reason.BACKGROUND and before is Status.ONLINE:
        return tr("You are away"), tr("Your screen is locked, so new clients see you as away.")
    if after is Status.AWAY and reason in AUTOMATIC_AWAY and before is Status.ONLINE:
        return tr("You are away"), tr("No activity for a while, so new clients see you as away.")
    if after is Status.ONLINE and before is Status.AWAY and old.reason in AUTOMATIC_AWAY:
        return tr("Back online"), tr("Welcome back: you can take sessions again.")
    if after is Status.BUSY and reason is Reason.AT_CAPACITY and before is not Status.BUSY:
        return tr("At capacity"), tr("You have reached your maximum sessions; you show as busy.")
    if after is Status.BUSY and reason is Reason.QUIET_HOURS and before is not Status.BUSY:
        if availability is None:
            return tr("Quiet hours"), tr("Quiet hours started; you show as busy until they end.")
        return tr("Quiet hours"), tr(
            "Quiet hours started; you show as busy until {time}.",
            time=quiet_end(availability, now),
        )
    if reason is Reason.WRAP_UP and old.reason is not Reason.WRAP_UP:
        until = running_wrap_up(availability, now)
        if until is None:
            return tr("Wrapping up"), tr("Time for your notes: you show as busy for a while.")
        return tr("Wrapping up"), tr(
            "Time for your notes: you show as busy until {time}.", time=clock_time(until, now)
        )
    if reason is Reason.ADMIN_OVERRIDE and old.reason is not Reason.ADMIN_OVERRIDE:
        if availability is None or availability.admin_override is None:
            return tr("Status set by an admin"), tr("An admin set your status.")
        return tr("Status set by an admin"), tr(
            "{override}. Your own choice applies again when it ends.",
            override=override_words(availability, now),
        )
    return None


def _session_started(old: EffectiveStatus, new: EffectiveStatus) -> tuple[str, str]:
    count, capacity = new.active_sessions, new.max_concurrent_sessions
    if capacity is None:
        text = tr("You now have {count} sessions.", count=count)
    else:
        text = tr("You now have {count} of {capacity} sessions.", count=count, capacity=capacity)
    if new.reason is Reason.AT_CAPACITY and old.reason is not Reason.AT_CAPACITY:
        return tr("Session started — at capacity"), tr(
            "{text} You show as busy until one ends.", text=text
        )
    return tr("Session started"), text
