"""Starting a session, with the capacity and mode checks the platform relies on."""

from __future__ import annotations

from datetime import datetime

from presence import Role
from server.domain.context import Work
from server.domain.errors import Conflict, NotFound
from server.domain.people import load_people
from server.domain.wrap_up import clear_wrap_up_for_a_new_session
from server.store.availability import load_availability
from server.store.sessions import Session, active_session_counts, start_session

MODE_FLAGS = {"online": "online_availability", "in_person": "in_person_availability"}
MODE_WORDS = {"online": "online", "in_person": "in-person"}


def start_checked_session(
    work: Work, now: datetime, professional_id: str, mode: str, *, force: bool
) -> Session:
    connection = work.connection
    if not load_people(connection, [professional_id], role=Role.PROFESSIONAL):
        raise NotFound(f"There is no professional with id {professional_id}.")
    # Locks the professional's row on PostgreSQL, so two starts cannot both pass the check.
    stored = load_availability(connection, professional_id, for_update=True)
    availability = stored.availability
    active = active_session_counts(connection, [professional_id])[professional_id]
    if not force:
        if not getattr(availability, MODE_FLAGS[mode]):
            raise Conflict(
                "Mode switched off",
                f"This professional is not taking {MODE_WORDS[mode]} sessions. "
                'Send "force": true to start it anyway.',
            )
        if active >= availability.max_concurrent_sessions:
            raise Conflict(
                "At capacity",
                f"This professional is in {active} of {availability.max_concurrent_sessions} "
                'sessions already. Send "force": true to start it anyway.',
            )
    session = start_session(
        connection, professional_id, mode, work.caller.id if work.caller else None, now
    )
    clear_wrap_up_for_a_new_session(work, professional_id, stored, now)
    work.touched(professional_id)
    return session
