"""Fetching calendars from a real loopback HTTP server and a real Radicale CalDAV server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from desktop.signals.calendar_busy import BusyNow, busy_until
from desktop.signals.calendar_fetch import CalendarFetcher, FeedProblem, Fetched, http_address
from desktop.signals.calendar_sources import CaldavSource, IcsSource
from tests.support.feed_server import FeedServer, Page, feed_server
from tests.support.ports import free_port
from tests.support.radicale_server import RadicaleServer, start_radicale

CALENDARS = Path(__file__).parent / "calendars"
NOW = datetime(2025, 6, 2, 10, 5, tzinfo=UTC)
SECRET_PATH = "/private/ab12-secret-token-98cd/basic.ics"


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as served:
        yield served


@pytest.fixture
def fetcher() -> Iterator[CalendarFetcher]:
    made = CalendarFetcher(httpx.Client(timeout=10.0))
    yield made
    made.close()


def merging() -> bytes:
    return (CALENDARS / "merging.ics").read_bytes()


def test_a_feed_is_read_and_gives_busy_until(feeds: FeedServer, fetcher: CalendarFetcher) -> None:
    feeds.pages["/cal.ics"] = Page(merging())
    result = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    assert isinstance(result, Fetched)
    assert not result.not_modified
    busy = busy_until(result.calendars, NOW, UTC)
    assert busy == BusyNow(
        datetime(2025, 6, 2, 12, tzinfo=UTC), ("Session A", "Session B", "Session C")
    )


def test_the_second_fetch_is_conditional_on_the_etag_and_keeps_the_calendar(
    feeds: FeedServer, fetcher: CalendarFetcher
) -> None:
    feeds.pages["/cal.ics"] = Page(merging(), etag='"v1"')
    first = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    second = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    assert "if-none-match" not in feeds.requests[0]
    assert feeds.requests[1]["if-none-match"] == '"v1"'
    assert isinstance(first, Fetched)
    assert isinstance(second, Fetched)
    assert second.not_modified
    assert second.calendars == first.calendars
    assert busy_until(second.calendars, NOW, UTC) is not None


def test_the_second_fetch_is_conditional_on_last_modified(
    feeds: FeedServer, fetcher: CalendarFetcher
) -> None:
    stamp = "Mon, 02 Jun 2025 08:00:00 GMT"
    feeds.pages["/cal.ics"] = Page(merging(), last_modified=stamp)
    fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    second = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    assert feeds.requests[1]["if-modified-since"] == stamp
    assert isinstance(second, Fetched)
    assert second.not_modified


def test_a_changed_feed_is_read_anew(feeds: FeedServer, fetcher: CalendarFetcher) -> None:
    feeds.pages["/cal.ics"] = Page(merging(), etag='"v1"')
    fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    feeds.pages["/cal.ics"] = Page((CALENDARS / "transparent.ics").read_bytes(), etag='"v2"')
    second = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    assert isinstance(second, Fetched)
    assert not second.not_modified
    assert busy_until(second.calendars, NOW, UTC) is None


@pytest.mark.parametrize(
    ("page", "words"),
    [
        (None, "answered 404: the address is wrong or the feed was removed."),
        (Page(b"oops", status=500), "answered 500: the server has a problem"),
        (Page(b"<html>Please sign in</html>"), "is not a calendar (it did not parse as iCalendar)"),
    ],
    ids=["404", "500", "garbage"],
)
def test_failures_are_problems_in_words(
    feeds: FeedServer, fetcher: CalendarFetcher, page: Page | None, words: str
) -> None:
    if page is not None:
        feeds.pages["/cal.ics"] = page
    result = fetcher.fetch(IcsSource(feeds.url("/cal.ics")), NOW)
    assert isinstance(result, FeedProblem)
    assert result.words.startswith(f"The calendar at 127.0.0.1:{feeds.port} ")
    assert words in result.words


def test_a_server_that_is_not_there_is_a_problem_in_words(fetcher: CalendarFetcher) -> None:
    port = free_port()
    result = fetcher.fetch(IcsSource(f"http://127.0.0.1:{port}/cal.ics"), NOW)
    assert result == FeedProblem(
        f"Could not reach 127.0.0.1:{port}: the server refused the connection."
    )


def test_a_feed_larger_than_the_bound_is_not_read(feeds: FeedServer) -> None:
    feeds.pages["/big.ics"] = Page(merging())
    small = CalendarFetcher(httpx.Client(timeout=10.0), max_bytes=1024 * 1024 // 2048)
    with ExitStack() as closing:
        closing.callback(small.close)
        result = small.fetch(IcsSource(feeds.url("/big.ics")), NOW)
    assert isinstance(result, FeedProblem)
    assert "is larger than" in result.words


def shaped(handler: httpx.MockTransport) -> CalendarFetcher:
    return CalendarFetcher(httpx.Client(transport=handler))


def test_a_timeout_is_a_problem_in_words() -> None:
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    result = shaped(httpx.MockTransport(time_out)).fetch(
        IcsSource("https://cal.example.org/feed.ics"), NOW
    )
    assert result == FeedProblem(
        "The calendar at cal.example.org did not answer in time; it will be tried again."
    )


def test_an_endless_body_without_a_length_is_cut_at_the_bound() -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        chunks = (b"X" * 1024 for _ in range(100))
        return httpx.Response(200, content=chunks)

    fetcher = CalendarFetcher(
        httpx.Client(transport=httpx.MockTransport(endless)), max_bytes=10_000
    )
    result = fetcher.fetch(IcsSource("https://cal.example.org/feed.ics"), NOW)
    assert isinstance(result, FeedProblem)
    assert "larger than" in result.words


def test_webcal_is_fetched_over_https() -> None:
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=merging())

    shaped(httpx.MockTransport(answer)).fetch(IcsSource("webcal://cal.example.org/f.ics"), NOW)
    assert [str(url) for url in seen] == ["https://cal.example.org/f.ics"]
    assert http_address("WEBCALS://x.org/a") == "https://x.org/a"
    assert http_address("http://x.org/a") == "http://x.org/a"


def test_no_address_token_reaches_the_log_or_the_words(
    feeds: FeedServer, fetcher: CalendarFetcher, caplog: pytest.LogCaptureFixture
) -> None:
    # As desktop.logs does: httpx logs every request URL at INFO. (In this order: each
    # call sets the capturing handler's level too.)
    caplog.set_level(logging.WARNING, logger="httpx")
    caplog.set_level(logging.DEBUG)
    feeds.pages[SECRET_PATH] = Page(merging(), etag='"v1"')
    results = [
        fetcher.fetch(IcsSource(feeds.url(SECRET_PATH) + "?key=hunter2"), NOW),
        fetcher.fetch(IcsSource(feeds.url(SECRET_PATH) + "?key=hunter2"), NOW),
        fetcher.fetch(IcsSource(feeds.url("/gone/ab12-secret-token-98cd.ics")), NOW),
        fetcher.fetch(IcsSource(f"http://127.0.0.1:{free_port()}/ab12-secret-token-98cd"), NOW),
    ]
    assert any(f"127.0.0.1:{feeds.port}" in record.getMessage() for record in caplog.records)
    told = caplog.text + " ".join(r.words for r in results if isinstance(r, FeedProblem))
    assert "secret-token" not in told
    assert "hunter2" not in told


# CalDAV, against a real Radicale.

EVENT = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Availability tests//EN\r
BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:20250101T000000Z\r
DTSTART:{start}\r
DTEND:{end}\r
SUMMARY:{title}\r
{extra}END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    with ExitStack() as children:
        yield start_radicale(children, tmp_path_factory.mktemp("radicale"))


@pytest.fixture(scope="module")
def sessions_calendar(radicale: RadicaleServer) -> str:
    url = radicale.make_calendar("sessions")
    events = [
        ("now", "20250602T100000Z", "20250602T110000Z", "Session with B.", ""),
        ("next", "20250602T110000Z", "20250602T113000Z", "Session with C.", ""),
        ("free", "20250602T113000Z", "20250602T130000Z", "Admin", "TRANSP:TRANSPARENT\r\n"),
        ("later", "20250620T100000Z", "20250620T110000Z", "Far away", ""),
    ]
    for uid, start, end, title, extra in events:
        text = EVENT.format(uid=uid, start=start, end=end, title=title, extra=extra)
        radicale.put_event(url, uid, text)
    return url


def test_caldav_busy_until_from_radicale(
    radicale: RadicaleServer, sessions_calendar: str, fetcher: CalendarFetcher
) -> None:
    source = CaldavSource(sessions_calendar, radicale.username, radicale.password)
    result = fetcher.fetch(source, NOW)
    assert isinstance(result, Fetched), result
    # The time-range filter left out the event weeks ahead.
    assert len(result.calendars) == 3
    busy = busy_until(result.calendars, NOW, UTC)
    assert busy == BusyNow(
        datetime(2025, 6, 2, 11, 30, tzinfo=UTC), ("Session with B.", "Session with C.")
    )


def test_caldav_wrong_password_is_told_in_words(
    radicale: RadicaleServer, sessions_calendar: str, fetcher: CalendarFetcher
) -> None:
    result = fetcher.fetch(CaldavSource(sessions_calendar, radicale.username, "wrong"), NOW)
    host = sessions_calendar.split("/")[2]
    assert result == FeedProblem(f"The CalDAV server at {host} refused the user name or password.")


def test_caldav_address_of_another_user(radicale: RadicaleServer, fetcher: CalendarFetcher) -> None:
    source = CaldavSource(f"{radicale.base_url}/nobody/", radicale.username, radicale.password)
    result = fetcher.fetch(source, NOW)
    assert isinstance(result, FeedProblem)
    assert result == FeedProblem(
        f"The CalDAV server at {radicale.base_url.removeprefix('http://')} does not let this "
        "user read the calendar at that address; please check the address."
    )


def test_a_caldav_answer_that_is_not_xml_is_a_problem_in_words() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(207, content=b"<html>not dav</html")

    source = CaldavSource("https://dav.example.org/cal/", "me", "pw")
    result = shaped(httpx.MockTransport(answer)).fetch(source, NOW)
    assert result == FeedProblem(
        "The server at dav.example.org did not answer like a CalDAV calendar; "
        "please check that the address is the calendar's own."
    )


def test_caldav_address_with_no_calendar(
    radicale: RadicaleServer, fetcher: CalendarFetcher
) -> None:
    source = CaldavSource(
        f"{radicale.base_url}/{radicale.username}/no-such-calendar/",
        radicale.username,
        radicale.password,
    )
    result = fetcher.fetch(source, NOW)
    assert result == FeedProblem(
        f"The calendar at {radicale.base_url.removeprefix('http://')} answered 404: the address "
        "is wrong or the feed was removed."
    )
