"""Child processes the tests and benches start: started with their output in a log, stopped."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

STOP_TIMEOUT = 5.0
COMMAND_TIMEOUT = 60.0
LOG_TAIL = 40


def stop_process(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """Terminate a child and reap it: SIGTERM, then SIGKILL after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_child(
    children: ExitStack,
    argv: Sequence[str],
    log: Path | None = None,
    stop: Callable[[subprocess.Popen[bytes]], None] = stop_process,
    **popen: Any,
) -> subprocess.Popen[bytes]:
    """Start `argv`; closing `children` stops it with `stop` and closes its pipes.

    Its output goes where `popen` says, or else is appended to `log` (or dropped).
    """
    with log.open("ab") if log is not None else contextlib.nullcontext() as output:
        destination = subprocess.DEVNULL if output is None else output
        process: subprocess.Popen[bytes] = subprocess.Popen(
            argv, **{"stdout": destination, "stderr": destination, **popen}
        )
    children.callback(_stop_and_close, process, stop)
    return process


def _stop_and_close(
    process: subprocess.Popen[bytes], stop: Callable[[subprocess.Popen[bytes]], None]
) -> None:
    stop(process)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def log_tails(logs: Mapping[str, Path], lines: int = LOG_TAIL) -> str:
    """The last `lines` lines of each log, under its title, for failure messages."""
    parts = []
    for title, path in logs.items():
        try:
            tail = path.read_text(errors="replace").splitlines()[-lines:]
        except FileNotFoundError:
            tail = ["(none yet)"]
        parts.append(f"--- {title} ---\n" + "\n".join(tail))
    return "\n".join(parts)
