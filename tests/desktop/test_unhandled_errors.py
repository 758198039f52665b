"""Exceptions nothing caught, in a slot or a worker thread: logged, and told on the UI thread."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from desktop.unhandled_errors import UnhandledErrors

LOG_FILE = Path("logs") / "availability.log"


class Sender(QObject):
    fired = Signal()


def fail() -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_told(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    told: list[str] = []
    errors = UnhandledErrors(told.append, LOG_FILE)
    errors.install()
    sender = Sender()
    sender.fired.connect(fail)
    try:
        sender.fired.emit()
    finally:
        errors.uninstall()
    assert told == [
        "Something went wrong: [Errno 28] No space left on device. The app keeps running, "
        f"but what it was doing may be unfinished; the details are in its log ({LOG_FILE})."
    ]
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.getMessage() == "An unhandled error"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], OSError)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_exception_in_a_worker_thread_is_told_on_the_ui_thread(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    told: list[tuple[str, threading.Thread]] = []
    errors = UnhandledErrors(lambda text: told.append((text, threading.current_thread())))
    errors.install()
    try:
        worker = threading.Thread(target=fail, name="outbox")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(told))
    finally:
        errors.uninstall()
    [(text, thread)] = told
    assert text.startswith("Something went wrong in the outbox thread: [Errno 28]")
    assert thread is threading.main_thread()
    assert "An unhandled error in the thread outbox" in caplog.text


def test_uninstall_puts_the_earlier_hooks_back(qtbot: QtBot) -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    errors = UnhandledErrors(lambda _text: None)
    errors.install()
    assert sys.excepthook == errors.on_exception
    errors.uninstall()
    assert (sys.excepthook, threading.excepthook) == (before, before_thread)


def test_a_hook_installed_later_still_reaches_the_earlier_one_once_uninstalled(
    qtbot: QtBot,
) -> None:
    """Two apps in one process (tests): the first one's hook stands aside when it ends."""
    told: list[str] = []
    seen: list[BaseException] = []
    before = sys.excepthook

    def outer(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        seen.append(error)

    sys.excepthook = outer
    try:
        first = UnhandledErrors(told.append)
        first.install()
        second = UnhandledErrors(lambda _text: None)
        second.install()
        first.uninstall()
        second.uninstall()
        error = ValueError("late")
        sys.excepthook(ValueError, error, None)
        assert told == []
        assert seen == [error]
    finally:
        sys.excepthook = before


@pytest.mark.qt_no_exception_capture
def test_telling_that_fails_is_logged_and_does_not_loop(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_tell(_text: str) -> None:
        raise RuntimeError("the window is gone")

    errors = UnhandledErrors(broken_tell)
    errors.install()
    sender = Sender()
    sender.fired.connect(fail)
    try:
        sender.fired.emit()
    finally:
        errors.uninstall()
    assert "Telling the person about an error failed" in caplog.text
