"""Choose the idle source: the first candidate whose real call answers, else unknown."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from desktop.activity.state import IdleSource

log = logging.getLogger(__name__)

IdleSourceFactory = Callable[[], IdleSource]


class UnknownIdleSource:
    """No way to measure idleness on this desktop: every reading is None, never "active"."""

    name = "unknown"

    def idle_seconds(self) -> float | None:
        """Always None: the app then says automatic away is unavailable."""
        return None

    def close(self) -> None:
        """Nothing to release."""


def probe_idle_source(candidates: Iterable[IdleSourceFactory]) -> IdleSource:
    """Build each candidate in turn and keep the first whose idle_seconds() answers."""
    for factory in candidates:
        try:
            source = factory()
        except (OSError, ImportError, RuntimeError, ValueError) as error:
            log.info("idle source %s unavailable: %s", _describe(factory), error)
            continue
        try:
            reading = source.idle_seconds()
        except (OSError, RuntimeError, ValueError) as error:
            log.info("idle source %s failed its first reading: %s", source.name, error)
            reading = None
        if reading is not None:
            log.info("idle source: %s (idle %.1f s)", source.name, reading)
            return source
        log.info("idle source %s gave no reading", source.name)
        source.close()
    log.warning("no idle source works here: automatic away is unavailable")
    return UnknownIdleSource()


def _describe(factory: IdleSourceFactory) -> str:
    return str(getattr(factory, "__name__", None) or getattr(factory, "name", repr(factory)))
