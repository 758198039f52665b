"""From the rules' value types to the API's documents."""

from __future__ import annotations

from datetime import datetime

from presence import EffectiveStatus, StatusNote
from presence.effective import current_note, current_preference, override_holds
from server.domain.people import PersonState
from server.store.availability import StoredAvailability
from server.store.sessions import Session
from server.wire.schemas import (
    AdminOverrideOut,
    AvailabilityDoc,
    EffectiveStatusOut,
    PersonRef,
    ProfessionalStatusOut,
    QuietHoursDoc,
    SessionOut,
    StatusNoteDoc,
)


def status_out(status: EffectiveStatus) -> EffectiveStatusOut:
    return EffectiveStatusOut.model_validate(status, from_attributes=True)


def note_out(note: StatusNote | None) -> StatusNoteDoc | None:
    return None if note is None else StatusNoteDoc(text=note.text, expires_at=note.expires_at)


def availability_out(stored: StoredAvailability, now: datetime) -> AvailabilityDoc:
    """The document as it reads at `now`: an expired preference, override or note is gone."""
    availability = stored.availability
    expired = current_preference(availability, now) != availability.preference
    quiet = availability.quiet_hours
    override = availability.admin_override
    override_out = None
    if override is not None and override_holds(availability, now):
        set_by = None
        if override.set_by is not None and stored.override_by_name is not None:
            set_by = PersonRef(id=override.set_by, display_name=stored.override_by_name)
        override_out = AdminOverrideOut(
            status=override.status, until=override.until, note=override.note, set_by=set_by
        )
    return AvailabilityDoc(
        preference=current_preference(availability, now),
        preference_expires_at=None if expired else availability.preference_expires_at,
        max_concurrent_sessions=availability.max_concurrent_sessions,
        online_availability=availability.online_availability,
        in_person_availability=availability.in_person_availability,
        quiet_hours=QuietHoursDoc(
            enabled=quiet.enabled,
            timezone=quiet.timezone,
            start=quiet.start.strftime("%H:%M"),
            end=quiet.end.strftime("%H:%M"),
            days=sorted(quiet.days, key=lambda day: day.number),
        ),
        status_note=note_out(current_note(availability.status_note, now)),
        admin_override=override_out,
        wrap_up_minutes=availability.wrap_up_minutes,
        busy_in_calls=availability.busy_in_calls,
        busy_in_do_not_disturb=availability.busy_in_do_not_disturb,
        wrap_up_until=running_wrap_up(stored, now),
        version=stored.version,
    )


def running_wrap_up(stored: StoredAvailability, now: datetime) -> datetime | None:
    """The end of the wrap-up under way, if one is; none once it has passed."""
    until = stored.availability.wrap_up_until
    return until if until is not None and until > now else None


def professional_out(person: PersonState, status: EffectiveStatus) -> ProfessionalStatusOut:
    availability = person.stored.availability
    return ProfessionalStatusOut(
        id=person.user.id,
        display_name=person.user.display_name,
        status=status.status,
        accepting_sessions=status.accepting_sessions,
        online_availability=availability.online_availability,
        in_person_availability=availability.in_person_availability,
        status_note=note_out(current_note(availability.status_note, status.computed_at)),
    )


def session_out(session: Session) -> SessionOut:
    return SessionOut.model_validate(session, from_attributes=True)
