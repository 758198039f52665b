"""Linux: a camera is in use while some process holds a `/dev/video*` device open.

The kernel says which files a process holds through the `/proc/<pid>/fd/*` links. Other
users' processes cannot be read without privileges, and processes end while being read:
both are skipped, so a call app of the professional's own (the case that matters) is
always seen. One scan reads every readable process's links, so it is polled, not run on
every event.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from desktop.signals.call_reading import DeviceUse, cannot_check
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

DEVICE_PATTERNS = ("/dev/video*",)


class ProcCameraScan:
    """Reads, in one blocking scan, whether any process holds a camera device open."""

    def __init__(
        self, device_patterns: Iterable[str] = DEVICE_PATTERNS, proc_root: Path = Path("/proc")
    ) -> None:
        self._patterns = tuple(device_patterns)
        self._proc = proc_root
        self.processes_scanned = 0  # in the last scan: for measuring its cost

    def devices(self) -> frozenset[str]:
        """The camera devices present now, by their real paths (links such as
        /dev/v4l/by-id/… resolved, as the kernel's fd links name the device itself)."""
        found = (path for pattern in self._patterns for path in glob.glob(pattern))
        return frozenset(os.path.realpath(path) for path in found)

    def read(self) -> DeviceUse:
        devices = self.devices()
        if not devices:
            return DeviceUse(None, no_camera())
        try:
            entries = list(os.scandir(self._proc))
        except OSError as error:
            log.info("Process list unreadable: %s", type(error).__name__)
            return DeviceUse(None, unreadable())
        self.processes_scanned = 0
        for entry in entries:
            if entry.name.isdigit() and self._holds(entry.path, devices):
                return DeviceUse(True)
        return DeviceUse(False)

    def _holds(self, process: str, devices: frozenset[str]) -> bool:
        self.processes_scanned += 1
        try:
            with os.scandir(os.path.join(process, "fd")) as links:
                for link in links:
                    try:
                        if os.readlink(link.path) in devices:
                            return True
                    except OSError:
                        continue  # closed while being read
        except OSError:
            # Another user's process (PermissionError), or one that ended meanwhile.
            return False
        return False


def no_camera() -> str:
    return cannot_check("camera", tr("no camera device is present."))


def unreadable() -> str:
    return cannot_check("camera", tr("the list of running programs cannot be read."))
