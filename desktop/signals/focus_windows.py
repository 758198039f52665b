"""Do Not Disturb on Windows: the shell's notification state (Focus Assist, presentations,
full-screen games), polled: there is no cheap change notification for it."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.signals.do_not_disturb_reading import DndPart
from desktop.signals.polled_dnd import POLL_MS, PolledDnd
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

# QUERY_USER_NOTIFICATION_STATE values that mean "do not disturb now".
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_QUIET_TIME = 6
QUIET_STATES = frozenset(
    {QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE, QUNS_QUIET_TIME}
)

# Returns the state, or raises OSError.
QueryState = Callable[[], int]


def shell_notification_state() -> int:
    """SHQueryUserNotificationState (shell32), imported only on Windows."""
    state = ctypes.c_int(0)
    shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
    result = shell32.SHQueryUserNotificationState(ctypes.byref(state))
    if result != 0:
        raise OSError(f"SHQueryUserNotificationState returned {result:#x}")
    return state.value


class WindowsFocusAssist(PolledDnd):
    """Signals:
    changed(DndPart): read every 10 s.
    """

    def __init__(
        self,
        query: QueryState = shell_notification_state,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(poll_ms, parent)
        self._query = query
        self._source = tr("Windows' notification settings")

    def read(self) -> DndPart:
        try:
            state = self._query()
        except (OSError, AttributeError) as error:
            log.debug("Notification state unreadable: %s", error)
            return DndPart(self._source, None, tr("Windows does not say whether it is quiet."))
        return DndPart(self._source, state in QUIET_STATES)
