"""Start the tray app: the icon first, then everything else.

The order matters for how soon the icon shows (docs/performance.md, "Tray app
footprint"). Before the icon, only what a bare Qt tray program needs is imported: the
app's folders, the QApplication, the instance lock and an SVG icon file. Commands from
the command line that arrive in between wait (`desktop.instance.send_to_app`); the
command server then holds them until the app can answer.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.paths import AppPaths

# After quit, how long the sync workers get to end before the process exits anyway.
WORKERS_GRACE = 0.2


def run_app(server: str | None, log_level: str, version: str) -> int:
    from desktop.display import display_problem
    from desktop.instance_lock import take_instance_lock
    from desktop.paths import AppPaths
    from desktop.ui.application import create_application
    from desktop.ui.early_tray import show_early_tray_icon

    server_url = None
    if server:
        from desktop.settings import SettingsError, check_server_url

        try:
            server_url = check_server_url(server)
        except SettingsError as error:
            print(f"availability: {error}", file=sys.stderr)
            return 2
    paths = AppPaths.for_user()
    paths.make()
    no_display = display_problem()
    if no_display is not None:
        return run_without_display(paths, server_url, no_display)
    application = create_application(version)
    lock = take_instance_lock(paths.lock_file)
    if lock is None:
        shown = show_running_instance(paths, server_url)
        if shown is not None:
            return shown
        # That app was quitting, and has gone: this one starts after all.
        lock = take_instance_lock(paths.lock_file)
        if lock is None:
            print("availability: another copy is starting; this one stops.", file=sys.stderr)
            return 1
    early_icon = show_early_tray_icon()
    application.processEvents()  # hand the icon to the tray host now

    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    from desktop.activity.defaults import default_monitor
    from desktop.app import AvailabilityApp
    from desktop.autostart import default_autostart
    from desktop.instance import CommandServer
    from desktop.logs import setup_logging
    from desktop.settings import SettingsFile
    from desktop.signals.defaults import default_signals
    from desktop.ui.tray import Tray

    commands = CommandServer(paths.instance_socket)  # requests wait for the app from here
    tray = Tray(icon=early_icon)  # AvailabilityApp shows it, once it hears `tray_missing`
    log_file = setup_logging(paths.log_dir, log_level)

    # Ctrl+C and SIGTERM quit cleanly (offline first), without a polling timer.
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    signals, calendar_editing = default_signals()
    app = AvailabilityApp(
        application,
        paths,
        SettingsFile(paths.settings_file),
        default_monitor(),
        default_autostart(),
        server_url=server_url,
        tray=tray,
        commands=commands,
        signals=signals,
        calendar_editing=calendar_editing,
    )
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: (reader.recv(64), app.quit()))
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: None)
    print(f"Availability is running in the system tray. Log: {log_file}", flush=True)
    try:
        code = application.exec()
        # The window and tray are gone: workers get a moment to end cleanly, no more. One
        # still in a stalled request is a daemon thread and ends with the process.
        app.join_workers(WORKERS_GRACE)
        return code
    finally:
        signal.set_wakeup_fd(-1)
        lock.unlock()


def run_without_display(paths: AppPaths, server_url: str | None, problem: str) -> int:
    """No display to start on: a running app's window is shown (on its own display), or
    the launch ends with `problem`, before Qt would abort on it."""
    from PySide6.QtCore import QCoreApplication

    from desktop.instance_lock import instance_running

    _application = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    if instance_running(paths.lock_file):
        shown = show_running_instance(paths, server_url)
        if shown is not None:
            return shown
    print(f"availability: {problem}.", file=sys.stderr)
    return 1


def show_running_instance(paths: AppPaths, server_url: str | None) -> int | None:
    """A second launch: raise the running app's window (it may still be starting).

    None when there turns out to be no running app (it was quitting): start this one.
    """
    from desktop.instance import NotRunning, send_to_app
    from desktop.instance_lock import instance_running

    try:
        send_to_app(paths.instance_socket, paths.lock_file, {"command": "show"})
    except (NotRunning, TimeoutError) as error:
        if isinstance(error, NotRunning) and not instance_running(paths.lock_file):
            return None
        print(
            f"availability: another copy is running but does not answer ({error})",
            file=sys.stderr,
        )
        return 1
    print("Availability is already running; its window is shown.")
    if server_url:
        print(
            "--server was ignored: to change server, use its window, or "
            "availability sign-in --server URL --email E --password-stdin"
        )
    return 0
