"""The desktop's Do Not Disturb as a reading: each source's part, and all of them together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.wording.translate import tr


@dataclass(frozen=True)
class DndPart:
    """One source's view: `on` is None when it cannot be read here (`problem` says why)."""

    source: str  # words: "GNOME's notification settings"
    on: bool | None
    problem: str | None = None


@dataclass(frozen=True)
class DndReading:
    """Do Not Disturb is on when any source that can be read says so."""

    available: bool
    on: bool
    source: str | None  # where it was read, in words
    problem: str | None  # why it cannot be read, when it cannot


def combined(parts: Sequence[DndPart]) -> DndReading:
    readable = [part for part in parts if part.on is not None]
    if not readable:
        problems = [part.problem for part in parts if part.problem]
        problem = (
            " ".join(problems)
            if problems
            else tr("This desktop does not tell apps whether it is on.")
        )
        return DndReading(False, False, None, problem)
    on = [part for part in readable if part.on]
    source = tr(" and ").join(part.source for part in (on or readable))
    return DndReading(True, bool(on), source, None)
