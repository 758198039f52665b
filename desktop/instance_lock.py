"""One running app per user: a QLockFile, held for as long as the app runs.

Only QtCore: the launcher takes the lock before the tray icon shows, and must not wait
for heavier imports to do it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QLockFile

log = logging.getLogger(__name__)

# A lock file is written within moments of being made; one older than this that names no
# holder was left half-written (a crash, a full disk) or overwritten, and holds nothing.
UNREADABLE_LOCK_AGE = 5.0


def take_instance_lock(path: Path) -> QLockFile | None:
    """The lock, held for as long as the returned object lives; None if another app holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # only a dead holder's lock is stale, however old
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        # With no stale time, Qt never takes over a lock file whose holder it cannot read.
        if _names_no_holder(lock, path) and lock.removeStaleLockFile() and lock.tryLock(200):
            log.warning("The instance lock file %s named no app and was replaced", path)
            return lock
        return None
    raise OSError(f"cannot create the lock file {path}")


def _names_no_holder(lock: QLockFile, path: Path) -> bool:
    """Whether the lock file is unreadable, and too old to be one still being written."""
    pid, _hostname, _appname = lock.getLockInfo()
    if pid > 0:
        return False
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    return age > UNREADABLE_LOCK_AGE


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
