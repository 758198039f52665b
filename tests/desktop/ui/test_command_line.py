"""Single instance and `availability …` commands, run as real child processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop import instance
from desktop.app import AvailabilityApp
from desktop.instance_lock import instance_running, take_instance_lock
from desktop.launcher import show_running_instance
from desktop.paths import AppPaths
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import read_availability
from tests.support.waiting import WAIT_MS

CHILD_WAIT_MS = 30_000


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """The real per-user paths, under tmp_path: the commands find the app through them."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    return AppPaths.for_user()


def run(qtbot: QtBot, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `availability ARGS` while this test's app keeps answering on the UI thread."""
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=CHILD_WAIT_MS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stdout is not None
    assert process.stderr is not None
    with process.stdout, process.stderr:
        stdout, stderr = process.stdout.read(), process.stderr.read()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def sign_in(
    qtbot: QtBot, server: Harness, user: User, password_line: str
) -> subprocess.CompletedProcess[str]:
    return run(
        qtbot,
        "sign-in",
        "--server",
        server.url,
        "--email",
        user.email,
        "--password-stdin",
        stdin=password_line,
    )


def test_a_second_lock_is_refused_while_the_first_is_held(tmp_path: Path) -> None:
    first = take_instance_lock(tmp_path / "instance.lock")
    assert first is not None
    assert take_instance_lock(tmp_path / "instance.lock") is None
    first.unlock()
    again = take_instance_lock(tmp_path / "instance.lock")
    assert again is not None
    again.unlock()


# An app that takes the lock, then listens only when told to (on its stdin).
STARTING_APP = """
import sys
from pathlib import Path
from typing import Any
from PySide6.QtCore import QCoreApplication
from desktop.instance import CommandServer
from desktop.instance_lock import instance_running, take_instance_lock
from desktop.launcher import show_running_instance

application = QCoreApplication([])
lock = take_instance_lock(Path(sys.argv[1]))
print("locked", flush=True)
sys.stdin.readline()
server = CommandServer(sys.argv[2])
server.set_handler(lambda request, reply: reply({"ok": True, "text": "Online"}))
application.exec()
"""


def start_app_that_listens_later(paths: AppPaths) -> subprocess.Popen[str]:
    app = subprocess.Popen(
        [sys.executable, "-c", STARTING_APP, str(paths.lock_file), paths.instance_socket],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    assert app.stdout.readline() == "locked\n"
    return app


def listen_now(app: subprocess.Popen[str]) -> None:
    assert app.stdin is not None
    app.stdin.write("listen\n")
    app.stdin.flush()


def stop(app: subprocess.Popen[str]) -> None:
    app.kill()
    app.wait()
    assert app.stdin is not None
    assert app.stdout is not None
    app.stdin.close()
    app.stdout.close()


def test_a_command_waits_for_an_app_that_is_still_starting(paths: AppPaths) -> None:
    """The launcher shows the icon before it listens for commands: a command sent in
    between finds the lock held and no listener yet, and waits instead of failing."""
    app = start_app_that_listens_later(paths)
    pauses: list[float] = []

    def first_refusal_then_listen(seconds: float) -> None:
        if not pauses:
            listen_now(app)
        pauses.append(seconds)

    try:
        answer = instance.send_to_app(
            paths.instance_socket,
            paths.lock_file,
            {"command": "status"},
            pause=first_refusal_then_listen,
        )
        assert answer == {"ok": True, "text": "Online"}
        assert pauses
    finally:
        stop(app)


def test_a_request_the_app_took_is_never_sent_again(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a connection nobody took is tried again. An app that took the request and
    then closed the connection (it was quitting, say) may have acted on it already."""
    lock = take_instance_lock(paths.lock_file)  # an app holds the lock
    assert lock is not None
    sent: list[dict[str, Any]] = []

    def taken_then_closed(_name: str, request: dict[str, Any], _timeout: int) -> dict[str, Any]:
        sent.append(request)
        raise instance.NotRunning("the running app closed the connection")

    monkeypatch.setattr(instance, "send_command", taken_then_closed)
    try:
        with pytest.raises(instance.NotRunning):
            instance.send_to_app(
                paths.instance_socket,
                paths.lock_file,
                {"command": "set_status", "status": "busy"},
                pause=lambda _seconds: None,
            )
    finally:
        lock.unlock()
    assert len(sent) == 1


def test_a_lock_file_that_cannot_be_taken_means_not_running(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's lock file, a read-only folder: no traceback, just "not running"."""
    paths.lock_file.parent.mkdir(parents=True)
    paths.lock_file.touch()

    def unusable(path: Path) -> None:
        raise OSError(f"cannot create the lock file {path}")

    monkeypatch.setattr("desktop.instance_lock.take_instance_lock", unusable)
    assert not instance_running(paths.lock_file)


def test_a_second_launch_starts_when_the_first_app_has_gone(paths: AppPaths) -> None:
    """It was quitting: by the time its window is asked for, nobody holds the lock."""
    assert show_running_instance(paths, None) is None


def test_commands_say_when_the_app_is_not_running(qtbot: QtBot, paths: AppPaths) -> None:
    result = run(qtbot, "status")
    assert result.returncode == 3
    assert "the app is not running. Start it with: availability" in result.stderr


def test_status_prints_a_line_and_json(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    line = run(qtbot, "status")
    assert line.returncode == 0, line.stderr
    assert line.stdout == "Online · 0 of 3 sessions · you are active at the computer\n"
    answer = run(qtbot, "status", "--json")
    assert answer.returncode == 0, answer.stderr
    document = json.loads(answer.stdout)
    assert document["status"] == "online"
    assert document["accepting_sessions"] is True
    assert document["sync_state"] == "synced"
    assert document["mode"] == "server"


def test_status_set_busy_for_an_hour_reaches_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    result = run(qtbot, "status", "set", "busy", "--for", "1h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Status set to Busy until ")
    qtbot.waitUntil(
        lambda: read_availability(server, professional)["preference"] == "busy", timeout=WAIT_MS
    )
    assert read_availability(server, professional)["preference_expires_at"] is not None


@pytest.mark.parametrize(
    ("until", "hour_minute"), [("23:59", (23, 59)), ("0:01", (0, 1)), ("end-of-day", (0, 0))]
)
def test_status_set_busy_until_a_time_of_day(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    until: str,
    hour_minute: tuple[int, int],
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    result = run(qtbot, "status", "set", "busy", "--until", until)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Status set to Busy until ")
    qtbot.waitUntil(
        lambda: read_availability(server, professional)["preference"] == "busy", timeout=WAIT_MS
    )
    expires = read_availability(server, professional)["preference_expires_at"]
    local = datetime.fromisoformat(expires).astimezone()
    assert (local.hour, local.minute) == hour_minute
    now = datetime.now().astimezone()
    assert now < local <= now + timedelta(days=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "set", "sleepy"), "invalid choice: 'sleepy'"),
        (("status", "set", "busy", "--for", "soon"), "'soon' is not a duration"),
        (("status", "set", "busy", "--for", "0m"), "the duration must be longer than zero"),
        (("status", "set", "busy", "--until", "25:00"), "'25:00' is not a time of day"),
        (("status", "set", "busy", "--until", "soon"), "write it like 17:00, or end-of-day"),
        (("status", "set", "busy", "--for", "1h", "--until", "17:00"), "not allowed with"),
    ],
)
def test_bad_command_lines_are_refused_with_a_reason(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    args: tuple[str, ...],
    message: str,
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    version = read_availability(server, professional)["version"]
    result = run(qtbot, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert read_availability(server, professional)["version"] == version


def test_sign_in_from_the_command_line(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = make_app(server.url)
    wrong = sign_in(qtbot, server, professional, "not it\n")
    assert wrong.returncode == 1
    assert "The email or password is wrong" in wrong.stderr
    assert app.state.user is None
    result = sign_in(qtbot, server, professional, PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Signed in to {server.url} as {professional.display_name} <{professional.email}>.\n"
    )
    assert app.state.user is not None
    assert PASSWORD not in result.stdout + result.stderr


def test_show_and_a_second_launch_raise_the_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    lock = take_instance_lock(app.paths.lock_file)  # as `availability` does before the app
    assert lock is not None
    app.window.hide()
    assert run(qtbot, "show").returncode == 0
    assert app.window.isVisible()
    app.window.hide()
    second = run(qtbot)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    assert app.window.isVisible()
    lock.unlock()


def test_quit_from_the_command_line_goes_offline(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    result = run(qtbot, "quit")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Availability is going offline and quitting.\n"
    qtbot.waitUntil(
        lambda: not app.commands._server.isListening(),
        timeout=WAIT_MS,
    )
    from tests.support.sync_clients import other_client

    status = other_client(server, professional).get("/v1/me/status").json()
    assert (status["status"], status["reason"]) == ("offline", "signed_out")


def test_the_command_socket_is_private_to_this_user(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, paths: AppPaths
) -> None:
    make_app(server.url)
    socket_path = Path(paths.instance_socket)
    assert socket_path.exists()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    assert socket_path.parent in {paths.data_dir, Path(runtime or paths.data_dir)}
    folder_mode = socket_path.parent.stat().st_mode & 0o777
    assert folder_mode & 0o077 == 0 or socket_path.stat().st_mode & 0o077 == 0


def test_a_failed_sign_in_from_the_command_line_keeps_local_mode(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    embedded_env: Path,
) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: app.state.user is not None, timeout=30_000)
    wrong = sign_in(qtbot, server, professional, "not it\n")
    assert wrong.returncode == 1
    assert app.state.local_mode
    assert app.state.user is not None
    assert app.state.user.email == "me@local.invalid"
    right = sign_in(qtbot, server, professional, PASSWORD + "\n")
    assert right.returncode == 0, right.stderr
    assert not app.state.local_mode
    assert app.state.user is not None
    assert app.state.user.email == professional.email
    assert app.settings.settings.server_url == server.url


def test_status_json_says_not_running_in_json(qtbot: QtBot, paths: AppPaths) -> None:
    result = run(qtbot, "status", "--json")
    assert result.returncode == 3
    assert json.loads(result.stdout) == {"status": None, "text": "Not running", "signed_in": False}


def test_a_note_from_the_command_line_until_a_time_and_cleared(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    result = run(qtbot, "note", "Back at 23:59", "--until", "23:59")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Status note set to “Back at 23:59” until ")
    stored = read_availability(server, professional)["status_note"]
    assert isinstance(stored, dict)
    local = datetime.fromisoformat(stored["expires_at"]).astimezone()
    assert (stored["text"], local.hour, local.minute) == ("Back at 23:59", 23, 59)
    line = run(qtbot, "status")
    assert "“Back at 23:59” until " in line.stdout
    cleared = run(qtbot, "note", "--clear")
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout == "Status note cleared.\n"
    assert read_availability(server, professional)["status_note"] is None


def test_a_bad_note_on_the_command_line_is_refused_in_words(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    signed_in_app(qtbot, make_app, server, professional)
    version = read_availability(server, professional)["version"]
    nothing = run(qtbot, "note")
    assert nothing.returncode == 2
    assert "give the note's text, or --clear to remove it" in nothing.stderr
    long = run(qtbot, "note", "x" * 101)
    assert long.returncode == 1
    assert "A status note has at most 100 characters." in long.stderr
    both = run(qtbot, "note", "--clear", "--for", "1h")
    assert both.returncode == 2
    assert read_availability(server, professional)["version"] == version
