"""Availability edits made one after another, taken together before they are sent."""

from __future__ import annotations

from presence.documents import AvailabilityChanges


def merged_changes(
    earlier: AvailabilityChanges, changes: AvailabilityChanges
) -> AvailabilityChanges:
    """`changes` on top of `earlier`, part by part: quiet hours' days and start both stay."""
    merged = dict(earlier)
    for field, value in changes.items():
        before = merged.get(field)
        if isinstance(before, dict) and isinstance(value, dict):
            merged[field] = {**before, **value}
        else:
            merged[field] = value
    return merged  # type: ignore[return-value]
