"""The status rules: pure functions of their inputs, with `now` always passed in."""

from presence.automatic import automatic_status
from presence.effective import effective_status
from presence.model import (
    AdminOverride,
    AppState,
    Availability,
    Device,
    EffectiveStatus,
    Preference,
    QuietHours,
    Reason,
    Role,
    RuleConfig,
    Status,
    Weekday,
)
from presence.quiet_hours import in_quiet_hours, quiet_hours_edges

__all__ = [
    "AdminOverride",
    "AppState",
    "Availability",
    "Device",
    "EffectiveStatus",
    "Preference",
    "QuietHours",
    "Reason",
    "Role",
    "RuleConfig",
    "Status",
    "Weekday",
    "automatic_status",
    "effective_status",
    "in_quiet_hours",
    "quiet_hours_edges",
]
