"""Slow, memory-hungry calls (argon2 hashing) in a few threads at most.

Each argon2 hash takes `argon2_memory_cost` KiB for its whole run. Run in the web
server's own thread pool, 40 sign-ins at once held 40 of them (1.8 GB). Here at most
`limit` run at once; the rest wait without holding a thread, and every other route
keeps its threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple, Unpack

import anyio
import anyio.to_thread

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class BoundedWorkers:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        # Made at first use: a limiter belongs to the event loop that serves requests.
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, function: Callable[[Unpack[Ts]], T], *args: *Ts) -> T:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.limit)
        return await anyio.to_thread.run_sync(function, *args, limiter=self._limiter)
