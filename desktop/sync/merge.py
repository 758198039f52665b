"""Field-by-field bookkeeping of pending availability edits, and the merge after a 412.

Fields are dotted paths (`quiet_hours.start`), so that quiet hours merge part by part.
Pure functions of plain data: no Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Lost:
    field: str
    message: str


def merge(
    pending: dict[str, PendingField], current: dict[str, Any]
) -> tuple[dict[str, PendingField], list[Lost]]:
    """After a 412: which edits still go (the server kept their base), which lost.

    A field the server already holds at the edited value is done. A field the server has
    not changed since the edit was made keeps the local value. Otherwise the server wins.
    """
    kept: dict[str, PendingField] = {}
    lost: list[Lost] = []
    for path, edit in pending.items():
        now = value_at(current, path)
        if now == edit.value:
            continue
        if not edit.base_known or now == edit.base or now is _MISSING:
            kept[path] = PendingField(edit.value, now, base_known=now is not _MISSING)
            continue
        lost.append(
            Lost(
                path,
                f"{label(path)} was changed elsewhere to {_shown(now)} before your change to "
                f"{_shown(edit.value)} reached the server, so the other change was kept.",
            )
        )
    return kept, lost


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


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
