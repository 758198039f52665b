"""Local mode: the reference server embedded in the app, started off the UI thread.

This is the one place the desktop reaches into `server`, by module path, so that the
desktop package never imports it otherwise (DESIGN.md section 2).
"""

from __future__ import annotations

import importlib
import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.kept_aside import keep_aside
from desktop.wording import app_messages

log = logging.getLogger(__name__)

EMBEDDED_MODULE = "server.embedded"


class LocalServer(QObject):
    """Signals:
    ready(str, str, str): the base URL, and the local professional's email and password.
    failed(str): why local mode cannot run, for the person.
    notice(str): something the person must know, such as a database started afresh.
    """

    ready = Signal(str, str, str)
    failed = Signal(str)
    notice = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start in the background; answers with ready or failed."""
        self._thread = threading.Thread(target=self._run, name="local-server", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            module = importlib.import_module(EMBEDDED_MODULE)
        except ImportError as error:
            log.warning("local mode unavailable: %s", error)
            self.failed.emit(app_messages.server_parts_missing())
            return
        try:
            self._server = module.EmbeddedServer()
            try:
                url, account = self._server.start()
            except module.UnreadableDatabase as error:
                self.notice.emit(self._start_afresh(error.path, error.why))
                url, account = self._server.start()
        except Exception as error:
            log.exception("the embedded server did not start")
            self.failed.emit(app_messages.local_server_failed(error))
            return
        log.info("local mode: embedded server at %s", url)
        self.ready.emit(url, account.email, account.password)

    @staticmethod
    def _start_afresh(database: Path, why: str) -> str:
        """Keep an unreadable database aside for a new one (SQLite has already removed
        journal files that did not match it)."""
        kept = keep_aside(database)
        log.warning("The local database could not be read (%s); kept as %s", why, kept)
        return app_messages.local_database_restarted(why, kept)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._server is not None:
            self._server.stop()
            self._server = None
