"""Quiet hours: boundaries, midnight crossings, days, both DST edges, and the edges list."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from presence import Weekday, in_quiet_hours, quiet_hours_edges
from tests.presence.builders import quiet, utc

TICK = timedelta(microseconds=1)
NY, LONDON, TOKYO = "America/New_York", "Europe/London", "Asia/Tokyo"


@pytest.mark.parametrize(
    ("start", "end", "now", "inside"),
    [
        pytest.param("09:00", "17:00", "2026-06-15 09:00", True, id="same-day start is inside"),
        pytest.param("09:00", "17:00", "2026-06-15 08:59:59.999999", False, id="before start"),
        pytest.param("09:00", "17:00", "2026-06-15 16:59:59.999999", True, id="just before end"),
        pytest.param("09:00", "17:00", "2026-06-15 17:00", False, id="same-day end is outside"),
        pytest.param("22:00", "08:00", "2026-06-15 22:00", True, id="crossing start"),
        pytest.param("22:00", "08:00", "2026-06-16 00:00", True, id="crossing midnight"),
        pytest.param("22:00", "08:00", "2026-06-16 07:59:59.999999", True, id="crossing end-1us"),
        pytest.param("22:00", "08:00", "2026-06-16 08:00", False, id="crossing end"),
        pytest.param("22:00", "08:00", "2026-06-16 12:00", False, id="crossing midday"),
        pytest.param("00:00", "00:00", "2026-06-16 00:00", False, id="start equals end"),
        pytest.param("00:00", "23:59", "2026-06-16 23:59", False, id="nearly all day, end"),
    ],
)
def test_boundaries(start: str, end: str, now: str, inside: bool) -> None:
    assert in_quiet_hours(quiet(start, end), utc(now)) is inside


def test_midnight_is_local_not_utc() -> None:
    # Tokyo is UTC+9: 23:00-01:00 JST on Monday is 14:00-16:00 UTC on Monday.
    window = quiet("23:00", "01:00", TOKYO, "mon")
    assert not in_quiet_hours(window, utc("2026-06-15 13:59:59"))
    assert in_quiet_hours(window, utc("2026-06-15 14:00"))
    assert in_quiet_hours(window, utc("2026-06-15 15:59:59"))
    assert not in_quiet_hours(window, utc("2026-06-15 16:00"))


def test_disabled_window_is_never_inside() -> None:
    window = quiet("00:00", "23:59", enabled=False)
    assert not in_quiet_hours(window, utc("2026-06-15 12:00"))
    assert quiet_hours_edges(window, utc("2026-06-15 12:00")) == []


def test_no_days_is_never_inside() -> None:
    window = quiet("00:00", "23:59", days="")
    assert not in_quiet_hours(window, utc("2026-06-15 12:00"))
    assert quiet_hours_edges(window, utc("2026-06-15 12:00")) == []


# 2026-06-15 is a Monday; Weekday lists Monday first.
@pytest.mark.parametrize("day", list(Weekday), ids=str)
def test_a_crossing_window_belongs_to_the_day_it_starts_on(day: Weekday) -> None:
    window = quiet("22:00", "02:00", days=str(day))
    start = utc("2026-06-15 22:00") + timedelta(days=day.number)
    assert in_quiet_hours(window, start)
    assert in_quiet_hours(window, start + timedelta(hours=3))  # 01:00 the next day
    assert not in_quiet_hours(window, start + timedelta(hours=4))  # 02:00 the next day
    assert not in_quiet_hours(window, start - timedelta(days=1))  # the day before
    assert not in_quiet_hours(window, start + timedelta(days=1))  # the day after
    assert not in_quiet_hours(window, start - timedelta(hours=21))  # 01:00 on the day itself


def test_days_follow_the_local_calendar() -> None:
    # Monday 00:30-01:30 in Tokyo is Sunday 15:30-16:30 UTC.
    window = quiet("00:30", "01:30", TOKYO, "mon")
    assert in_quiet_hours(window, utc("2026-06-14 15:30"))
    assert not in_quiet_hours(window, utc("2026-06-15 15:30"))


class TestSpringForward:
    """The clock jumps forward; a skipped local time moves forward by the jump."""

    def test_new_york_night_is_an_hour_shorter(self) -> None:
        # 2026-03-08: 02:00 EST becomes 03:00 EDT. 22:00 EST is 03:00 UTC, 08:00 EDT 12:00.
        window = quiet("22:00", "08:00", NY)
        edges = quiet_hours_edges(window, utc("2026-03-07 18:00"))
        assert edges[:3] == [
            utc("2026-03-08 03:00"),
            utc("2026-03-08 12:00"),
            utc("2026-03-09 02:00"),
        ]
        assert in_quiet_hours(window, utc("2026-03-08 12:00") - TICK)
        assert not in_quiet_hours(window, utc("2026-03-08 12:00"))

    def test_skipped_start_moves_forward(self) -> None:
        # 02:30 does not exist on 2026-03-08 in New York: it becomes 03:30 EDT (07:30 UTC).
        window = quiet("02:30", "04:00", NY)
        assert not in_quiet_hours(window, utc("2026-03-08 07:30") - TICK)
        assert in_quiet_hours(window, utc("2026-03-08 07:30"))
        assert not in_quiet_hours(window, utc("2026-03-08 08:00"))  # 04:00 EDT
        # The day after, the window is whole again: 02:30-04:00 EDT.
        assert in_quiet_hours(window, utc("2026-03-09 06:30"))

    def test_skipped_end_moves_forward(self) -> None:
        # London 2026-03-29: 01:00 GMT becomes 02:00 BST. An end at 01:30 reads as 02:30 BST.
        window = quiet("00:30", "01:30", LONDON)
        assert in_quiet_hours(window, utc("2026-03-29 00:30"))
        assert in_quiet_hours(window, utc("2026-03-29 01:30") - TICK)
        assert not in_quiet_hours(window, utc("2026-03-29 01:30"))

    def test_window_inside_the_jump_can_vanish(self) -> None:
        # 01:30-02:30 becomes 02:30 BST-02:30 BST on 2026-03-29: empty that night.
        window = quiet("01:30", "02:30", LONDON)
        night = [utc("2026-03-29 00:00") + timedelta(minutes=m) for m in range(180)]
        assert not any(in_quiet_hours(window, t) for t in night)
        assert in_quiet_hours(window, utc("2026-03-30 00:30"))  # 01:30 BST the next night


class TestFallBack:
    """The clock goes back; a repeated local time means its first occurrence."""

    def test_new_york_night_is_an_hour_longer(self) -> None:
        # 2026-11-01: 02:00 EDT becomes 01:00 EST. 22:00 EDT is 02:00 UTC, 08:00 EST 13:00.
        window = quiet("22:00", "08:00", NY)
        edges = quiet_hours_edges(window, utc("2026-10-31 12:00"))
        assert edges[:3] == [
            utc("2026-11-01 02:00"),
            utc("2026-11-01 13:00"),
            utc("2026-11-02 03:00"),
        ]

    def test_repeated_start_is_the_first_occurrence(self) -> None:
        # 01:30 happens twice in New York on 2026-11-01; the window starts at 01:30 EDT.
        window = quiet("01:30", "03:00", NY)
        assert not in_quiet_hours(window, utc("2026-11-01 05:30") - TICK)
        assert in_quiet_hours(window, utc("2026-11-01 05:30"))  # 01:30 EDT
        assert in_quiet_hours(window, utc("2026-11-01 06:30"))  # 01:30 EST, still inside
        assert not in_quiet_hours(window, utc("2026-11-01 08:00"))  # 03:00 EST

    def test_repeated_end_is_the_first_occurrence(self) -> None:
        # London 2026-10-25: 01:30 BST is 00:30 UTC; 01:30 GMT (01:30 UTC) is outside.
        window = quiet("23:00", "01:30", LONDON)
        assert in_quiet_hours(window, utc("2026-10-24 22:00"))  # 23:00 BST
        assert not in_quiet_hours(window, utc("2026-10-25 00:30"))
        assert not in_quiet_hours(window, utc("2026-10-25 01:15"))  # 01:15 GMT

    def test_london_night_is_an_hour_longer(self) -> None:
        window = quiet("22:00", "08:00", LONDON)
        edges = quiet_hours_edges(window, utc("2026-10-24 12:00"))
        assert edges[:2] == [utc("2026-10-24 21:00"), utc("2026-10-25 08:00")]


class TestEdges:
    def test_alternate_start_and_end_in_order(self) -> None:
        edges = quiet_hours_edges(quiet("22:00", "08:00"), utc("2026-06-15 12:00"))
        assert edges[:4] == [
            utc("2026-06-15 22:00"),
            utc("2026-06-16 08:00"),
            utc("2026-06-16 22:00"),
            utc("2026-06-17 08:00"),
        ]
        assert edges == sorted(set(edges))

    def test_cover_the_next_week(self) -> None:
        now = utc("2026-06-15 12:00")
        edges = quiet_hours_edges(quiet("22:00", "08:00", days="mon"), now)
        assert edges[:2] == [utc("2026-06-15 22:00"), utc("2026-06-16 08:00")]
        assert edges[-1] >= now + timedelta(days=7)

    def test_a_single_day_is_found_a_week_ahead(self) -> None:
        # Monday noon, just after Monday's window: the next one is next Monday.
        edges = quiet_hours_edges(quiet("09:00", "10:00", days="mon"), utc("2026-06-15 12:00"))
        assert edges[:2] == [utc("2026-06-22 09:00"), utc("2026-06-22 10:00")]

    def test_are_strictly_after_now(self) -> None:
        edges = quiet_hours_edges(quiet("22:00", "08:00"), utc("2026-06-15 22:00"))
        assert edges[0] == utc("2026-06-16 08:00")

    def test_include_the_end_of_the_window_we_are_in(self) -> None:
        edges = quiet_hours_edges(quiet("22:00", "08:00"), utc("2026-06-16 03:00"))
        assert edges[0] == utc("2026-06-16 08:00")

    @pytest.mark.parametrize(
        ("zone", "start"),
        [
            pytest.param(NY, "2026-03-06 12:00", id="new-york-spring"),
            pytest.param(NY, "2026-10-30 12:00", id="new-york-fall"),
            pytest.param(LONDON, "2026-03-27 12:00", id="london-spring"),
            pytest.param(LONDON, "2026-10-23 12:00", id="london-fall"),
        ],
    )
    @pytest.mark.parametrize(("begin", "end"), [("22:00", "08:00"), ("01:30", "02:30")])
    def test_inside_changes_only_at_an_edge(
        self, zone: str, start: str, begin: str, end: str
    ) -> None:
        window = quiet(begin, end, zone)
        now = utc(start)
        edges = set(quiet_hours_edges(window, now))
        minutes = [now + timedelta(minutes=m) for m in range(0, 4 * 24 * 60, 15)]
        for before, after in pairwise(minutes):
            if in_quiet_hours(window, before) != in_quiet_hours(window, after):
                assert any(before < edge <= after for edge in edges), (before, after)


def test_edges_are_aware_utc_instants() -> None:
    edges = quiet_hours_edges(quiet("22:00", "08:00", NY), utc("2026-06-15 12:00"))
    assert all(isinstance(edge, datetime) and edge.utcoffset() == timedelta(0) for edge in edges)


def test_weekday_numbers_match_date_weekday_and_stay_strings() -> None:
    assert [day.number for day in Weekday] == list(range(7))
    assert utc("2026-06-15 12:00").date().weekday() == Weekday.MON.number
    assert Weekday.MON.index("o") == 1  # still a str: str.index is not shadowed
