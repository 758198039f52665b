"""The wrap-up after a session: busy for a while to write notes, then available again."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from server.domain.context import Work
from server.domain.errors import Conflict
from server.store.availability import StoredAvailability, load_availability, store_availability
from server.store.devices import count_session_end_as_activity
from server.store.sessions import Session, active_session_counts, end_session, session_by_id


def _store(
    work: Work, user_id: str, stored: StoredAvailability, until: datetime | None, now: datetime
) -> StoredAvailability:
    edited = dataclasses.replace(stored.availability, wrap_up_until=until)
    if edited == stored.availability:
        return stored
    version = stored.version + 1
    store_availability(work.connection, user_id, edited, version, now)
    work.touched(user_id)
    return StoredAvailability(edited, version, stored.override_by_name)


def end_session_with_wrap_up(work: Work, session: Session, now: datetime) -> Session:
    """End `session`. The person was working through it, so its end counts as their
    last activity; when no other session is left running, their wrap-up starts."""
    professional_id = session.professional_id
    stored = load_availability(work.connection, professional_id, for_update=True)
    # Read again under the professional's lock: another end may have come first (the
    # caller read `session` before the lock), and ending it again would restart a
    # wrap-up that "I'm ready" had closed.
    current = session_by_id(work.connection, session.id)
    if current is None or current.ended_at is not None:
        return current or session
    ended = end_session(work.connection, current, now)
    count_session_end_as_activity(work.connection, professional_id, now)
    work.touched(professional_id)
    minutes = stored.availability.wrap_up_minutes
    if minutes and active_session_counts(work.connection, [professional_id])[professional_id] == 0:
        _store(work, professional_id, stored, now + timedelta(minutes=minutes), now)
    return ended


def clear_wrap_up_for_a_new_session(
    work: Work, professional_id: str, stored: StoredAvailability, now: datetime
) -> None:
    """A session that starts ends the wrap-up under way; its own end starts a new one."""
    _store(work, professional_id, stored, None, now)


def extend_wrap_up(work: Work, user_id: str, minutes: int, now: datetime) -> StoredAvailability:
    """ "Extend": the wrap-up under way lasts `minutes` longer."""
    stored = load_availability(work.connection, user_id, for_update=True)
    until = stored.availability.wrap_up_until
    if until is None or until <= now:
        raise Conflict(
            "No wrap-up under way",
            "You are not wrapping up a session, so there is nothing to extend. A wrap-up "
            "starts when a session ends and none is left running.",
        )
    return _store(work, user_id, stored, until + timedelta(minutes=minutes), now)


def end_wrap_up(work: Work, user_id: str, now: datetime) -> StoredAvailability:
    """ "I'm ready": the wrap-up ends now. Ending none changes nothing."""
    stored = load_availability(work.connection, user_id, for_update=True)
    return _store(work, user_id, stored, None, now)
