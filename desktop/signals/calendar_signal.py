"""The calendar as a signal: "busy until T" from the professional's calendar sources.

Sources are read and fetched on a worker thread (the keyring and the network may both
block); the busy blocks come back to the UI thread as a Qt signal. Between fetches a
single-shot timer wakes at the next edge (the end of the busy block, the next event's
start), so the reading turns on and off on time without waiting for a fetch.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, Qt, QTimer, QTimeZone, Signal, Slot

from desktop.signals.calendar_busy import (
    DEFAULT_HORIZON,
    BusyBlock,
    CalendarProblem,
    busy_at,
    event_blocks,
    merge_blocks,
    next_change,
)
from desktop.signals.calendar_fetch import CalendarFetcher, FeedProblem
from desktop.signals.calendar_reading import NO_CALENDARS, CalendarReading, SourceState
from desktop.signals.calendar_sources import CalendarSources, source_label
from desktop.sync.worker import Worker
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

REFRESH_INTERVAL = timedelta(minutes=5)
# How long a feed that stopped answering still counts with its last good copy: long
# enough to ride out a server's bad afternoon, short enough that a removed session does
# not keep the professional "busy" into the next day.
KEEP_LAST_GOOD = timedelta(hours=6)


@dataclass(frozen=True)
class _Outcome:
    """One source's fetch, as the worker hands it over (keyed by the address, in memory)."""

    url: str = field(repr=False)
    label: str
    blocks: tuple[BusyBlock, ...] | None
    problem: str | None
    at: datetime


@dataclass(frozen=True)
class _Round:
    outcomes: tuple[_Outcome, ...]
    list_problem: str | None


@dataclass(frozen=True)
class _Kept:
    label: str
    blocks: tuple[BusyBlock, ...]
    good_at: datetime | None
    problem: str | None
    tried_at: datetime


def _system_zone() -> tzinfo:
    """The system's zone with its DST rules, so that all-day and floating events near a
    DST switch land right; the offset in force now when the zone has no IANA name."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


class CalendarSignal(QObject):
    """Watches the calendar sources of one account.

    Signals:
        changed(CalendarReading): the reading changed (a fetch, a source, or an edge).
    """

    changed = Signal(object)
    _fetched = Signal(object)

    def __init__(
        self,
        sources: CalendarSources,
        fetcher: CalendarFetcher | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        local_zone: tzinfo | None = None,
        refresh_interval: timedelta = REFRESH_INTERVAL,
        keep_last_good: timedelta = KEEP_LAST_GOOD,
        horizon: timedelta = DEFAULT_HORIZON,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sources = sources
        self._fetcher = fetcher if fetcher is not None else CalendarFetcher(horizon=horizon)
        self._now = clock
        self._zone = local_zone
        self._keep = keep_last_good
        self._horizon = horizon
        self._kept: dict[str, _Kept] = {}
        self._list_problem: str | None = None
        self._worker: Worker | None = None
        self.reading = NO_CALENDARS
        self._told = False
        self.next_edge: datetime | None = None
        self._refresh = QTimer(self)
        self._refresh.setInterval(int(refresh_interval.total_seconds() * 1000))
        self._refresh.timeout.connect(self.on_refresh_due)
        self.edge_timer = QTimer(self)
        self.edge_timer.setSingleShot(True)
        # Coarse timers may fire up to 5% early; an edge should not be late or early.
        self.edge_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.edge_timer.timeout.connect(self.on_edge)
        self._fetched.connect(self.on_fetched)

    def start(self) -> None:
        """Fetch now, then every refresh interval."""
        if self._worker is None:
            self._worker = Worker("calendar")
        self._refresh.start()
        self.on_refresh_due()

    def stop(self) -> None:
        """Stop fetching and timing; returns at once (the worker ends after its job)."""
        self._refresh.stop()
        self.edge_timer.stop()
        if self._worker is not None:
            self._worker.shut_down()
            self._worker = None

    @Slot()
    def on_refresh_due(self) -> None:
        worker = self._worker
        if worker is not None:
            worker.submit(lambda: self._fetch_all(worker), key="fetch")

    @Slot()
    def on_sources_changed(self) -> None:
        """The list was edited: fetch at once rather than at the next refresh."""
        self.on_refresh_due()

    def _zone_now(self) -> tzinfo:
        return self._zone if self._zone is not None else _system_zone()

    def _fetch_all(self, worker: Worker) -> None:
        """On the worker: read the list, fetch every source, expand its busy blocks."""
        stored = self._sources.read()
        outcomes = []
        for source in stored.sources:
            if worker.closing:
                return
            now = self._now()
            label = source_label(source.url)
            try:
                fetched = self._fetcher.fetch(source, now)
            except Exception as error:  # the fetcher answers in words; this is a last guard
                log.warning("Calendar at %s failed: %s", label, type(error).__name__)
                fetched = FeedProblem(tr("The calendar at {host} could not be read.", host=label))
            if isinstance(fetched, FeedProblem):
                outcomes.append(_Outcome(source.url, label, None, fetched.words, now))
                continue
            blocks: list[BusyBlock] = []
            problem = None
            for calendar in fetched.calendars:
                found = event_blocks(calendar, now, now + self._horizon, self._zone_now())
                if isinstance(found, CalendarProblem):
                    problem = found.words
                else:
                    blocks.extend(found)
            merged = None if problem else merge_blocks(blocks)
            outcomes.append(_Outcome(source.url, label, merged, problem, now))
        if not worker.closing:
            self._fetched.emit(_Round(tuple(outcomes), stored.problem))

    @Slot(object)
    def on_fetched(self, fetched: _Round) -> None:
        kept: dict[str, _Kept] = {}
        for outcome in fetched.outcomes:
            before = self._kept.get(outcome.url)
            if outcome.blocks is not None:
                kept[outcome.url] = _Kept(
                    outcome.label, outcome.blocks, outcome.at, None, outcome.at
                )
            elif before is not None:
                kept[outcome.url] = _Kept(
                    outcome.label, before.blocks, before.good_at, outcome.problem, outcome.at
                )
            else:
                kept[outcome.url] = _Kept(outcome.label, (), None, outcome.problem, outcome.at)
        self._kept = kept
        self._list_problem = fetched.list_problem
        self.on_edge()

    def _usable(self, kept: _Kept, now: datetime) -> bool:
        return kept.good_at is not None and (
            kept.problem is None or now - kept.good_at <= self._keep
        )

    def _state(self, kept: _Kept, now: datetime) -> SourceState:
        if kept.problem is None:
            return SourceState(kept.label, True, None, kept.good_at)
        words = kept.problem
        if kept.good_at is not None and self._usable(kept, now):
            since = kept.good_at.astimezone(self._zone_now()).strftime("%H:%M")
            hours = int(self._keep.total_seconds() // 3600)
            words = tr(
                "{problem} Its copy from {time} is still used, for up to {hours} hours.",
                problem=words,
                time=since,
                hours=hours,
            )
        elif kept.good_at is not None:
            words = tr(
                "{problem} Its last copy is too old, so it is no longer used.", problem=words
            )
        return SourceState(kept.label, False, words, kept.good_at)

    @Slot()
    def on_edge(self) -> None:
        """Read the calendars at the clock's now, and wait for the next edge."""
        now = self._now()
        usable = [kept for kept in self._kept.values() if self._usable(kept, now)]
        blocks = merge_blocks(block for kept in usable for block in kept.blocks)
        busy = busy_at(blocks, now)
        states = tuple(self._state(kept, now) for kept in self._kept.values())
        reading = CalendarReading(
            available=bool(usable),
            busy_until=busy.until if busy is not None else None,
            titles=busy.titles if busy is not None else (),
            sources=states,
            list_problem=self._list_problem,
        )
        self._schedule(next_change(blocks, now), now)
        if reading != self.reading or not self._told:
            self.reading = reading
            self._told = True
            log.info(
                "Calendar reading: %s, %d sources",
                "busy" if busy is not None else "free",
                len(states),
            )
            self.changed.emit(reading)

    def _schedule(self, edge: datetime | None, now: datetime) -> None:
        self.next_edge = edge
        if edge is None:
            self.edge_timer.stop()
            return
        # Never longer than a refresh: a clock that jumps (a suspend) is caught up soon.
        wait = min(edge - now, timedelta(milliseconds=self._refresh.interval()))
        # Rounded up: a timer that fires a fraction early would only come round again.
        self.edge_timer.start(max(0, math.ceil(wait.total_seconds() * 1000)))
