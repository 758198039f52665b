"""The tray app across its lifecycle: it never crashes and never hangs, from start to quit.

    uv run python bench/lifecycle.py [--scenario local,server,scenario,soak,stalled-quit]
                                     [--cycles N] [--soak-minutes M] [--stall-seconds S]
                                     [--quit-timeout S] [--keep]

Every scenario runs the real app (`python -m desktop`) on a private desktop of its own:
Xvfb, a dbus-daemon used as session and system bus, and trayer as the tray host, with
HOME and XDG_* under a temporary folder (tests/support/desktop_session.py). A server is the
real `availability-server` in its own process (tests/support/server_process.py), on SQLite,
with a heartbeat every second. The app runs with PYTHONFAULTHANDLER=1, so a fatal signal
leaves every thread's stack in its stderr.

- local: N cycles of start (local mode, its embedded server), wait until
  `availability status --json` says signed in and synced, `availability quit`. One HOME
  for all cycles, as one user's restarts: the first start creates the database.
- server: the same with `--server URL`. The first cycle signs in from the command line
  (`availability sign-in --password-stdin`); every later one must be signed in again
  from the keyring. The keyring is a file-backed backend written by this script and
  chosen with PYTHON_KEYRING_BACKEND: the e2e tests use keyring's `fail` backend (no
  keyring, so nothing survives a restart), and there is no Secret Service here.
- scenario: tests/e2e/test_server_mode.py's scenario, each cycle with a desktop, a HOME
  and a server of its own, as that test has: sign in, input until online and synced,
  kill the server (SIGKILL), wait until the app says offline, `status set busy`, start
  the server again on the same port and database, wait until busy and synced, quit.
- soak: one app signed in for M minutes. Every 10 s it gets X input (xdotool) and is
  asked `status --json`; every minute (from 30 s on) `status set` alternates busy and
  online. Then quit. It reports whether the app died, the polls that failed, and the
  heartbeats the server answered (from its access log).
- stalled-quit: N cycles of: start the server, start the app (signed in as in `server`),
  wait until synced, stop the server with SIGSTOP (the kernel still accepts connections,
  nothing answers), `status set busy` (so an edit waits on the server as well as the
  heartbeat), wait --stall-seconds, quit; then SIGCONT and stop the server.

For each cycle it records the app's exit code (negative: the signal that ended it), and
the time from starting `availability quit` until the app's process has exited (pidfd),
which includes the command's own start. An app that has not exited --quit-timeout s after
quit hangs: it gets SIGABRT, so that its stderr shows where each thread was.

Targets: no non-zero exit (nor hang, nor failure to start or sign in) in 100 cycles of
local, server and scenario; no abort in a 30 min soak; quit within 2 s with the server
stalled. With fewer cycles or minutes a clean result prints as "PASS so far".

Each cycle prints a line; a failed one adds what failed and the end of the app's stderr.
The summary gives, per scenario, the runs, the non-zero exit codes, hangs, other failures
(no start, no sign-in, a command that failed), and the quit times. The script exits with
0 when nothing missed, 1 otherwise, 130 when interrupted.

The temporary folder is removed at the end, unless --keep or a cycle failed: then its
path is printed. Each failed cycle's folder holds the app's stderr and `diagnostics.txt`
(the end of the app's log); the server's log is beside it. Every process is stopped on
exit, Ctrl+C, SIGTERM and SIGHUP included.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.children import COMMAND_TIMEOUT, log_tails  # noqa: E402
from tests.support.databases import sqlite_url  # noqa: E402
from tests.support.desktop_session import TOOLS, DesktopSession, desktop_session  # noqa: E402
from tests.support.running_app import AppProcess  # noqa: E402
from tests.support.server_process import ServerProcess  # noqa: E402
from tests.support.waiting import PROGRAM_POLL, wait_until  # noqa: E402

SCENARIOS = ("local", "server", "scenario", "soak", "stalled-quit")
EMAIL = "pat@example.com"
NAME = "Pat Example"
PASSWORD = "correct horse battery"
# As in the e2e tests: a heartbeat every second, so that outages and returns show at once.
SERVER_SETTINGS = {"AVAILABILITY_HEARTBEAT_INTERVAL": "1"}
# The first local start creates and migrates the database; the machine may be busy.
READY_TIMEOUT = 60.0
STATUS_TIMEOUT = 20.0
SYNC_TIMEOUT = 30.0
ABORT_WAIT = 10.0  # for a hung app to write its stacks after SIGABRT
EXITING_WAIT = 2.0  # after a failed command, for an app that may be ending to end
SOAK_POLL = 10.0  # s between status polls (and inputs) in the soak
SOAK_SWITCH = 60.0  # s between `status set busy` / `status set online` in the soak
HEARTBEAT_REQUEST = '"POST /v1/me/heartbeat '
CYCLES_TARGET = 100
SOAK_TARGET_MINUTES = 30.0
QUIT_TARGET = 2.0  # s, with the server stalled
KEYRING_MODULE = "bench_file_keyring"
KEYRING_FILE_VARIABLE = "BENCH_KEYRING_FILE"
# Written next to the app and chosen with PYTHON_KEYRING_BACKEND: a keyring that outlives
# the process, standing in for the Secret Service. Its name must not say "plaintext", or
# the app would refuse it (desktop/app.py, usable_keyring).
KEYRING_SOURCE = f'''"""Passwords in a JSON file, standing in for the system keyring."""

import json
import os

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1

    def _path(self):
        return os.environ["{KEYRING_FILE_VARIABLE}"]

    def _entries(self):
        try:
            with open(self._path()) as stored:
                return json.load(stored)
        except FileNotFoundError:
            return {{}}

    def _save(self, entries):
        with open(self._path() + ".new", "w") as new:
            json.dump(entries, new)
        os.replace(self._path() + ".new", self._path())

    def get_password(self, service, username):
        return self._entries().get(service + " " + username)

    def set_password(self, service, username, password):
        self._save({{**self._entries(), service + " " + username: password}})

    def delete_password(self, service, username):
        entries = self._entries()
        entries.pop(service + " " + username, None)
        self._save(entries)
'''


class AppDied(Exception):
    """The app's process ended while it should have been running."""

    def __init__(self, code: int) -> None:
        super().__init__(f"the app exited with {describe_code(code)}")
        self.code = code


class CommandFailed(Exception):
    """An `availability …` command beside the app did not exit with 0."""


def describe_code(code: int | None) -> str:
    if code is None:
        return "none"
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


# --- results ------------------------------------------------------------------------------


@dataclass
class Cycle:
    number: int
    folder: Path  # the app's stderr, and its log's end if the cycle failed
    exit_code: int | None = None  # None: it never exited by itself
    quit_s: float | None = None  # from starting `availability quit` until the app exited
    command_s: float | None = None  # until the quit command itself returned
    ready_s: float | None = None  # from starting the app until signed in and synced
    problem: str = ""  # what went wrong, if anything
    hung: bool = False
    started: float = 0.0  # time.monotonic() when the app was started

    @property
    def failed(self) -> bool:
        return bool(self.problem) or self.exit_code != 0

    def mark_ready(self) -> None:
        self.ready_s = time.monotonic() - self.started


@dataclass
class Outcome:
    scenario: str
    cycles: list[Cycle] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # scenario-specific figures
    minutes: float = 0.0  # the soak's length
    died: bool = False  # the soak: the app ended before it was told to quit
    error: str = ""  # the scenario could not go on (its desktop or server failed)


# --- the app ------------------------------------------------------------------------------


def app_environment(desktop: DesktopSession, folder: Path) -> dict[str, str]:
    """The desktop's environment, with fault stacks on stderr and a keyring that persists."""
    keyring_dir = folder / "keyring"
    keyring_dir.mkdir(exist_ok=True)
    (keyring_dir / f"{KEYRING_MODULE}.py").write_text(KEYRING_SOURCE)
    environment = desktop.environment()
    python_path = [str(keyring_dir), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment.update(
        PYTHONFAULTHANDLER="1",
        PYTHONPATH=os.pathsep.join(python_path),
        PYTHON_KEYRING_BACKEND=f"{KEYRING_MODULE}.FileKeyring",
        **{KEYRING_FILE_VARIABLE: str(keyring_dir / "passwords.json")},
    )
    return environment


def current_status(app: AppProcess) -> dict[str, Any]:
    """`availability status --json`; AppDied if the app is gone."""
    code = app.process.poll()
    if code is not None:
        raise AppDied(code)
    finished = app.command("status", "--json")
    if finished.returncode != 0:
        code = app.process.poll()
        if code is not None:
            raise AppDied(code)
        raise CommandFailed(f"status --json exited with {finished.returncode}: {finished.stderr}")
    try:
        answer: dict[str, Any] = json.loads(finished.stdout)
    except ValueError as error:
        raise CommandFailed(f"status --json said {finished.stdout!r}") from error
    return answer


def run_command(app: AppProcess, *arguments: str, stdin: str = "") -> str:
    """`availability <arguments>` beside the app, which must exit with 0; its output."""
    finished = app.command(*arguments, stdin=stdin)
    if finished.returncode != 0:
        code = app.process.poll()
        if code is not None:
            raise AppDied(code)
        raise CommandFailed(
            f"`availability {arguments[0]}` exited with {finished.returncode}: "
            f"{(finished.stderr or finished.stdout).strip()}"
        )
    return finished.stdout.strip()


def wait_for_status(
    app: AppProcess, done: Callable[[dict[str, Any]], bool], timeout: float, what: str
) -> dict[str, Any]:
    return wait_until(lambda: current_status(app), timeout, what, done=done, step=PROGRAM_POLL)


def signed_in_and_synced(status: dict[str, Any]) -> bool:
    return bool(status["signed_in"]) and status["sync_state"] == "synced"


def sign_in(app: AppProcess, url: str) -> None:
    arguments = ("sign-in", "--server", url, "--email", EMAIL, "--password-stdin")
    run_command(app, *arguments, stdin=PASSWORD + "\n")


def quit_app(app: AppProcess, cycle: Cycle, timeout: float) -> None:
    """`availability quit`; how long until the app's process ends, and its exit code."""
    code = app.process.poll()
    if code is not None:
        raise AppDied(code)
    app_exit = os.pidfd_open(app.process.pid)
    started = time.monotonic()
    command = subprocess.Popen(
        [*app.program, "quit"],
        env=app.environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    command_exit = os.pidfd_open(command.pid)
    try:
        watching = {app_exit, command_exit}
        deadline = started + timeout
        while app_exit in watching and (remaining := deadline - time.monotonic()) > 0:
            for ended in select.select(list(watching), [], [], remaining)[0]:
                watching.discard(ended)
                if ended == app_exit:
                    cycle.quit_s = time.monotonic() - started
                else:
                    cycle.command_s = time.monotonic() - started
    finally:
        os.close(app_exit)
        os.close(command_exit)
    if cycle.quit_s is None:
        # A hang: SIGABRT makes the app write every thread's stack (PYTHONFAULTHANDLER).
        app.process.send_signal(signal.SIGABRT)
        try:
            app.process.wait(ABORT_WAIT)
        except subprocess.TimeoutExpired:
            app.stop()
    try:
        output, errors = command.communicate(timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        command.kill()
        output, errors = command.communicate()
    if cycle.quit_s is None:
        cycle.hung = True
        cycle.problem = (
            f"still running {timeout:g} s after `availability quit` (which exited with "
            f"{command.returncode}: {(errors or output).strip()!r}); SIGABRT sent for the "
            "threads' stacks"
        )
        return
    cycle.exit_code = app.process.wait()
    if command.returncode != 0:
        cycle.problem = f"`availability quit` exited with {command.returncode}: {errors.strip()}"
    elif cycle.exit_code != 0:
        cycle.problem = f"the app exited with {describe_code(cycle.exit_code)} after quit"


def run_cycle(
    body: Callable[[AppProcess, Cycle], None],
    cycle: Cycle,
    desktop: DesktopSession,
    environment: dict[str, str],
    arguments: list[str],
    quit_timeout: float,
) -> Cycle:
    """Start the app, let `body` bring it to where it is quit, then quit it and time that.

    Whatever goes wrong (the app does not start, dies, a wait runs out, a command fails)
    is recorded in the cycle, with the app's stderr and log in its folder.
    """
    cycle.folder.mkdir(parents=True, exist_ok=True)
    cycle.started = time.monotonic()
    try:
        app = AppProcess(environment, cycle.folder, desktop.log_file, arguments)
    except AssertionError as error:
        cycle.problem = f"did not start: {first_line(error)}"
        save_diagnostics(cycle.folder, str(error))
        return cycle
    try:
        body(app, cycle)
        quit_app(app, cycle, quit_timeout)
    except AppDied as died:
        cycle.exit_code = died.code
        cycle.problem = str(died)
    except (AssertionError, CommandFailed, ValueError, subprocess.SubprocessError) as error:
        try:  # a command that failed because the app was ending: how it ended
            cycle.exit_code = app.process.wait(timeout=EXITING_WAIT)
        except subprocess.TimeoutExpired:
            cycle.exit_code = None
        cycle.problem = first_line(error)
        if cycle.exit_code is not None:
            cycle.problem += f" (the app exited with {describe_code(cycle.exit_code)})"
    finally:
        if cycle.failed:
            save_diagnostics(cycle.folder, app.diagnostics())
        app.stop()
    return cycle


def first_line(error: BaseException | str) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


def save_diagnostics(folder: Path, text: str) -> None:
    (folder / "diagnostics.txt").write_text(text + "\n")


def stored_sign_in(environment: dict[str, str]) -> bool:
    """Whether the file keyring holds a refresh token (from an earlier cycle's sign-in)."""
    path = Path(environment[KEYRING_FILE_VARIABLE])
    return path.exists() and bool(json.loads(path.read_text() or "{}"))


def ready_in_server_mode(
    app: AppProcess, url: str, environment: dict[str, str], cycle: Cycle, *, restore: bool
) -> None:
    """Signed in and synced: from the keyring if `restore` (an earlier cycle signed in),
    else from the command line."""
    if restore:
        stored = "a token is stored" if stored_sign_in(environment) else "NO token is stored"
        what = f"signed in again from the keyring ({stored}), and synced"
        wait_for_status(app, signed_in_and_synced, READY_TIMEOUT, what)
    else:
        wait_for_status(app, lambda s: s["mode"] == "server", READY_TIMEOUT, "server mode")
        sign_in(app, url)
        wait_for_status(app, signed_in_and_synced, STATUS_TIMEOUT, "signed in and synced")
    cycle.mark_ready()


@contextmanager
def running_server(environment: dict[str, str], folder: Path) -> Iterator[ServerProcess]:
    """`availability-server serve` with one professional; stopped afterwards, however it ends."""
    server = ServerProcess(
        sqlite_url(folder / "server.sqlite3"),
        folder,
        environment=environment,
        settings=SERVER_SETTINGS,
    )
    try:
        server.add_user(EMAIL, NAME, "professional", PASSWORD)
        server.start()
        yield server
    finally:
        resume(server)
        server.stop()


def resume(server: ServerProcess) -> None:
    """SIGCONT, for a server stopped with SIGSTOP (harmless otherwise)."""
    if server.process is not None and server.process.poll() is None:
        server.process.send_signal(signal.SIGCONT)


def heartbeats_answered(server: ServerProcess) -> tuple[int, int]:
    """(all, answered 200) heartbeat requests in the server's access log so far."""
    lines = [
        line
        for line in server.log_path.read_text(errors="replace").splitlines()  # its log file
        if HEARTBEAT_REQUEST in line
    ]
    return len(lines), sum(1 for line in lines if line.rstrip().endswith("200 OK"))


def show(scenario: str, cycle: Cycle, total: int) -> None:
    """One line per cycle, and the end of the app's stderr if it failed."""
    figures = [f"exit {describe_code(cycle.exit_code)}"]
    if cycle.quit_s is not None:
        returned = "" if cycle.command_s is None else f" (the command: {cycle.command_s:.2f} s)"
        figures.append(f"quit {cycle.quit_s:.2f} s{returned}")
    if cycle.ready_s is not None:
        figures.append(f"ready after {cycle.ready_s:.1f} s")
    figures.append(f"load {os.getloadavg()[0]:.1f}")
    line = f"{scenario} {cycle.number}/{total}: " + ", ".join(figures)
    if cycle.failed:
        line += f"\n  FAILED: {cycle.problem}"
        stderr = cycle.folder / "app.stderr"
        if stderr.exists() and stderr.stat().st_size:
            tails = log_tails({"the app's stderr": stderr}, lines=40)
            line += "\n" + "\n".join("  " + each for each in tails.splitlines())
        else:
            line += "\n  (the app wrote nothing to stderr)"
        line += f"\n  (more in {cycle.folder})"
    print(line, flush=True)


# --- the scenarios ------------------------------------------------------------------------


def local_scenario(args: argparse.Namespace, folder: Path, outcome: Outcome) -> None:
    def body(app: AppProcess, cycle: Cycle) -> None:
        wait_for_status(
            app,
            lambda s: s["mode"] == "local" and signed_in_and_synced(s),
            READY_TIMEOUT,
            "signed in and synced in local mode",
        )
        cycle.mark_ready()

    with desktop_session(folder) as desktop:
        environment = app_environment(desktop, folder)
        for number in range(1, args.cycles + 1):
            cycle = Cycle(number, folder / f"cycle-{number:03d}")
            run_cycle(body, cycle, desktop, environment, [], args.quit_timeout)
            outcome.cycles.append(cycle)  # complete: not interrupted
            show(outcome.scenario, cycle, args.cycles)


def server_scenario(args: argparse.Namespace, folder: Path, outcome: Outcome) -> None:
    with desktop_session(folder) as desktop:
        environment = app_environment(desktop, folder)
        with running_server(desktop.environment(), folder) as server:

            def body(app: AppProcess, cycle: Cycle) -> None:
                restore = any(done.ready_s is not None for done in outcome.cycles)
                ready_in_server_mode(app, server.url, environment, cycle, restore=restore)

            for number in range(1, args.cycles + 1):
                cycle = Cycle(number, folder / f"cycle-{number:03d}")
                arguments = ["--server", server.url]
                run_cycle(body, cycle, desktop, environment, arguments, args.quit_timeout)
                outcome.cycles.append(cycle)  # complete: not interrupted
                show(outcome.scenario, cycle, args.cycles)


def scenario_scenario(args: argparse.Namespace, folder: Path, outcome: Outcome) -> None:
    """tests/e2e/test_server_mode.py's scenario; each cycle has a desktop, a HOME and a
    server of its own, as that test has."""
    for number in range(1, args.cycles + 1):
        cycle = Cycle(number, folder / f"cycle-{number:03d}")
        cycle.folder.mkdir()
        try:
            with (
                desktop_session(cycle.folder) as desktop,
                running_server(desktop.environment(), cycle.folder) as server,
            ):
                body = partial(outage_steps, desktop=desktop, server=server)
                environment = app_environment(desktop, cycle.folder)
                arguments = ["--server", server.url]
                run_cycle(body, cycle, desktop, environment, arguments, args.quit_timeout)
        except AssertionError as error:  # the desktop or the server, not the app
            cycle.problem = f"the bench's desktop or server failed: {first_line(error)}"
        outcome.cycles.append(cycle)  # complete: not interrupted
        show(outcome.scenario, cycle, args.cycles)


def outage_steps(
    app: AppProcess, cycle: Cycle, *, desktop: DesktopSession, server: ServerProcess
) -> None:
    """Sign in; the server dies; busy is chosen; the server returns; busy reaches it."""

    def after_input() -> dict[str, Any]:
        desktop.give_input("mouse")
        return current_status(app)

    status = wait_for_status(app, lambda s: s["mode"] == "server", READY_TIMEOUT, "server mode")
    if status["signed_in"]:
        raise CommandFailed(f"signed in before signing in: {status}")
    sign_in(app, server.url)
    wait_until(
        after_input,
        STATUS_TIMEOUT,
        "online and synced after signing in",
        done=lambda s: s["status"] == "online" and s["sync_state"] == "synced",
        step=PROGRAM_POLL,
    )
    cycle.mark_ready()
    server.kill()
    wait_for_status(
        app,
        lambda s: s["sync_state"] == "offline",
        STATUS_TIMEOUT,
        "the app notices that the server is gone",
    )
    run_command(app, "status", "set", "busy")
    server.start()
    wait_for_status(
        app,
        lambda s: s["status"] == "busy" and s["sync_state"] == "synced",
        SYNC_TIMEOUT,
        "busy and synced once the server is back",
    )


def soak_scenario(args: argparse.Namespace, folder: Path, outcome: Outcome) -> None:
    with desktop_session(folder) as desktop:
        environment = app_environment(desktop, folder)
        with running_server(desktop.environment(), folder) as server:

            def body(app: AppProcess, cycle: Cycle) -> None:
                restore = any(done.ready_s is not None for done in outcome.cycles)
                ready_in_server_mode(app, server.url, environment, cycle, restore=restore)
                soak(app, desktop, server, args.soak_minutes, outcome)

            cycle = Cycle(1, folder / "app")
            run_cycle(
                body, cycle, desktop, environment, ["--server", server.url], args.quit_timeout
            )
            outcome.cycles.append(cycle)  # complete: not interrupted
            show(outcome.scenario, cycle, 1)


def soak(
    app: AppProcess,
    desktop: DesktopSession,
    server: ServerProcess,
    minutes: float,
    outcome: Outcome,
) -> None:
    """Keep the app busy for `minutes`: input and a status poll every 10 s, a status choice
    every minute; AppDied as soon as the app is gone."""
    beats_before, answered_before = heartbeats_answered(server)
    polls, failed_polls, not_synced, choices, failed_choices = 0, [], 0, 0, []
    poll_seconds: list[float] = []
    started = time.monotonic()
    next_poll, next_choice, choice = started, started + SOAK_SWITCH / 2, "busy"
    try:
        while (now := time.monotonic()) < started + minutes * 60:
            code = app.process.poll()
            if code is not None:
                outcome.died = True
                raise AppDied(code)
            if now >= next_poll:
                next_poll += SOAK_POLL
                desktop.give_input("mouse")
                try:
                    status = current_status(app)
                except CommandFailed as error:
                    failed_polls.append(f"{(now - started) / 60:.1f} min: {first_line(error)}")
                else:
                    polls += 1
                    not_synced += status["sync_state"] != "synced"
                poll_seconds.append(time.monotonic() - now)
            if now >= next_choice:
                next_choice += SOAK_SWITCH
                try:
                    run_command(app, "status", "set", choice)
                    choices += 1
                except CommandFailed as error:
                    failed_choices.append(f"{(now - started) / 60:.1f} min: {first_line(error)}")
                choice = "online" if choice == "busy" else "busy"
            # The pause between two looks at the app, not a synchronisation.
            time.sleep(min(1.0, max(0.0, min(next_poll, next_choice) - time.monotonic())))
    except AppDied:
        outcome.died = True
        raise
    finally:
        outcome.minutes = (time.monotonic() - started) / 60
        beats, answered = heartbeats_answered(server)
        beats, answered = beats - beats_before, answered - answered_before
        outcome.notes += [
            f"ran {outcome.minutes:.1f} min; "
            + ("the app DIED during the soak" if outcome.died else "the app never died"),
            f"status polls: {polls} answered ({not_synced} not synced), "
            f"{len(failed_polls)} failed; command time median "
            f"{statistics.median(poll_seconds) if poll_seconds else 0:.2f} s, "
            f"max {max(poll_seconds, default=0):.2f} s",
            f"status choices (busy/online): {choices} answered, {len(failed_choices)} failed",
            f"heartbeats the server received: {beats} ({answered} answered 200), "
            f"{beats / max(outcome.minutes, 1e-9):.0f}/min",
            *(f"failed poll at {each}" for each in failed_polls),
            *(f"failed choice at {each}" for each in failed_choices),
        ]


def stalled_quit_scenario(args: argparse.Namespace, folder: Path, outcome: Outcome) -> None:
    answers: set[str] = set()
    with desktop_session(folder) as desktop:
        environment = app_environment(desktop, folder)
        with running_server(desktop.environment(), folder) as server:

            def body(app: AppProcess, cycle: Cycle) -> None:
                restore = any(done.ready_s is not None for done in outcome.cycles)
                ready_in_server_mode(app, server.url, environment, cycle, restore=restore)
                assert server.process is not None
                server.process.send_signal(signal.SIGSTOP)
                # Answers within 2 s ("not confirmed yet"); its PATCH waits on the server.
                answers.add(run_command(app, "status", "set", "busy"))
                # Heartbeats (every second) wait on the server too by then.
                time.sleep(args.stall_seconds)  # wall-time: how long the server stalls

            for number in range(1, args.cycles + 1):
                cycle = Cycle(number, folder / f"cycle-{number:03d}")
                arguments = ["--server", server.url]
                try:
                    if server.process is None:
                        server.start()
                    run_cycle(body, cycle, desktop, environment, arguments, args.quit_timeout)
                except AssertionError as error:  # the server did not start, not the app
                    cycle.problem = f"the bench's server failed: {first_line(error)}"
                finally:
                    resume(server)
                    server.stop()
                outcome.cycles.append(cycle)  # complete: not interrupted
                show(outcome.scenario, cycle, args.cycles)
    outcome.notes += [f"`status set busy` with the server stalled said: {a!r}" for a in answers]


RUNNERS: dict[str, Callable[[argparse.Namespace, Path, Outcome], None]] = {
    "local": local_scenario,
    "server": server_scenario,
    "scenario": scenario_scenario,
    "soak": soak_scenario,
    "stalled-quit": stalled_quit_scenario,
}


# --- the report ---------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f} s"


def verdict(failures: int, done: float, needed: float) -> str:
    if failures:
        return "MISS"
    return "PASS" if done >= needed else f"PASS so far ({done:g} of {needed:g})"


def report(outcomes: list[Outcome]) -> bool:
    """The table and the PASS/MISS lines; whether nothing missed."""
    print()
    header = (
        f"{'scenario':<13} {'runs':>4}  {'non-zero exits (codes)':<24} {'hangs':>5} "
        f"{'other failures':>14}  {'quit min / median / max':<24} {'the quit command itself':<23}"
    )
    print(header)
    for outcome in outcomes:
        cycles = outcome.cycles
        codes = [c.exit_code for c in cycles if c.exit_code not in (0, None)]
        hangs = sum(c.hung for c in cycles)
        others = sum(c.failed for c in cycles) - len(codes) - hangs
        codes_text = f"{len(codes)}" + (
            f" ({', '.join(describe_code(code) for code in codes)})" if codes else ""
        )
        quits = [c.quit_s for c in cycles if c.quit_s is not None]
        commands = [c.command_s for c in cycles if c.command_s is not None]
        print(
            f"{outcome.scenario:<13} {len(cycles):>4}  {codes_text:<24} {hangs:>5} "
            f"{others:>14}  {spread(quits):<24} {spread(commands):<21}"
        )
    for outcome in outcomes:
        for note in outcome.notes:
            print(f"{outcome.scenario}: {note}")
        if outcome.error:
            print(f"{outcome.scenario}: could not run to its end: {first_line(outcome.error)}")
    print()
    all_passed = True
    for outcome in outcomes:
        failures = sum(c.failed for c in outcome.cycles)
        if outcome.scenario == "soak":
            target = f"0 aborts in a {SOAK_TARGET_MINUTES:g} min soak, then exit 0"
            result = verdict(
                failures + outcome.died, round(outcome.minutes, 1), SOAK_TARGET_MINUTES
            )
        elif outcome.scenario == "stalled-quit":
            target = f"quit <= {QUIT_TARGET:g} s with the server stalled, exit 0"
            slow = [c for c in outcome.cycles if c.quit_s is None or c.quit_s > QUIT_TARGET]
            result = verdict(failures + len(slow), 1, 1)
        else:
            target = f"0 non-zero exits (nor hangs) in {CYCLES_TARGET} runs"
            result = verdict(failures, len(outcome.cycles), CYCLES_TARGET)
        if outcome.error:
            result = "MISS (the scenario could not run to its end)"
        elif not outcome.cycles:
            result = "no complete run"
        all_passed = all_passed and not result.startswith("MISS")
        print(f"{outcome.scenario:<13} target: {target:<48} {result}")
    return all_passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--scenario",
        default=",".join(SCENARIOS),
        help=f"comma-separated, run in this order (default: {','.join(SCENARIOS)})",
    )
    parser.add_argument(
        "--cycles", type=int, default=CYCLES_TARGET, help="starts and quits per scenario"
    )
    parser.add_argument("--soak-minutes", type=float, default=SOAK_TARGET_MINUTES)
    parser.add_argument(
        "--stall-seconds",
        type=float,
        default=1.0,
        help="stalled-quit: how long the server stays stopped before quit (after `status set`)",
    )
    parser.add_argument(
        "--quit-timeout",
        type=float,
        default=15.0,
        help="an app still running this long after `availability quit` hangs",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    scenarios = [name.strip() for name in args.scenario.split(",") if name.strip()]
    unknown = [name for name in scenarios if name not in SCENARIOS]
    if unknown or not scenarios:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"not installed: {', '.join(missing)}", file=sys.stderr)
        return 2

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    # Hang-up too (unless ignored, as under nohup): the kernel sends it to the whole process
    # group, this bench included, if the group is orphaned while the server is stopped.
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, interrupt)
    work = Path(tempfile.mkdtemp(prefix="lifecycle-bench-"))
    outcomes: list[Outcome] = []
    interrupted = False
    try:
        for name in scenarios:
            outcome = Outcome(name)
            outcomes.append(outcome)
            folder = work / name
            folder.mkdir()
            print(f"--- {name} ---", flush=True)
            try:
                RUNNERS[name](args, folder, outcome)
            except Exception as error:  # the bench's desktop or server: say so, go on
                outcome.error = f"{type(error).__name__}: {error}"
                print(f"{name} could not run: {outcome.error}", flush=True)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        interrupted = True
    finally:
        failed = any(o.error or any(c.failed for c in o.cycles) for o in outcomes)
        if args.keep or failed:
            print(f"\nThe apps' stderr, logs and the servers' logs are in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = report(outcomes)
    if interrupted:
        return 130
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
