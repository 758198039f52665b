"""The bundle's program running on a TrayDesktop, on a session bus of its own."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.packaging.tray_desktop import TrayDesktop
from tests.support.children import log_tails
from tests.support.running_app import AppCommandLine
from tests.support.tools import require_tool
from tests.support.waiting import wait_until

TRAY_TIMEOUT = 60.0
EXIT_TIMEOUT = 15.0
_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


@dataclass(frozen=True)
class Bundle:
    folder: Path  # dist/availability: what a release archive holds
    build_seconds: float

    @property
    def program(self) -> Path:
        return self.folder / "availability"


def exec_arguments(desktop_entry: Path) -> list[str]:
    """The command line an Exec key stands for (Desktop Entry spec: the string escapes,
    then the shell-like quoting, then %% for %); a field code such as %f is refused."""
    lines = desktop_entry.read_text(encoding="utf-8").splitlines()
    (value,) = (line.removeprefix("Exec=") for line in lines if line.startswith("Exec="))
    value = re.sub(r"\\(.)", lambda match: _STRING_ESCAPES.get(match[1], match[0]), value)
    arguments = shlex.split(value)
    if any(re.search(r"%[^%]", argument) for argument in arguments):
        raise ValueError(f"field codes are not expected in {value!r}")
    return [argument.replace("%%", "%") for argument in arguments]


class BundledApp(AppCommandLine):
    """`command` (the bundle's program) under dbus-run-session, in a process group of its
    own so that stop() ends the program, its bus and anything else it started."""

    def __init__(self, command: Sequence[str], desktop: TrayDesktop, folder: Path) -> None:
        # Its commands: `<bundle>/availability <arguments>` on the same desktop.
        super().__init__(command[:1], desktop.environment())
        self.desktop = desktop
        self._output = folder / "app.output"
        with self._output.open("wb") as output:
            self.started_at = time.monotonic()
            self.process = subprocess.Popen(
                [require_tool("dbus-run-session"), "--", *command],
                env=self.environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_for_tray_icon(self) -> float:
        """Seconds from the start of the process until its icon sits in the tray."""
        wait_until(
            lambda: self.process.poll() is None and self.desktop.tray_icon_shown(),
            TRAY_TIMEOUT,
            "the bundled app's icon is embedded in trayer's panel",
            context=self.diagnostics,
        )
        return time.monotonic() - self.started_at

    def wait_for_exit(self) -> int:
        return self.process.wait(timeout=EXIT_TIMEOUT)

    def stop(self) -> None:
        """SIGTERM to the whole group, then SIGKILL; return once none of it is left."""
        for number in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, number)
            except ProcessLookupError:
                break
            if self._group_ended(EXIT_TIMEOUT):
                break
        self.process.wait()

    def _group_ended(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            self.process.poll()  # reap the leader: a zombie still counts as a member
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)  # wall-time: between two checks; the deadline decides

    def diagnostics(self) -> str:
        return log_tails(
            {
                "the bundled app's output": self._output,
                "the bundled app's log": self.desktop.log_file,
            }
        )
