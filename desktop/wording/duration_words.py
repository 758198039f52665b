"""The duration choices in words: 'For 30 minutes', 'Until the end of today'."""

from __future__ import annotations

from desktop.core.durations import Duration
from desktop.wording.translate import tr

_LABELS = {
    Duration.HALF_HOUR: "For 30 minutes",
    Duration.HOUR: "For 1 hour",
    Duration.TWO_HOURS: "For 2 hours",
    Duration.UNTIL_TIME: "Until…",
    Duration.END_OF_TODAY: "Until the end of today",
    Duration.UNTIL_CHANGED: "Until I change it",
}


def duration_label(duration: Duration) -> str:
    return tr(_LABELS[duration])


def until_time_label() -> str:
    """The tray's entry that opens the window to pick the time."""
    return tr("Until a time I choose…")
