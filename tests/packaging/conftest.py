"""Fixtures for the packaging checks: the Linux bundle, built once per test run."""

from __future__ import annotations

import os

# Before anything imports Qt: the icon checks need no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.bundled_app import Bundle

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "availability.spec"
BUILD_TIMEOUT = 1200.0
LOG_TAIL = 60


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    """`pyinstaller packaging/availability.spec`, as a release build runs it (about a minute)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the packaging check builds the Linux bundle")
    folder = tmp_path_factory.mktemp("bundle")
    log = folder / "pyinstaller.log"
    started = time.monotonic()
    with log.open("wb") as output:
        finished = subprocess.run(
            [
                *(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"),
                *("--distpath", str(folder / "dist"), "--workpath", str(folder / "build")),
                str(SPEC),
            ],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
    build_seconds = time.monotonic() - started
    if finished.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-LOG_TAIL:]
        pytest.fail(f"pyinstaller failed with {finished.returncode}:\n" + "\n".join(tail))
    # Only the bundle is needed from here on; its build folder is as large again.
    shutil.rmtree(folder / "build")
    yield Bundle(folder / "dist" / "availability", build_seconds)
    shutil.rmtree(folder / "dist", ignore_errors=True)
