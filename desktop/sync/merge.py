"""Field-by-field bookkeeping of pending availability edits, and the merge after a 412.

Fields are dotted paths (`quiet_hours.start`), so that quiet hours merge part by part.
Some fields make one choice together ("busy for 1 h" is a preference and its expiry):
those are queued, merged and refused as a unit, never half from each side.
Pure functions of plain data: no Qt, no I/O, no words (`desktop.wording` says them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from presence.documents import JsonObject, JsonValue

PREFERENCE = ("preference", "preference_expires_at")
# Start, end and zone make one window: half of a new window is a wrong window.
QUIET_WINDOW = ("quiet_hours.start", "quiet_hours.end", "quiet_hours.timezone")
UNITS = (PREFERENCE, QUIET_WINDOW)
# Fields sent whole: a note's text and its end are one value, and null clears it.
WHOLE = ("status_note",)


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


def flatten(changes: Mapping[str, object], prefix: str = "") -> JsonObject:
    """`{"quiet_hours": {"start": "21:00"}}` → `{"quiet_hours.start": "21:00"}`."""
    flat: JsonObject = {}
    for name, value in changes.items():
        if isinstance(value, Mapping) and f"{prefix}{name}" not in WHOLE:
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = cast(JsonValue, value)
    return flat


def _put(document: JsonObject, path: str, value: JsonValue) -> None:
    *parents, last = path.split(".")
    here = document
    for name in parents:
        inner = here.setdefault(name, {})
        assert isinstance(inner, dict)
        here = inner
    here[last] = value


def unflatten(flat: JsonObject) -> JsonObject:
    """The inverse of `flatten`: a PATCH body."""
    nested: JsonObject = {}
    for path, value in flat.items():
        _put(nested, path, value)
    return nested


_MISSING = object()


def value_at(document: JsonObject | None, path: str) -> JsonValue | object:
    """The value at a dotted path, or `_MISSING`."""
    here: JsonValue | object = document
    for name in path.split("."):
        if not isinstance(here, dict) or name not in here:
            return _MISSING
        here = here[name]
    return here


@dataclass
class PendingField:
    value: JsonValue
    base: JsonValue  # what the server held when the person made the edit
    base_known: bool

    def to_json(self) -> JsonObject:
        return {"value": self.value, "base": self.base, "base_known": self.base_known}

    @classmethod
    def from_json(cls, raw: JsonObject) -> PendingField:
        return cls(raw["value"], raw.get("base"), bool(raw.get("base_known")))


def pending_from(known: JsonObject | None, path: str, value: JsonValue) -> PendingField:
    base = value_at(known, path)
    if base is _MISSING:
        return PendingField(value, None, base_known=False)
    return PendingField(value, cast(JsonValue, base), base_known=True)


def add_edit(
    pending: dict[str, PendingField], known: JsonObject | None, changes: Mapping[str, object]
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


def complete_units(pending: dict[str, PendingField], known: JsonObject | None) -> None:
    """Add to `pending` the rest of each unit it holds part of, at the value in `known`."""
    for unit in UNITS:
        if not any(path in pending for path in unit):
            continue
        for path in unit:
            value = value_at(known, path)
            if path not in pending and value is not _MISSING:
                known_value = cast(JsonValue, value)
                pending[path] = PendingField(known_value, known_value, base_known=True)


@dataclass(frozen=True)
class Lost:
    """A unit whose edit lost: named by its first field, with both sides' values."""

    field: str
    theirs: JsonObject  # path → what the server holds now
    mine: JsonObject  # path → what the edit asked for


def merge(
    pending: dict[str, PendingField], current: JsonObject
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
        theirs = {path: value for path, value in now.items() if value is not _MISSING}
        mine = {path: edit.value for path, edit in edits.items()}
        lost.append(Lost(field, cast(JsonObject, theirs), mine))
    return kept, lost


def _same(path: str, a: object, b: object) -> bool:
    """Equal values; times compare as instants, whatever offset notation they use."""
    if path == "preference_expires_at" and isinstance(a, str) and isinstance(b, str):
        try:
            return datetime.fromisoformat(a) == datetime.fromisoformat(b)
        except ValueError:
            return a == b
    return bool(a == b)


def overlay(known: JsonObject | None, pending: dict[str, PendingField]) -> JsonObject:
    """The document as the person sees it: what the server holds, with pending edits on top."""
    view: JsonObject = _copy(known or {})
    for path, edit in pending.items():
        _put(view, path, edit.value)
    return view


def _copy(document: JsonObject) -> JsonObject:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in document.items()}
