"""The desktop programs the tests need (Xvfb, trayer, xdotool…): found, or the test stops."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

REQUIRE_E2E = "AVAILABILITY_REQUIRE_E2E"


def _missing(reason: str) -> NoReturn:
    # Imported here: the benches import this module, and only a test pays for pytest.
    import pytest

    if os.environ.get(REQUIRE_E2E) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_E2E}=1 requires it")
    pytest.skip(reason)


def require_file(path: Path, package: str) -> Path:
    """`path`, which a Debian package installs; skip without it, or fail in CI."""
    if not path.exists():
        _missing(f"{path} is missing (Debian: {package})")
    return path


def require_tool(name: str) -> str:
    """The tool's path; skip without it, or fail when AVAILABILITY_REQUIRE_E2E=1 (CI).

    Outside pytest (a bench), a missing tool raises pytest's skip or fail exception too,
    which the bench reports as an error.
    """
    path = shutil.which(name)
    if path is None:
        _missing(f"{name} is not installed")
    return path
