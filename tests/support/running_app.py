"""The real app in a child process, and its command line (`availability …`) beside it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.support.children import COMMAND_TIMEOUT, log_tails, stop_process
from tests.support.desktop_session import DesktopSession
from tests.support.waiting import PROGRAM_POLL, read_line, wait_until

# `uv run availability` spawns slowly; the module is the same entry point.
COMMAND = (sys.executable, "-m", "desktop")
STARTUP_TIMEOUT = 30.0
EXIT_TIMEOUT = 15.0


class AppCommandLine:
    """`availability <arguments>` beside a running app, in the app's environment (its HOME
    and display), so that each command reaches that instance."""

    def __init__(self, program: Sequence[str], environment: Mapping[str, str]) -> None:
        self.program = list(program)
        self.environment = dict(environment)

    def command(self, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.program, *arguments],
            input=stdin,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )

    def sign_in(
        self, server_url: str, email: str, password: str
    ) -> subprocess.CompletedProcess[str]:
        """`availability sign-in --server URL --email E --password-stdin`, the password on
        stdin, as a person would script it."""
        return self.command(
            "sign-in",
            "--server",
            server_url,
            "--email",
            email,
            "--password-stdin",
            stdin=password + "\n",
        )

    def status(self) -> dict[str, Any]:
        """`availability status --json`, parsed."""
        finished = self.command("status", "--json")
        assert finished.returncode == 0, (finished.stderr, self.diagnostics())
        answer: dict[str, Any] = json.loads(finished.stdout)
        return answer

    def diagnostics(self) -> str:
        """What the app has logged, for failure messages."""
        return ""


class AppProcess(AppCommandLine):
    """`availability [--server URL]` on a desktop of its own, until stop()."""

    def __init__(
        self,
        environment: Mapping[str, str],
        folder: Path,
        log_file: Path,
        arguments: Sequence[str] = (),
    ) -> None:
        super().__init__(COMMAND, environment)
        self.log_file = log_file
        self._stderr_path = folder / "app.stderr"
        with self._stderr_path.open("wb") as stderr:
            self.process = subprocess.Popen(
                [*COMMAND, *arguments],
                env=self.environment,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        assert self.process.stdout is not None
        try:
            # "Availability is running in the system tray. Log: …" once the tray is set up.
            line = read_line(self.process, self.process.stdout.fileno(), "the app", STARTUP_TIMEOUT)
        except (TimeoutError, RuntimeError) as error:
            self.stop()
            raise AssertionError(f"{error}\n{self.diagnostics()}") from error
        if not line.startswith("Availability is running"):
            self.stop()
            raise AssertionError(f"the app started with {line!r}\n{self.diagnostics()}")

    def wait_for_exit(self, timeout: float = EXIT_TIMEOUT) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        """SIGTERM (the app quits cleanly on it), then SIGKILL; reap it either way."""
        if self.process.poll() is None:
            stop_process(self.process)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def diagnostics(self) -> str:
        """The ends of the app's log file and stderr (Qt's own warnings), for failures."""
        return log_tails({"the app's log": self.log_file, "the app's stderr": self._stderr_path})


StartApp = Callable[..., AppProcess]


# Automatic away end to end: the embedded server honours the standalone server's
# settings, so away comes after a few seconds, and with a heartbeat every second a
# return reaches it at once.
AWAY_AFTER = 5.0
SHORT_AWAY_SETTINGS = {
    "AVAILABILITY_AWAY_AFTER": str(AWAY_AFTER),
    "AVAILABILITY_HEARTBEAT_INTERVAL": "1",
}
STATUS_TIMEOUT = 20.0
# The first status waits for the embedded server to migrate its database and start.
FIRST_STATUS_TIMEOUT = 45.0
# Input stops reaching the server a heartbeat later, and "away" is pushed at once.
AWAY_TIMEOUT = AWAY_AFTER + 15.0


def status_becomes(
    app: AppCommandLine, status: str, timeout: float = STATUS_TIMEOUT
) -> dict[str, Any]:
    """Ask the app for its status until it is `status`; that answer."""
    return wait_until(
        app.status,
        timeout,
        f"the app says {status}",
        done=lambda answer: answer["status"] == status,
        context=app.diagnostics,
        step=PROGRAM_POLL,
    )


def away_once_input_stops(
    app: AppCommandLine, give_input: Callable[[], object], early_slack: float
) -> dict[str, Any]:
    """One last input, then none: the app says away by itself, and not before AWAY_AFTER
    (less `early_slack`, how far the idle reading may lag the input); that answer."""
    give_input()
    last_input = time.monotonic()
    status = status_becomes(app, "away", AWAY_TIMEOUT)
    assert time.monotonic() - last_input >= AWAY_AFTER - early_slack
    return status


def online_while_giving_input(
    app: AppCommandLine, give_input: Callable[[], object], timeout: float = STATUS_TIMEOUT
) -> dict[str, Any]:
    """Keep giving real input until the app says online and synced (away_after may be
    short); that status."""

    def after_input() -> dict[str, Any]:
        give_input()
        return app.status()

    return wait_until(
        after_input,
        timeout,
        "the app says online while there is input",
        done=lambda status: status["status"] == "online" and status["sync_state"] == "synced",
        context=app.diagnostics,
        step=PROGRAM_POLL,
    )


def status_after_input(desktop: DesktopSession, app: AppProcess, device: str) -> dict[str, Any]:
    """Give real input, then ask the app for its status."""
    desktop.give_input(device)
    return app.status()
