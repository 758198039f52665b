"""CalendarSignal: fetched from a real loopback server on a worker, read at each edge
with an injected clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.signals.calendar_fetch import CalendarFetcher
from desktop.signals.calendar_reading import CalendarReading, SourceState
from desktop.signals.calendar_signal import CalendarSignal
from desktop.signals.calendar_sources import CalendarSources, IcsSource
from tests.support.feed_server import FeedServer, Page, feed_server
from tests.support.waiting import WAIT_MS

START = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
FEED = "/feeds/ab12-secret/basic.ics"
OTHER_FEED = "/team.ics"


def ics(start: datetime, end: datetime, title: str = "Session with D.") -> bytes:
    stamp = "%Y%m%dT%H%M%SZ"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Availability tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{title}\r\nDTSTAMP:20250101T000000Z\r\n"
        f"DTSTART:{start.strftime(stamp)}\r\nDTEND:{end.strftime(stamp)}\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


class SetClock:
    """A wall clock the test sets by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """A real calendar server on loopback, serving the feed's one-hour event at START."""
    with feed_server() as served:
        served.pages[FEED] = Page(ics(START, START + timedelta(hours=1)))
        yield served


@pytest.fixture
def sources(feeds: FeedServer) -> CalendarSources:
    listed = CalendarSources("therapist", MemoryKeyring())
    assert listed.add(IcsSource(feeds.url(FEED))) is None
    return listed


def host(feeds: FeedServer) -> str:
    """The feed's label: its host and port, never its path (which holds a token)."""
    return f"127.0.0.1:{feeds.port}"


@contextmanager
def watching(
    sources: CalendarSources, feeds: FeedServer, clock: Callable[[], datetime]
) -> Iterator[CalendarSignal]:
    fetcher = CalendarFetcher(httpx.Client(timeout=10.0))
    signal = CalendarSignal(sources, fetcher, clock=clock, local_zone=UTC)
    try:
        yield signal
    finally:
        signal.stop()
        fetcher.close()


@pytest.fixture
def clock() -> SetClock:
    return SetClock(START - timedelta(minutes=30))


@pytest.fixture
def signal(
    sources: CalendarSources, feeds: FeedServer, clock: SetClock
) -> Iterator[CalendarSignal]:
    with watching(sources, feeds, clock) as watched:
        yield watched


def first_reading(qtbot: QtBot, signal: CalendarSignal) -> CalendarReading:
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.start()
    reading: CalendarReading = blocker.args[0]
    return reading


def test_the_first_fetch_reads_free_and_waits_for_the_start(
    qtbot: QtBot, signal: CalendarSignal, clock: SetClock, feeds: FeedServer
) -> None:
    reading = first_reading(qtbot, signal)
    assert reading.available
    assert reading.busy_until is None
    assert reading.sources == (SourceState(host(feeds), True, None, clock.now),)
    assert signal.next_edge == START
    assert signal.edge_timer.isActive()


def test_busy_at_the_start_and_free_at_the_end_without_a_fetch(
    qtbot: QtBot, signal: CalendarSignal, clock: SetClock, feeds: FeedServer
) -> None:
    first_reading(qtbot, signal)
    clock.now = START
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.on_edge()  # what the edge timer calls
    assert blocker.args[0].busy_until == START + timedelta(hours=1)
    assert blocker.args[0].titles == ("Session with D.",)
    assert signal.next_edge == START + timedelta(hours=1)
    clock.now = START + timedelta(hours=1)
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.on_edge()
    assert blocker.args[0].busy_until is None
    assert signal.next_edge is None
    assert len(feeds.requests) == 1


@pytest.mark.wall_time
def test_the_edge_timer_turns_busy_on_and_off_on_time(
    qtbot: QtBot, sources: CalendarSources, feeds: FeedServer
) -> None:
    """A clock that runs with the real one, 0.8 s before a 1 s event: the timer alone acts."""
    event_start = START
    feeds.pages[FEED] = Page(ics(event_start, event_start + timedelta(seconds=1)))
    began = time.monotonic()

    def running_clock() -> datetime:
        return event_start - timedelta(seconds=0.8) + timedelta(seconds=time.monotonic() - began)

    with watching(sources, feeds, running_clock) as signal:
        first = first_reading(qtbot, signal)
        assert first.busy_until is None
        with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
            pass
        assert blocker.args[0].busy_until == event_start + timedelta(seconds=1)
        assert running_clock() >= event_start
        with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
            pass
        assert blocker.args[0].busy_until is None
        assert running_clock() >= event_start + timedelta(seconds=1)
        assert len(feeds.requests) == 1


def test_a_dead_feed_keeps_its_last_copy_for_a_while_and_says_so(
    qtbot: QtBot, signal: CalendarSignal, clock: SetClock, feeds: FeedServer
) -> None:
    first_reading(qtbot, signal)
    feeds.pages[FEED] = Page(b"", status=503)
    clock.now = START + timedelta(minutes=5)
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.on_refresh_due()
    reading: CalendarReading = blocker.args[0]
    assert reading.available
    assert reading.busy_until == START + timedelta(hours=1)
    (state,) = reading.sources
    assert not state.ok
    assert state.problem == (
        f"The calendar at {host(feeds)} answered 503: the server has a problem; it will "
        "be tried again. Its copy from 09:30 is still used, for up to 6 hours."
    )
    clock.now = START - timedelta(minutes=30) + timedelta(hours=6, minutes=1)
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.on_edge()
    reading = blocker.args[0]
    assert not reading.available
    assert reading.sources[0].problem is not None
    assert reading.sources[0].problem.endswith("Its last copy is too old, so it is no longer used.")


def test_a_source_added_is_fetched_at_once(
    qtbot: QtBot, signal: CalendarSignal, sources: CalendarSources, feeds: FeedServer
) -> None:
    first_reading(qtbot, signal)
    other = ics(START - timedelta(minutes=40), START - timedelta(minutes=10), "Team meeting")
    feeds.pages[OTHER_FEED] = Page(other)
    assert sources.add(IcsSource(feeds.url(OTHER_FEED))) is None
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS) as blocker:
        signal.on_sources_changed()
    reading: CalendarReading = blocker.args[0]
    assert [s.label for s in reading.sources] == [host(feeds), host(feeds)]
    assert reading.busy_until == START - timedelta(minutes=10)
    assert reading.titles == ("Team meeting",)


def test_a_feed_that_never_answered_is_not_available_and_says_why(
    qtbot: QtBot, signal: CalendarSignal, feeds: FeedServer
) -> None:
    del feeds.pages[FEED]
    reading = first_reading(qtbot, signal)
    assert not reading.available
    assert reading.sources[0].problem == (
        f"The calendar at {host(feeds)} answered 404: the address is wrong or the feed was removed."
    )


def test_no_sources_is_a_reading_too(qtbot: QtBot, feeds: FeedServer, clock: SetClock) -> None:
    with watching(CalendarSources("nobody", MemoryKeyring()), feeds, clock) as signal:
        assert first_reading(qtbot, signal) == CalendarReading(False, None, (), ())
    assert feeds.requests == []


def test_a_locked_keyring_is_a_reading_in_words(
    qtbot: QtBot, feeds: FeedServer, clock: SetClock
) -> None:
    class LockedKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("locked")

    with watching(CalendarSources("me", LockedKeyring()), feeds, clock) as signal:
        reading = first_reading(qtbot, signal)
    assert not reading.available
    assert reading.sources == ()  # nothing the window would offer to remove
    assert reading.list_problem is not None
    assert "password store" in reading.list_problem
