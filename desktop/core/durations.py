"""How long a chosen status lasts: the same choices in the tray, the window and the CLI."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import Enum

END_OF_DAY = "end-of-day"  # how the command line writes Duration.END_OF_TODAY


class Duration(Enum):
    """The choices, in the order every menu shows them."""

    HALF_HOUR = "30m"
    HOUR = "1h"
    TWO_HOURS = "2h"
    UNTIL_TIME = "until"
    END_OF_TODAY = "today"
    UNTIL_CHANGED = "forever"


_SPANS = {
    Duration.HALF_HOUR: timedelta(minutes=30),
    Duration.HOUR: timedelta(hours=1),
    Duration.TWO_HOURS: timedelta(hours=2),
}


def next_time_of_day(at: time, now: datetime) -> datetime:
    """The next moment the local clock reads `at`: today, or tomorrow if it has passed."""
    local = now.astimezone()
    candidate = datetime.combine(local.date(), at).astimezone()
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at).astimezone()
    return candidate


def end_of_today(now: datetime) -> datetime:
    """Local midnight ahead, with that day's own UTC offset."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time()).astimezone()


def ends_at(duration: Duration, now: datetime, at: time | None = None) -> datetime | None:
    """When a status chosen at `now` for `duration` ends; None for "until I change it".

    `at` is the time of day for `Duration.UNTIL_TIME`.
    """
    if duration is Duration.UNTIL_CHANGED:
        return None
    if duration is Duration.END_OF_TODAY:
        return end_of_today(now)
    if duration is Duration.UNTIL_TIME:
        if at is None:
            raise ValueError("a time of day is needed for Duration.UNTIL_TIME")
        return next_time_of_day(at, now)
    return now + _SPANS[duration]


def parse_time_of_day(text: str) -> time:
    """'17:00', '9:30' or '1730' → a time; ValueError names what is wrong."""
    cleaned = text.strip()
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    hours, _, minutes = cleaned.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"{text!r} is not a time of day; write it like 17:00")
    value = (int(hours), int(minutes))
    if not (0 <= value[0] < 24 and 0 <= value[1] < 60):
        raise ValueError(f"{text!r} is not a time of day; write it like 17:00")
    return time(*value)
