"""Files the app could not use: moved aside under a name of their own, never overwritten.

A bad file may still hold something a person wants back (edits made offline, settings
typed by hand), so it is renamed, not deleted, and each one gets a name no other file
has: a second bad file never replaces the first.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from desktop.wording import app_messages


def free_name(path: Path, label: str) -> Path:
    """A name beside `path` that no file has yet: `<name>.<label>-<date>-<time>[-n]`."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    count = 1
    while candidate.exists() or candidate.is_symlink():
        count += 1
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{count}")
    return candidate


def keep_aside(path: Path, label: str = "unreadable", target: Path | None = None) -> Path:
    """Rename `path` to `target` if that is still free, else to a `free_name`; where it went.

    Raises OSError when it cannot be renamed (the folder is read-only).
    """
    if target is None or target.exists() or target.is_symlink():
        target = free_name(path, label)
    os.replace(path, target)
    return target


def why_unreadable(error: BaseException) -> str:
    """What was wrong with a file, in words, from the error that reading it raised."""
    if isinstance(error, json.JSONDecodeError):
        if not error.doc.strip():
            return app_messages.file_is_empty()
        return app_messages.file_is_not_json(error.lineno, error.msg)
    if isinstance(error, UnicodeDecodeError):
        return app_messages.file_is_not_utf8(error.start)
    if isinstance(error, RecursionError):
        return app_messages.file_nested_too_deeply()
    if isinstance(error, OSError):
        return app_messages.file_could_not_be_read(error.strerror or error)
    return str(error)
