"""Finds the files in `resources/`, in a source checkout and in an installed package."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource(relative: str) -> Path:
    """The path of `resources/<relative>`; FileNotFoundError names it when missing."""
    for base in (_HERE / "resources", _HERE.parent / "resources"):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"the app's resource {relative} is missing")
