"""One running app per user: a QLockFile, held for as long as the app runs.

Only QtCore: the launcher takes the lock before the tray icon shows, and must not wait
for heavier imports to do it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def take_instance_lock(path: Path) -> QLockFile | None:
    """The lock, held for as long as the returned object lives; None if another app holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # only a dead holder's lock is stale, however old
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    raise OSError(f"cannot create the lock file {path}")


def instance_running(path: Path) -> bool:
    """Whether a live app holds the lock (it may still be starting).

    A lock file that cannot be read or made (another user's, a read-only folder) says
    nothing about a running app here: not running.
    """
    if not path.exists():
        return False
    try:
        lock = take_instance_lock(path)
    except OSError:
        return False
    if lock is None:
        return True
    lock.unlock()
    return False
