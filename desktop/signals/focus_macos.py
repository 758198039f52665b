"""Do Not Disturb on macOS: a Focus is on while Focus's assertions file lists one.

macOS offers other apps no API to read Focus; since Monterey the assertions are kept
in `~/Library/DoNotDisturb/DB/Assertions.json`, readable only with Full Disk Access.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject

from desktop.signals.do_not_disturb_reading import DndPart
from desktop.signals.polled_dnd import POLL_MS, PolledDnd
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

ASSERTIONS = Path.home() / "Library" / "DoNotDisturb" / "DB" / "Assertions.json"


def focus_on(document: object) -> bool | None:
    """Whether the assertions say a Focus is on; None when they are not in that shape."""
    if not isinstance(document, dict):
        return None
    data = document.get("data")
    if not isinstance(data, list):
        return None
    if not data:
        return False
    first = data[0]
    if not isinstance(first, dict):
        return None
    records = first.get("storeAssertionRecords", [])
    return bool(records) if isinstance(records, list) else None


class MacFocus(PolledDnd):
    """Signals:
    changed(DndPart): read every 10 s.
    """

    def __init__(
        self, path: Path = ASSERTIONS, poll_ms: int = POLL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(poll_ms, parent)
        self._path = path
        self._source = tr("macOS Focus")

    def read(self) -> DndPart:
        try:
            document = json.loads(self._path.read_bytes())
        except PermissionError:
            return DndPart(
                self._source,
                None,
                tr("macOS lets only apps with Full Disk Access read whether a Focus is on."),
            )
        except FileNotFoundError:
            return DndPart(
                self._source, None, tr("This macOS does not keep Focus where it can be read.")
            )
        except (OSError, ValueError) as error:
            log.debug("Focus assertions unreadable: %s", type(error).__name__)
            return DndPart(self._source, None, tr("macOS Focus could not be read."))
        on = focus_on(document)
        if on is None:
            return DndPart(self._source, None, tr("macOS Focus could not be read."))
        return DndPart(self._source, on)
