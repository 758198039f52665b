"""When the calendars say the professional is busy: pure functions of iCalendar data and `now`.

What counts as busy, decided here once:

- An event is busy unless it is `TRANSP:TRANSPARENT`, `STATUS:CANCELLED`, marked free by
  Outlook (`X-MICROSOFT-CDO-BUSYSTATUS:FREE`), or declined by one of the given own
  addresses (an `ATTENDEE` with `PARTSTAT=DECLINED`).
- Tentative events (`STATUS:TENTATIVE`, Outlook's TENTATIVE) count as busy: a session
  pencilled in is better protected than double-booked.
- All-day events are busy for whole days in the professional's own time zone; floating
  times are read in that zone too.
- Events that touch or overlap form one block: "busy until" is the end of the block.
- Events of no length are not busy; an event that ends exactly at `now` is over.

Only a bounded horizon ahead of `now` is expanded, so long recurring series stay cheap;
a block that runs past the horizon is known only up to the events that start within it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]  # ships no type hints

from desktop.wording.translate import tr

log = logging.getLogger(__name__)

DEFAULT_HORIZON = timedelta(days=2)
# Time zones reach at most 14 hours from UTC: a window this much wider catches every
# floating or all-day event whatever zone the expansion compares it in.
_ZONE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class BusyBlock:
    """A stretch of busy time: UTC-aware `start` < `end`, with its events' titles."""

    start: datetime
    end: datetime
    titles: tuple[str, ...]


@dataclass(frozen=True)
class BusyNow:
    """Busy at the moment asked: until `until` (UTC-aware), for events with these titles."""

    until: datetime
    titles: tuple[str, ...]


@dataclass(frozen=True)
class CalendarProblem:
    """Why a calendar could not be read, in words for the professional."""

    words: str


def parse_calendar(text: str | bytes, where: str) -> icalendar.Calendar | CalendarProblem:
    """The calendar in `text`, or a problem naming `where` (a host, never a full address)."""
    not_a_calendar = CalendarProblem(
        tr("The calendar at {host} is not a calendar (it did not parse as iCalendar).", host=where)
    )
    try:
        components = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # icalendar raises ValueError, but also others on odd input
        # The error's text quotes the content, which may hold event titles: only its type.
        log.info("Calendar from %s did not parse: %s", where, type(error).__name__)
        return not_a_calendar
    calendars = [c for c in components if c.name == "VCALENDAR"]
    if len(calendars) != 1:
        log.info("Calendar from %s holds %d VCALENDAR components", where, len(calendars))
        return not_a_calendar
    return calendars[0]


def _as_utc(moment: date, local_zone: tzinfo) -> datetime:
    """A DATE as local midnight, a floating time in `local_zone`, any time as UTC."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone)
    return moment.astimezone(UTC)


def _is_free(event: icalendar.Event, own_addresses: frozenset[str]) -> bool:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return True
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return True
    if str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "FREE":
        return True
    if own_addresses:
        attendees = event.get("ATTENDEE", [])
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            address = str(attendee).lower().removeprefix("mailto:")
            declined = str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
            if declined and address in own_addresses:
                return True
    return False


def event_blocks(
    calendar: icalendar.Calendar,
    start: datetime,
    end: datetime,
    local_zone: tzinfo,
    own_addresses: Iterable[str] = (),
) -> list[BusyBlock] | CalendarProblem:
    """The busy events of one calendar that overlap [start, end), unmerged, by start.

    A series the expansion cannot read (a broken RRULE) is left out, so that one bad event
    does not blind the whole calendar; any other failure is a problem in words.
    """
    own = frozenset(address.lower().removeprefix("mailto:") for address in own_addresses)
    try:
        occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
            start - _ZONE_SLACK, end + _ZONE_SLACK
        )
        blocks = []
        for event in occurrences:
            if _is_free(event, own):
                continue
            block_start = _as_utc(event.start, local_zone)
            block_end = _as_utc(event.end, local_zone)
            if block_start < block_end and block_start < end and block_end > start:
                title = str(event.get("SUMMARY", "")).strip()
                blocks.append(BusyBlock(block_start, block_end, (title,) if title else ()))
    except Exception as error:  # the expansion's errors are not one documented family
        log.info("Calendar events could not be expanded: %s", type(error).__name__)
        return CalendarProblem(
            tr("Some events of this calendar could not be read, so it was left out.")
        )
    blocks.sort(key=lambda block: (block.start, block.end))
    return blocks


def merge_blocks(blocks: Iterable[BusyBlock]) -> tuple[BusyBlock, ...]:
    """Blocks that overlap or touch joined into one, in order; titles kept once each."""
    merged: list[BusyBlock] = []
    for block in sorted(blocks, key=lambda b: (b.start, b.end)):
        if merged and block.start <= merged[-1].end:
            last = merged[-1]
            titles = last.titles + tuple(t for t in block.titles if t not in last.titles)
            merged[-1] = BusyBlock(last.start, max(last.end, block.end), titles)
        else:
            merged.append(block)
    return tuple(merged)


def busy_blocks(
    calendars: Sequence[icalendar.Calendar],
    now: datetime,
    local_zone: tzinfo,
    horizon: timedelta = DEFAULT_HORIZON,
    own_addresses: Iterable[str] = (),
) -> tuple[BusyBlock, ...]:
    """The merged busy blocks of all `calendars` from `now` to `now + horizon`.

    A calendar whose events cannot be expanded is left out (and logged).
    """
    found: list[BusyBlock] = []
    for calendar in calendars:
        blocks = event_blocks(calendar, now, now + horizon, local_zone, own_addresses)
        if not isinstance(blocks, CalendarProblem):
            found.extend(blocks)
    return merge_blocks(found)


def busy_at(blocks: Sequence[BusyBlock], now: datetime) -> BusyNow | None:
    """Whether `now` falls in one of the merged `blocks`, and until when."""
    for block in blocks:
        if block.start <= now < block.end:
            return BusyNow(block.end, block.titles)
    return None


def next_start(blocks: Sequence[BusyBlock], now: datetime) -> datetime | None:
    """The first start of a merged block strictly after `now`, if any."""
    return min((block.start for block in blocks if block.start > now), default=None)


def busy_until(
    calendars: Sequence[icalendar.Calendar],
    now: datetime,
    local_zone: tzinfo,
    horizon: timedelta = DEFAULT_HORIZON,
) -> BusyNow | None:
    """Whether `now` (aware) is inside a busy block of any calendar, and until when."""
    return busy_at(busy_blocks(calendars, now, local_zone, horizon), now)


def next_busy_start(
    calendars: Sequence[icalendar.Calendar],
    now: datetime,
    horizon: timedelta = DEFAULT_HORIZON,
    local_zone: tzinfo = UTC,
) -> datetime | None:
    """When the next busy block starts after `now`, within the horizon.

    With `busy_until`, the next instant the answer changes: the end of the current block
    if busy, else this.
    """
    return next_start(busy_blocks(calendars, now, local_zone, horizon), now)


def next_change(blocks: Sequence[BusyBlock], now: datetime) -> datetime | None:
    """The next instant the answer of `busy_at(blocks, ·)` changes after `now`."""
    busy = busy_at(blocks, now)
    return busy.until if busy is not None else next_start(blocks, now)
