"""Busy blocks from iCalendar fixtures, with `now` passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from desktop.signals.calendar_busy import (
    BusyNow,
    CalendarProblem,
    busy_at,
    busy_blocks,
    busy_until,
    next_busy_start,
    next_change,
    parse_calendar,
)

CALENDARS = Path(__file__).parent / "calendars"
BERLIN = ZoneInfo("Europe/Berlin")


def calendar(name: str) -> icalendar.Calendar:
    parsed = parse_calendar((CALENDARS / name).read_bytes(), "calendar.example.org")
    assert not isinstance(parsed, CalendarProblem), parsed
    return parsed


def at(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_transparent_event_is_free_and_an_opaque_one_busy() -> None:
    feed = [calendar("transparent.ics")]
    assert busy_until(feed, at("2025-06-02 10:30"), UTC) is None
    assert busy_until(feed, at("2025-06-02 12:30"), UTC) == BusyNow(
        at("2025-06-02 13:00"), ("Session with A.",)
    )
    assert next_busy_start(feed, at("2025-06-02 09:00")) == at("2025-06-02 12:00")


def test_a_cancelled_event_is_free_and_a_tentative_one_busy() -> None:
    feed = [calendar("cancelled_and_tentative.ics")]
    assert busy_until(feed, at("2025-06-02 10:30"), UTC) is None
    busy = busy_until(feed, at("2025-06-02 14:00"), UTC)
    assert busy == BusyNow(at("2025-06-02 15:00"), ("Maybe a session",))


def test_outlook_free_is_free_and_a_duration_sets_the_end() -> None:
    feed = [calendar("outlook_busy_status.ics")]
    assert busy_until(feed, at("2025-06-02 10:30"), UTC) is None
    busy = busy_until(feed, at("2025-06-02 12:10"), UTC)
    assert busy is not None
    assert busy.until == at("2025-06-02 12:45")


@pytest.mark.parametrize(
    ("moment", "until"),
    [
        ("2025-06-02 10:15", "2025-06-02 11:00"),  # the first occurrence
        ("2025-06-03 10:59", "2025-06-03 11:00"),
        ("2025-06-04 10:15", None),  # EXDATE
        ("2025-06-05 10:15", None),  # moved away from here...
        ("2025-06-05 15:15", "2025-06-05 16:00"),  # ...to here
        ("2025-06-06 10:15", None),  # this occurrence alone cancelled
        ("2025-06-07 10:15", "2025-06-07 11:00"),  # the series goes on
        ("2025-06-12 10:15", None),  # COUNT=10 ended on the 11th
    ],
)
def test_recurrence_with_exdate_and_overrides(moment: str, until: str | None) -> None:
    busy = busy_until([calendar("recurring.ics")], at(moment), UTC)
    assert (busy.until if busy else None) == (at(until) if until else None)


def test_a_moved_occurrence_keeps_its_own_title() -> None:
    busy = busy_until([calendar("recurring.ics")], at("2025-06-05 15:00"), UTC)
    assert busy is not None
    assert busy.titles == ("Daily session (moved)",)


def test_the_next_start_skips_the_excluded_and_cancelled_occurrences() -> None:
    feed = [calendar("recurring.ics")]
    three_days = timedelta(days=3)
    assert next_busy_start(feed, at("2025-06-03 12:00"), three_days) == at("2025-06-05 15:00")
    assert next_busy_start(feed, at("2025-06-05 17:00")) == at("2025-06-07 10:00")


def test_an_all_day_event_covers_the_whole_local_day() -> None:
    feed = [calendar("all_day.ics")]
    new_york = ZoneInfo("America/New_York")  # UTC-4 in June
    assert busy_until(feed, at("2025-06-02 03:59"), new_york) is None
    busy = busy_until(feed, at("2025-06-02 04:00"), new_york)
    assert busy == BusyNow(at("2025-06-03 04:00"), ("Training day",))
    assert busy_until(feed, at("2025-06-03 04:00"), new_york) is None


@pytest.mark.parametrize("fixture", ["berlin_weekly.ics", "berlin_custom_tzid.ics"])
@pytest.mark.parametrize(
    ("moment", "until"),
    [
        # 09:00 Berlin is 08:00 UTC in winter time (CET)...
        ("2025-03-24 08:30", "2025-03-24 09:00"),
        ("2025-03-24 07:30", None),
        # ...and 07:00 UTC after the switch to summer time on 30 March.
        ("2025-03-31 07:30", "2025-03-31 08:00"),
        ("2025-03-31 08:30", None),
        # Summer time the week before the switch back on 26 October...
        ("2025-10-20 07:30", "2025-10-20 08:00"),
        # ...and winter time the week after.
        ("2025-10-27 08:30", "2025-10-27 09:00"),
        ("2025-10-27 07:30", None),
    ],
)
def test_a_weekly_berlin_event_across_both_dst_switches(
    fixture: str, moment: str, until: str | None
) -> None:
    busy = busy_until([calendar(fixture)], at(moment), BERLIN)
    assert (busy.until if busy else None) == (at(until) if until else None)


def test_a_floating_time_is_read_in_the_local_zone() -> None:
    feed = [calendar("floating.ics")]
    tokyo = ZoneInfo("Asia/Tokyo")  # 10:00 in Tokyo is 01:00 UTC
    assert busy_until(feed, at("2025-06-02 01:30"), tokyo) == BusyNow(
        at("2025-06-02 02:00"), ("Floating session",)
    )
    assert busy_until(feed, at("2025-06-02 10:30"), tokyo) is None
    assert busy_until(feed, at("2025-06-02 10:30"), UTC) is not None


def test_overlapping_and_touching_events_make_one_block() -> None:
    feed = [calendar("merging.ics")]
    busy = busy_until(feed, at("2025-06-02 10:05"), UTC)
    assert busy == BusyNow(at("2025-06-02 12:00"), ("Session A", "Session B", "Session C"))
    assert next_busy_start(feed, at("2025-06-02 10:05")) == at("2025-06-02 13:00")


def test_events_from_two_calendars_merge() -> None:
    feed = [calendar("merging.ics"), calendar("second_calendar.ics")]
    busy = busy_until(feed, at("2025-06-02 10:05"), UTC)
    assert busy is not None
    assert busy.until == at("2025-06-02 12:30")
    assert busy.titles[-1] == "Session from the other calendar"


def test_an_event_that_ends_exactly_now_is_over() -> None:
    feed = [calendar("merging.ics")]
    assert busy_until(feed, at("2025-06-02 12:00"), UTC) is None
    assert busy_until(feed, at("2025-06-02 11:59:59"), UTC) is not None


def test_an_event_that_starts_exactly_now_is_busy() -> None:
    busy = busy_until([calendar("merging.ics")], at("2025-06-02 13:00"), UTC)
    assert busy is not None
    assert busy.until == at("2025-06-02 14:00")


def test_the_next_change_is_the_block_end_then_the_next_start() -> None:
    blocks = busy_blocks([calendar("merging.ics")], at("2025-06-02 09:00"), UTC)
    assert next_change(blocks, at("2025-06-02 09:00")) == at("2025-06-02 10:00")
    assert next_change(blocks, at("2025-06-02 10:00")) == at("2025-06-02 12:00")
    assert next_change(blocks, at("2025-06-02 12:00")) == at("2025-06-02 13:00")
    assert next_change(blocks, at("2025-06-02 14:00")) is None


def test_events_beyond_the_horizon_are_not_looked_at() -> None:
    feed = [calendar("recurring.ics")]
    assert next_busy_start(feed, at("2025-06-03 12:00"), timedelta(days=1)) is None


def test_an_event_declined_by_the_own_address_is_free() -> None:
    feed = [calendar("declined.ics")]
    now = at("2025-06-02 10:30")
    assert busy_at(busy_blocks(feed, now, UTC), now) is not None
    declined = busy_blocks(feed, now, UTC, own_addresses=["MAILTO:Me@example.org"])
    assert busy_at(declined, now) is None


@pytest.mark.parametrize(
    "text",
    [
        (CALENDARS / "malformed.ics").read_bytes(),
        b"",
        b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n",
        b"\x00\x01 binary",
    ],
    ids=["html", "empty", "no-vcalendar", "binary"],
)
def test_what_is_not_a_calendar_is_a_problem_in_words(text: bytes) -> None:
    assert parse_calendar(text, "calendar.example.org") == CalendarProblem(
        "The calendar at calendar.example.org is not a calendar (it did not parse as iCalendar)."
    )


def test_a_broken_series_is_left_out_and_the_rest_still_counts() -> None:
    text = (
        (CALENDARS / "merging.ics")
        .read_text()
        .replace("UID:merge-d\r\n", "UID:merge-d\r\nRRULE:FREQ=SOMETIMES\r\n")
    )
    parsed = parse_calendar(text, "calendar.example.org")
    assert not isinstance(parsed, CalendarProblem)
    busy = busy_until([parsed], at("2025-06-02 10:05"), UTC)
    assert busy is not None
    assert busy.until == at("2025-06-02 12:00")
