"""The status rules: pure functions of their inputs, with `now` always passed in."""

from presence.automatic import automatic_status
from presence.effective import current_note, effective_status
from presence.model import (
    AdminOverride,
    AppState,
    Availability,
    Device,
    DeviceSignals,
    EffectiveStatus,
    Preference,
    QuietHours,
    Reason,
    Role,
    RuleConfig,
    Status,
    StatusNote,
    Weekday,
)
from presence.quiet_hours import in_quiet_hours, quiet_hours_edges

__all__ = [
    "AdminOverride",
    "AppState",
    "Availability",
    "Device",
    "DeviceSignals",
    "EffectiveStatus",
    "Preference",
    "QuietHours",
    "Reason",
    "Role",
    "RuleConfig",
    "Status",
    "StatusNote",
    "Weekday",
    "automatic_status",
    "current_note",
    "effective_status",
    "in_quiet_hours",
    "quiet_hours_edges",
]
