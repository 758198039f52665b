"""Applying a PATCH to a person's availability: merge, validate, refuse what may not change."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from presence import Availability, QuietHours, Role, Status, StatusNote
from presence.effective import override_holds
from server.domain.errors import Conflict, InvalidField, InvalidInput, NotAllowed
from server.store.availability import StoredAvailability, parse_hhmm
from server.wire.schemas import KNOWN_TIMEZONES, AvailabilityPatch

USER_FIELDS = frozenset({"preference", "preference_expires_at"})
# The status choice: a preference and when it runs out. An admin override freezes both.
STATUS_FIELDS = USER_FIELDS
USER_PREFERENCES = frozenset({Status.ONLINE, Status.BUSY})


def readable_time(moment: datetime) -> str:
    """'12:00 UTC on 23 November 2026': a person reads it; the server knows no local zone."""
    utc = moment.astimezone(UTC)
    return f"{utc:%H:%M} UTC on {utc.day} {utc:%B %Y}"


def describe_override(stored: StoredAvailability) -> str:
    override = stored.availability.admin_override
    assert override is not None
    who = stored.override_by_name or "An administrator"
    until = f" until {readable_time(override.until)}" if override.until else " until they clear it"
    return f"{who} set your status to {override.status.value}{until}."


def apply_patch(
    stored: StoredAvailability, patch: AvailabilityPatch, role: Role, now: datetime
) -> Availability:
    """The availability after `patch`, or a domain error saying exactly what is wrong."""
    current = stored.availability
    given = patch.model_fields_set
    if role is Role.USER and given - USER_FIELDS:
        names = ", ".join(sorted(given - USER_FIELDS))
        raise NotAllowed(f"Only a professional may change {names}.")
    if given & STATUS_FIELDS and override_holds(current, now):
        raise Conflict(
            "Status set by an administrator",
            f"{describe_override(stored)} You can change your status once that ends.",
        )

    errors: list[InvalidField] = []
    changes: dict[str, object] = {
        name: getattr(patch, name)
        for name in (
            "max_concurrent_sessions",
            "online_availability",
            "in_person_availability",
            "wrap_up_minutes",
            "busy_in_calls",
            "busy_in_do_not_disturb",
        )
        if name in given
    }
    if "preference" in given:
        assert patch.preference is not None
        if role is Role.USER and patch.preference not in USER_PREFERENCES:
            errors.append(InvalidField("preference", "choose online or busy"))
        changes["preference"] = patch.preference
        changes["preference_expires_at"] = None
    if "preference_expires_at" in given:
        expires_at = patch.preference_expires_at
        preference = changes.get("preference", current.preference)
        if expires_at is not None and expires_at <= now:
            errors.append(InvalidField("preference_expires_at", "must be in the future"))
        elif expires_at is not None and preference is Status.ONLINE:
            errors.append(
                InvalidField(
                    field="preference_expires_at",
                    message="only a busy, away or offline preference can expire",
                )
            )
        changes["preference_expires_at"] = expires_at
    if patch.quiet_hours is not None:
        changes["quiet_hours"] = _merge_quiet_hours(current.quiet_hours, patch, errors)
    if "status_note" in given:
        note = patch.status_note
        if note is not None and note.expires_at is not None and note.expires_at <= now:
            errors.append(InvalidField("status_note.expires_at", "must be in the future"))
        changes["status_note"] = (
            None if note is None else StatusNote(text=note.text, expires_at=note.expires_at)
        )
    if errors:
        raise InvalidInput(errors)
    return dataclasses.replace(current, **changes)  # type: ignore[arg-type]


def _merge_quiet_hours(
    current: QuietHours, patch: AvailabilityPatch, errors: list[InvalidField]
) -> QuietHours:
    assert patch.quiet_hours is not None
    given = patch.quiet_hours.model_fields_set
    edit = patch.quiet_hours
    merged = QuietHours(
        enabled=edit.enabled if edit.enabled is not None else current.enabled,
        timezone=edit.timezone if edit.timezone is not None else current.timezone,
        start=parse_hhmm(edit.start) if edit.start is not None else current.start,
        end=parse_hhmm(edit.end) if edit.end is not None else current.end,
        days=frozenset(edit.days) if edit.days is not None else current.days,
    )
    if "timezone" in given and merged.timezone not in KNOWN_TIMEZONES:
        errors.append(InvalidField("quiet_hours.timezone", "not a known IANA time zone"))
    if merged.enabled and not merged.days:
        errors.append(InvalidField("quiet_hours.days", "choose at least one day"))
    if merged.start == merged.end:
        errors.append(InvalidField("quiet_hours.end", "must differ from start"))
    return merged
