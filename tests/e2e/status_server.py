"""The real `availability-server` in a child process, which a test may kill and restart."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from tests.desktop.children import stop_process
from tests.e2e.waiting import wait_until
from tests.server.process import free_port

COMMAND = (sys.executable, "-m", "server.cli")
STARTUP_TIMEOUT = 60.0
# Cheap password hashing: the tests sign in, they do not measure Argon2.
CHEAP_HASHING = {"AVAILABILITY_ARGON2_TIME_COST": "1", "AVAILABILITY_ARGON2_MEMORY_COST": "64"}


class StatusServer:
    """`availability-server serve` on one port and one SQLite file, across restarts."""

    def __init__(
        self, environment: Mapping[str, str], folder: Path, settings: Mapping[str, str]
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"sqlite:///{folder / 'server.sqlite3'}"
        self.environment = {
            **environment,
            **CHEAP_HASHING,
            **settings,
            "AVAILABILITY_DATABASE_URL": self.database_url,
        }
        self._log_path = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def add_user(self, email: str, name: str, role: str, password: str) -> None:
        finished = subprocess.run(
            [*COMMAND, "users", "add", "--email", email, "--name", name, "--role", role],
            input=password + "\n",
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
            check=False,
        )
        assert finished.returncode == 0, finished.stderr

    def start(self) -> None:
        """Serve, and return once /healthz answers."""
        assert self.process is None
        with self._log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*COMMAND, "serve", "--port", str(self.port)],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        process = self.process
        wait_until(
            lambda: process.poll() is None and self._healthy(),
            bool,
            STARTUP_TIMEOUT,
            "the status server answers /healthz",
            self.diagnostics,
        )
        assert process.poll() is None, self.diagnostics()

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

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def diagnostics(self) -> str:
        lines = self._log_path.read_text(errors="replace").splitlines()[-40:]
        return "--- the server's log ---\n" + "\n".join(lines)


class ApiClient:
    """Signed in to the server's API over HTTP as one person, as another device would be."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self._http = httpx.Client(base_url=url, timeout=10)
        answer = self._http.post(
            "/v1/auth/token", json={"grant_type": "password", "email": email, "password": password}
        )
        assert answer.status_code == 200, answer.text
        self._http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def get(self, path: str) -> dict[str, Any]:
        answer = self._http.get(path)
        assert answer.status_code == 200, answer.text
        document: dict[str, Any] = answer.json()
        return document

    def close(self) -> None:
        self._http.close()
