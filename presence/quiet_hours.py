"""Quiet hours: a weekly window in the professional's own time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from presence.model import QuietHours, Weekday

# Edges further ahead than this are never needed: the weekly pattern repeats.
_HORIZON_DAYS = 8


def _to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    # fold=0: a repeated local time means its first occurrence, and a skipped local
    # time converts with the offset before the jump, which moves it forward (PEP 495).
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def _windows(quiet: QuietHours, first_day: date, days: int) -> Iterator[tuple[datetime, datetime]]:
    """The UTC windows that start on each local day from `first_day` on."""
    if not quiet.enabled or quiet.start == quiet.end:
        return
    zone = ZoneInfo(quiet.timezone)
    chosen = {day.number for day in quiet.days}
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() not in chosen:
            continue
        end_day = day if quiet.end > quiet.start else day + timedelta(days=1)
        yield _to_utc(day, quiet.start, zone), _to_utc(end_day, quiet.end, zone)


def _local_today(quiet: QuietHours, now: datetime) -> date:
    return now.astimezone(ZoneInfo(quiet.timezone)).date()


def in_quiet_hours(quiet: QuietHours, now: datetime) -> bool:
    """Whether `now` falls inside a window (start inclusive, end exclusive)."""
    yesterday = _local_today(quiet, now) - timedelta(days=1)
    return any(start <= now < end for start, end in _windows(quiet, yesterday, 2))


def quiet_hours_edges(quiet: QuietHours, now: datetime) -> list[datetime]:
    """Every window start and end after `now` within the next week, in order."""
    yesterday = _local_today(quiet, now) - timedelta(days=1)
    edges = {
        edge
        for window in _windows(quiet, yesterday, _HORIZON_DAYS + 1)
        for edge in window
        if edge > now
    }
    return sorted(edges)


__all__ = ["Weekday", "in_quiet_hours", "quiet_hours_edges"]
