"""Exceptions nothing caught: logged with their traceback and told, never only on stderr.

PySide6 hands an exception raised in a slot (a signal's handler, a timer, a virtual
method) to `sys.excepthook` and carries on; the default hook only prints it to stderr,
where nobody looks, and the app is left half-done. A worker thread's exception goes to
`threading.excepthook` and ends that thread just as quietly. Both hooks here log it and
tell the person, on the UI thread, what failed.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal

from desktop.wording import app_messages

log = logging.getLogger(__name__)

MAX_DETAIL = 200  # characters of the exception's own message shown to the person


def describe(error: BaseException, log_file: Path | None, where: str = "") -> str:
    """What failed, for the person: the error in short, and where the details are."""
    detail = str(error).strip() or type(error).__name__
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    return app_messages.something_failed(detail, where, log_file)


class UnhandledErrors(QObject):
    """Installs the hooks; `tell(text)` is called on this object's (the UI) thread.

    A hook that was there before, other than Python's default, still sees each exception
    (a test harness records them that way).

    Signals:
        failed(str): an exception reached no handler; what failed, in words.
    """

    failed = Signal(str)

    def __init__(
        self,
        tell: Callable[[str], None],
        log_file: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._log_file = log_file
        self._installed = False
        self._telling = threading.local()  # `tell` failing must not loop through the hook
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self.failed.connect(tell)  # queued when a worker thread emits

    def install(self) -> None:
        self._previous, self._previous_thread = sys.excepthook, threading.excepthook
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception
        self._installed = True

    def uninstall(self) -> None:
        """Put the earlier hooks back; if others were installed since, stand aside instead."""
        self._installed = False
        if sys.excepthook == self.on_exception:
            sys.excepthook = self._previous
        if threading.excepthook == self.on_thread_exception:
            threading.excepthook = self._previous_thread

    def on_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if getattr(self._telling, "now", False):
            log.error("Telling the person about an error failed", exc_info=(kind, error, traceback))
            return
        if self._installed and not isinstance(error, KeyboardInterrupt | SystemExit):
            log.error("An unhandled error", exc_info=(kind, error, traceback))
            self._tell(describe(error, self._log_file))
            if self._previous is sys.__excepthook__:
                return  # it would print the traceback to stderr twice: the log does
        self._previous(kind, error, traceback)

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        thread = args.thread.name if args.thread is not None else "a worker"
        if self._installed and args.exc_value is not None:
            exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
            log.error("An unhandled error in the thread %s", thread, exc_info=exc_info)
            self._tell(describe(args.exc_value, self._log_file, f"the {thread} thread"))
            if self._previous_thread is threading.__excepthook__:
                return
        self._previous_thread(args)

    def _tell(self, text: str) -> None:
        self._telling.now = True
        try:
            self.failed.emit(text)
        except Exception:  # the hook must never raise: Python would only print both
            log.exception("Telling the person about an error failed")
        finally:
            self._telling.now = False
