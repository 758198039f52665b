"""The server's clock, injected so that tests can move time without sleeping."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""

    async def sleep_until(self, deadline: datetime) -> None:
        """Return once `now()` has reached `deadline`."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, deadline: datetime) -> None:
        delay = (deadline - self.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)


class ManualClock:
    """A clock that moves only when told to; waiters wake when it passes their deadline.

    Safe to advance from any thread while event loops in other threads wait on it.
    """

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()
        self._waiters: list[tuple[datetime, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, by: timedelta) -> datetime:
        return self.set(self.now() + by)

    def set(self, moment: datetime) -> datetime:
        with self._lock:
            self._now = moment
            due = [w for w in self._waiters if w[0] <= moment]
            self._waiters = [w for w in self._waiters if w[0] > moment]
        for _, loop, future in due:
            loop.call_soon_threadsafe(_resolve, future)
        return moment

    async def sleep_until(self, deadline: datetime) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if deadline <= self._now:
                return
            self._waiters.append((deadline, loop, future))
        try:
            await future
        finally:
            with self._lock:
                self._waiters = [w for w in self._waiters if w[2] is not future]


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
