"""Do Not Disturb on GNOME: `org.gnome.desktop.notifications show-banners` off.

The app has no GIO bindings, so it asks `gsettings` once and then keeps one
`gsettings monitor` running, which prints a line at each change: no polling.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal, Slot

from desktop.signals.do_not_disturb_reading import DndPart
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

SCHEMA = "org.gnome.desktop.notifications"
KEY = "show-banners"


def banners_shown(text: str) -> bool | None:
    """'true' / 'false', or a monitor's 'show-banners: false'; None for anything else."""
    value = text.strip().rpartition(":")[2].strip() if ":" in text else text.strip()
    return {"true": True, "false": False}.get(value)


class GnomeBanners(QObject):
    """Signals:
    changed(DndPart): read at start, at each change, or no longer readable.
    """

    changed = Signal(object)

    def __init__(
        self,
        gsettings: str | None = None,
        environment: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`gsettings`: the program (found on PATH by default); `environment`: its
        environment (this process's by default)."""
        super().__init__(parent)
        self._program = gsettings or shutil.which("gsettings")
        self._source = tr("GNOME's notification settings")
        self._get = QProcess(self)
        self._get.finished.connect(self.on_get_finished)
        self._get.errorOccurred.connect(self.on_error)
        self._monitor = QProcess(self)
        self._monitor.readyReadStandardOutput.connect(self.on_monitor_output)
        self._monitor.finished.connect(self.on_monitor_finished)
        self._monitor.errorOccurred.connect(self.on_error)
        if environment is not None:
            variables = QProcessEnvironment()
            for name, value in environment.items():
                variables.insert(name, value)
            for process in (self._get, self._monitor):
                process.setProcessEnvironment(variables)
        self._running = False

    def start(self) -> None:
        self._running = True
        if self._program is None:
            self._tell(None, tr("GNOME's settings tool is not installed."))
            return
        self._get.start(self._program, ["get", SCHEMA, KEY])

    def stop(self) -> None:
        self._running = False
        for process in (self._get, self._monitor):
            if process.state() is not QProcess.ProcessState.NotRunning:
                process.kill()
                process.waitForFinished(1000)

    @Slot(int, QProcess.ExitStatus)
    def on_get_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if not self._running:
            return
        shown = banners_shown(bytes(self._get.readAllStandardOutput().data()).decode())
        if code != 0 or shown is None:
            # No such schema: not a GNOME desktop, or one without these settings.
            self._tell(None, tr("This is not a GNOME desktop."))
            return
        self._tell(not shown)
        assert self._program is not None
        self._monitor.start(self._program, ["monitor", SCHEMA, KEY])

    @Slot()
    def on_monitor_output(self) -> None:
        while self._monitor.canReadLine():
            line = bytes(self._monitor.readLine().data()).decode(errors="replace")
            shown = banners_shown(line)
            if shown is not None and self._running:
                self._tell(not shown)

    @Slot(int, QProcess.ExitStatus)
    def on_monitor_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self._running:
            log.info("gsettings monitor ended (%s)", code)
            self._tell(None, tr("GNOME's settings stopped answering."))

    @Slot(QProcess.ProcessError)
    def on_error(self, error: QProcess.ProcessError) -> None:
        # A program that never started sends no `finished`: this is the only word of it.
        if error is QProcess.ProcessError.FailedToStart and self._running:
            log.info("gsettings could not be started")
            self._tell(None, tr("GNOME's settings tool could not be started."))

    def _tell(self, on: bool | None, problem: str | None = None) -> None:
        self.changed.emit(DndPart(self._source, on, problem))
