"""Typed wire documents for tests: the shapes the server sends, with defaults to override."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time
from typing import Any

from presence import EffectiveStatus, QuietHours, Reason, Status, Weekday
from presence.documents import AvailabilityDocument, OverrideDocument, PersonRef

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def effective_status(
    status: Status | str = Status.ONLINE, reason: Reason | str = Reason.ACTIVE, **changes: Any
) -> EffectiveStatus:
    base = EffectiveStatus(
        status=Status(status),
        reason=Reason(reason),
        preference=Status.ONLINE,
        accepting_sessions=True,
        active_sessions=1,
        max_concurrent_sessions=3,
        last_active_at=NOW,
        changes_at=None,
        computed_at=NOW,
    )
    return dataclasses.replace(base, **changes)


def availability(**changes: Any) -> AvailabilityDocument:
    base = AvailabilityDocument(
        preference=Status.ONLINE,
        preference_expires_at=None,
        max_concurrent_sessions=3,
        online_availability=True,
        in_person_availability=True,
        quiet_hours=QuietHours(),
        admin_override=None,
        version=1,
    )
    return dataclasses.replace(base, **changes)


def quiet_hours(**changes: Any) -> QuietHours:
    base = QuietHours(
        enabled=True, timezone="UTC", start=time(22), end=time(8), days=frozenset(Weekday)
    )
    return dataclasses.replace(base, **changes)


def override(
    status: Status = Status.BUSY,
    until: datetime | None = None,
    note: str | None = None,
    set_by: str | None = None,
) -> OverrideDocument:
    person = None if set_by is None else PersonRef(id="admin", display_name=set_by)
    return OverrideDocument(status=status, until=until, note=note, set_by=person)
