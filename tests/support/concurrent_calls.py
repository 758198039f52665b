"""Calls released at the same moment from many threads, to provoke races in the server."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx

T = TypeVar("T")


def all_at_once(count: int, call: Callable[[httpx.Client, int], T], url: str) -> list[T]:
    """`count` calls released together from a barrier, each in its own thread with its
    own client, connected beforehand so that no connection set-up staggers them."""
    barrier = threading.Barrier(count)

    def released(number: int) -> T:
        with httpx.Client(base_url=url, timeout=60) as client:
            client.get("/healthz")
            barrier.wait()
            return call(client, number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(released, range(count)))
