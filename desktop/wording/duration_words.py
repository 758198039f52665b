"""The duration choices in words: 'For 30 minutes', 'Until the end of today'."""

from __future__ import annotations

from desktop.core.durations import Duration
from desktop.wording.translate import QT_TR_NOOP, tr

_LABELS = {
    Duration.HALF_HOUR: QT_TR_NOOP("For 30 minutes"),
    Duration.HOUR: QT_TR_NOOP("For 1 hour"),
    Duration.TWO_HOURS: QT_TR_NOOP("For 2 hours"),
    Duration.UNTIL_TIME: QT_TR_NOOP("Until…"),
    Duration.END_OF_TODAY: QT_TR_NOOP("Until the end of today"),
    Duration.UNTIL_CHANGED: QT_TR_NOOP("Until I change it"),
}


def duration_label(duration: Duration) -> str:
    return tr(_LABELS[duration])


def until_time_label() -> str:
    """The tray's entry that opens the window to pick the time."""
    return tr("Until a time I choose…")
