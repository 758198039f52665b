"""Reading calendars over the network: ICS feeds with conditional GETs, CalDAV with a REPORT.

Every failure comes back as a `FeedProblem` in words for the professional, never as an
exception. Addresses may carry secret tokens, so only the host is ever logged or shown.
Blocking: call it off the UI thread. One fetcher holds one cache, for one thread.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import httpx
import icalendar

from desktop.signals.calendar_busy import DEFAULT_HORIZON, CalendarProblem, parse_calendar
from desktop.signals.calendar_sources import CaldavSource, CalendarSource, source_label
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="{start}" end="{end}"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>
"""


@dataclass(frozen=True)
class FeedProblem:
    """Why a calendar could not be read, in words for the professional."""

    words: str


@dataclass(frozen=True)
class Fetched:
    """The calendars read from one source (a CalDAV collection gives one per event)."""

    calendars: tuple[icalendar.Calendar, ...]
    not_modified: bool = False


@dataclass(frozen=True)
class _Cached:
    etag: str | None
    last_modified: str | None
    calendars: tuple[icalendar.Calendar, ...]


class _TooLarge(Exception):
    pass


def http_address(url: str) -> str:
    """`webcal://` and `webcals://` are https:// in disguise (as calendar apps read them)."""
    stripped = url.strip()
    scheme, sep, rest = stripped.partition("://")
    if sep and scheme.lower() in ("webcal", "webcals"):
        return f"https://{rest}"
    return stripped


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _connection_words(error: httpx.TransportError, host: str) -> str:
    """What went wrong on the way, from the error's kind: its text may hold the address."""
    if isinstance(error, httpx.TimeoutException):
        return tr(
            "The calendar at {host} did not answer in time; it will be tried again.", host=host
        )
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return tr(
                "Could not reach {host}: its security certificate could not be verified.", host=host
            )
        if isinstance(cause, ConnectionRefusedError):
            return tr("Could not reach {host}: the server refused the connection.", host=host)
        text = str(cause).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return tr("Could not reach {host}: no server of that name was found.", host=host)
        if "getaddrinfo failed" in text or "temporary failure in name resolution" in text:
            return tr("Could not reach {host}: no server of that name was found.", host=host)
        cause = cause.__cause__ or cause.__context__
    return tr("Could not reach {host}: the connection failed; it will be tried again.", host=host)


def _status_words(status: int, host: str, caldav: bool) -> str:
    if status == 401 and caldav:
        return tr("The CalDAV server at {host} refused the user name or password.", host=host)
    if status == 403 and caldav:
        return tr(
            "The CalDAV server at {host} does not let this user read the calendar at that "
            "address; please check the address.",
            host=host,
        )
    if status in (401, 403):
        return tr(
            "The calendar at {host} answered {status}: access was refused; the shared address "
            "may have been changed or withdrawn.",
            host=host,
            status=status,
        )
    if status in (404, 410):
        return tr(
            "The calendar at {host} answered {status}: the address is wrong or the feed was "
            "removed.",
            host=host,
            status=status,
        )
    if status >= 500:
        return tr(
            "The calendar at {host} answered {status}: the server has a problem; it will be "
            "tried again.",
            host=host,
            status=status,
        )
    return tr(
        "The calendar at {host} answered {status}, which was not expected.",
        host=host,
        status=status,
    )


class CalendarFetcher:
    """Reads sources with `client` (by default its own, with timeouts and redirects)."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        max_bytes: int = MAX_BYTES,
        horizon: timedelta = DEFAULT_HORIZON,
    ) -> None:
        self._client = client if client is not None else httpx.Client(timeout=TIMEOUT)
        self._max_bytes = max_bytes
        self._horizon = horizon
        self._cache: dict[str, _Cached] = {}

    def close(self) -> None:
        self._client.close()

    def fetch(self, source: CalendarSource, now: datetime) -> Fetched | FeedProblem:
        """The calendars of `source` as of `now` (aware), or why not."""
        host = source_label(source.url)
        try:
            if isinstance(source, CaldavSource):
                result = self._fetch_caldav(source, now, host)
            else:
                result = self._fetch_ics(http_address(source.url), host)
        except httpx.TransportError as error:
            log.info("Calendar at %s not reached: %s", host, type(error).__name__)
            return FeedProblem(_connection_words(error, host))
        except _TooLarge:
            log.info("Calendar at %s is larger than %d bytes", host, self._max_bytes)
            megabytes = self._max_bytes // (1024 * 1024)
            return FeedProblem(
                tr(
                    "The calendar at {host} is larger than {megabytes} MB, so it was not read.",
                    host=host,
                    megabytes=megabytes,
                )
            )
        except httpx.HTTPError as error:  # an address httpx cannot use, too many redirects…
            log.info("Calendar at %s not fetched: %s", host, type(error).__name__)
            return FeedProblem(
                tr("The calendar at {host} could not be fetched from its address.", host=host)
            )
        if isinstance(result, FeedProblem):
            log.info("Calendar at %s: %s", host, result.words)
        else:
            log.debug("Calendar at %s read: %d calendars", host, len(result.calendars))
        return result

    def _read_body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise _TooLarge
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise _TooLarge
        return bytes(body)

    def _fetch_ics(self, url: str, host: str) -> Fetched | FeedProblem:
        cached = self._cache.get(url)
        headers = {"Accept": "text/calendar, */*;q=0.5"}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        with self._client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            if response.status_code == 304 and cached is not None:
                return Fetched(cached.calendars, not_modified=True)
            if response.status_code != 200:
                return FeedProblem(_status_words(response.status_code, host, caldav=False))
            body = self._read_body(response)
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
        parsed = parse_calendar(body, host)
        if isinstance(parsed, CalendarProblem):
            self._cache.pop(url, None)
            return FeedProblem(parsed.words)
        self._cache[url] = _Cached(etag, last_modified, (parsed,))
        return Fetched((parsed,))

    def _fetch_caldav(
        self, source: CaldavSource, now: datetime, host: str
    ) -> Fetched | FeedProblem:
        # A day back catches the events that began before now and still run.
        query = _QUERY.format(
            start=_utc_stamp(now - timedelta(days=1)), end=_utc_stamp(now + self._horizon)
        )
        with self._client.stream(
            "REPORT",
            source.url.strip(),
            content=query.encode(),
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            auth=httpx.BasicAuth(source.username, source.password),
            follow_redirects=True,
        ) as response:
            if response.status_code != 207:
                return FeedProblem(_status_words(response.status_code, host, caldav=True))
            body = self._read_body(response)
        return _calendars_in_multistatus(body, host)


def _calendars_in_multistatus(body: bytes, host: str) -> Fetched | FeedProblem:
    """The `calendar-data` of each response that has one (207 Multi-Status, RFC 4791)."""
    not_caldav = FeedProblem(
        tr(
            "The server at {host} did not answer like a CalDAV calendar; please check that the "
            "address is the calendar's own.",
            host=host,
        )
    )
    if b"<!ENTITY" in body:
        # Entity declarations have no place in a CalDAV answer and can blow up the parser.
        return not_caldav
    try:
        # Safe with entity declarations refused above; expat >= 2.4 also bounds expansion.
        root = ElementTree.fromstring(body)  # noqa: S314
    except ElementTree.ParseError:
        return not_caldav
    if root.tag != f"{_DAV}multistatus":
        return not_caldav
    calendars = []
    for data in root.iter(f"{_CALDAV}calendar-data"):
        if not (data.text or "").strip():
            continue
        parsed = parse_calendar(data.text or "", host)
        if isinstance(parsed, CalendarProblem):
            # One unreadable event should not hide the others.
            log.info("An event on %s did not parse; it is left out", host)
            continue
        calendars.append(parsed)
    return Fetched(tuple(calendars))
