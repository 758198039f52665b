"""The real `availability-server` CLI in a child process."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence

STARTED = "Application startup complete"
WAIT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cli_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "AVAILABILITY_DATABASE_URL": database_url,
        "AVAILABILITY_ARGON2_TIME_COST": "1",
        "AVAILABILITY_ARGON2_MEMORY_COST": "64",
    }


def run_cli(
    args: Sequence[str], database_url: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(database_url),
        timeout=WAIT,
        check=False,
    )


class ServerProcess:
    """`availability-server serve` on a free port; ready once uvicorn says so."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(database_url),
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()
        while True:
            line = self._lines.get(timeout=WAIT)
            if STARTED in line:
                return
            if not line:
                raise RuntimeError(f"the server exited with {self._process.wait()}")

    def _pump(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self._lines.put(line)
        self._lines.put("")

    def stop(self) -> int:
        """SIGTERM, as a service manager would send; the exit code."""
        self._process.terminate()
        code = self._process.wait(timeout=WAIT)
        self._pump_thread.join(timeout=WAIT)
        assert self._process.stderr is not None
        self._process.stderr.close()
        return code
