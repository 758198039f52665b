"""The real `availability-server` in a child process, which a test may stop, kill and restart.

Its command line (`availability-server users add …`) runs beside it on the same database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from tests.support.children import log_tails, stop_process
from tests.support.ports import free_port
from tests.support.waiting import wait_until

COMMAND = (sys.executable, "-m", "server.cli")
STARTUP_TIMEOUT = 60.0
# uvicorn lets open responses finish first; an exit code that says so needs the time.
SHUTDOWN_TIMEOUT = 60.0
# Cheap password hashing: the tests sign in, they do not measure Argon2.
CHEAP_HASHING = {"AVAILABILITY_ARGON2_TIME_COST": "1", "AVAILABILITY_ARGON2_MEMORY_COST": "64"}


def cli_environment(
    database_url: str,
    environment: Mapping[str, str] | None = None,
    settings: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`environment` (default: this process's) with cheap hashing, `settings` and the database."""
    return {
        **(os.environ if environment is None else environment),
        **CHEAP_HASHING,
        **(settings or {}),
        "AVAILABILITY_DATABASE_URL": database_url,
    }


def run_cli(
    args: Sequence[str], database_url: str, stdin: str = "", env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`availability-server <args>` on `database_url`, to its end."""
    return subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else cli_environment(database_url),
        timeout=STARTUP_TIMEOUT,
        check=False,
    )


class ServerProcess:
    """`availability-server serve` on one free port and one database, across restarts.

    Its output is appended to `folder`/server.log, whose end `diagnostics()` gives.
    """

    def __init__(
        self,
        database_url: str,
        folder: Path,
        *,
        environment: Mapping[str, str] | None = None,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.environment = cli_environment(database_url, environment, settings)
        self.log_path = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def add_user(self, email: str, name: str, role: str, password: str) -> None:
        finished = run_cli(
            ["users", "add", "--email", email, "--name", name, "--role", role],
            self.database_url,
            password + "\n",
            self.environment,
        )
        assert finished.returncode == 0, finished.stderr

    def start(self) -> ServerProcess:
        """Serve, and return once /healthz answers."""
        assert self.process is None
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*COMMAND, "serve", "--port", str(self.port)],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        process = self.process
        wait_until(
            lambda: process.poll() is None and self._healthy(),
            STARTUP_TIMEOUT,
            "the status server answers /healthz",
            done=lambda healthy: healthy or process.poll() is not None,
            context=self.diagnostics,
        )
        assert process.poll() is None, f"the server exited\n{self.diagnostics()}"
        return self

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def kill(self) -> None:
        """Die at once (SIGKILL), as a crashed or unplugged server would."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()
        self.process = None

    def stop(self) -> int | None:
        """SIGTERM, as a service manager sends it (SIGKILL if it hangs); the exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        stop_process(process, SHUTDOWN_TIMEOUT)
        return process.returncode

    def diagnostics(self) -> str:
        return log_tails({"the server's log": self.log_path})
