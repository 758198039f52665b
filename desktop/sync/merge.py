"""Field-by-field bookkeeping of pending availability edits, and the merge after a 412.

Fields are dotted paths (`quiet_hours.start`), so that quiet hours merge part by part.
Some fields make one choice together ("busy for 1 h" is a preference and its expiry):
those are queued, merged and refused as a unit, never half from each side.
Pure functions of plain data: no Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PREFERENCE = ("preference", "preference_expires_at")
# Start, end and zone make one window: half of a new window is a wrong window.
QUIET_WINDOW = ("quiet_hours.start", "quiet_hours.end", "quiet_hours.timezone")
UNITS = (PREFERENCE, QUIET_WINDOW)

LABELS = {
    "preference": "Your status",
    "preference_expires_at": "How long your status lasts",
    "max_concurrent_sessions": "Maximum concurrent sessions",
    "online_availability": "Online sessions",
    "in_person_availability": "In-person sessions",
    "quiet_hours.enabled": "Quiet hours",
    "quiet_hours.timezone": "The quiet hours' time zone",
    "quiet_hours.start": "The start of quiet hours",
    "quiet_hours.end": "The end of quiet hours",
    "quiet_hours.days": "The days of quiet hours",
}


def label(field: str) -> str:
    return LABELS.get(field, field)


def unit_of(path: str) -> tuple[str, ...]:
    """The fields that go together with `path` (itself included)."""
    for unit in UNITS:
        if path in unit:
            return unit
    return (path,)


def in_units(paths: Iterable[str]) -> list[list[str]]:
    """`paths` grouped by unit, in the order they first appear."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        groups.setdefault(unit_of(path), []).append(path)
    return list(groups.values())


def flatten(changes: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"quiet_hours": {"start": "21:00"}}` → `{"quiet_hours.start": "21:00"}`."""
    flat: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `flatten`: a PATCH body."""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        here = nested
        for name in parents:
            here = here.setdefault(name, {})
        here[last] = value
    return nested


_MISSING = object()


def value_at(document: dict[str, Any] | None, path: str) -> Any:
    """The value at a dotted path, or `_MISSING`."""
    here: Any = document
    for name in path.split("."):
        if not isinstance(here, dict) or name not in here:
            return _MISSING
        here = here[name]
    return here


@dataclass
class PendingField:
    value: Any
    base: Any  # what the server held when the person made the edit
    base_known: bool

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "base": self.base, "base_known": self.base_known}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> PendingField:
        return cls(raw["value"], raw.get("base"), bool(raw.get("base_known")))


def pending_from(known: dict[str, Any] | None, path: str, value: Any) -> PendingField:
    base = value_at(known, path)
    if base is _MISSING:
        return PendingField(value, None, base_known=False)
    return PendingField(value, base, base_known=True)


def add_edit(
    pending: dict[str, PendingField], known: dict[str, Any] | None, changes: dict[str, Any]
) -> None:
    """Queue `changes` (a PATCH body) in `pending`. A later edit of a field wins.

    A unit is always queued whole: the fields the edit leaves out keep what the person
    sees now. A preference set without an expiry has none, as on the server.
    """
    flat = flatten(changes)
    if "preference" in flat:
        flat.setdefault("preference_expires_at", None)
    for path, value in flat.items():
        if path in pending:
            pending[path].value = value  # coalesce; keep the original base
        else:
            pending[path] = pending_from(known, path, value)
    complete_units(pending, known)


def complete_units(pending: dict[str, PendingField], known: dict[str, Any] | None) -> None:
    """Add to `pending` the rest of each unit it holds part of, at the value in `known`."""
    for unit in UNITS:
        if not any(path in pending for path in unit):
            continue
        for path in unit:
            value = value_at(known, path)
            if path not in pending and value is not _MISSING:
                pending[path] = PendingField(value, value, base_known=True)


@dataclass(frozen=True)
class Lost:
    field: str
    message: str


def merge(
    pending: dict[str, PendingField], current: dict[str, Any]
) -> tuple[dict[str, PendingField], list[Lost]]:
    """After a 412: which edits still go (the server kept their base), which lost.

    A unit the server already holds at the edited values is done. A unit the server has
    not changed since the edit was made keeps the local values. Otherwise the server wins
    for the whole unit, and a `Lost` names the unit by its first field.
    """
    kept: dict[str, PendingField] = {}
    lost: list[Lost] = []
    for paths in in_units(pending):
        edits = {path: pending[path] for path in paths}
        now = {path: value_at(current, path) for path in paths}
        if all(_same(path, now[path], edit.value) for path, edit in edits.items()):
            continue
        if all(
            not edit.base_known or now[path] is _MISSING or _same(path, now[path], edit.base)
            for path, edit in edits.items()
        ):
            for path, edit in edits.items():
                kept[path] = pending_from(current, path, edit.value)
            continue
        field = unit_of(paths[0])[0]
        mine = {path: edit.value for path, edit in edits.items()}
        lost.append(
            Lost(
                field,
                f"{label(field)} was changed elsewhere to {_shown_unit(now)} before your "
                f"change to {_shown_unit(mine)} reached the server, so the other change was "
                "kept.",
            )
        )
    return kept, lost


def _same(path: str, a: Any, b: Any) -> bool:
    """Equal values; times compare as instants, whatever offset notation they use."""
    if path == "preference_expires_at" and isinstance(a, str) and isinstance(b, str):
        try:
            return datetime.fromisoformat(a) == datetime.fromisoformat(b)
        except ValueError:
            return a == b
    return bool(a == b)


def overlay(known: dict[str, Any] | None, pending: dict[str, PendingField]) -> dict[str, Any]:
    """The document as the person sees it: what the server holds, with pending edits on top."""
    view: dict[str, Any] = _copy(known or {})
    for path, edit in pending.items():
        *parents, last = path.split(".")
        here = view
        for name in parents:
            here = here.setdefault(name, {})
        here[last] = edit.value
    return view


def _copy(document: dict[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in document.items()}


def _shown_unit(values: dict[str, Any]) -> str:
    if "preference" in values:
        expires = values.get("preference_expires_at")
        shown = _shown(values["preference"])
        return f"{shown} until {expires}" if isinstance(expires, str) else shown
    return ", ".join(_shown(value) for value in values.values())


def _shown(value: Any) -> str:
    if value is None or value is _MISSING:
        return "nothing"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
