"""The desktop programs the tests need (Xvfb, trayer, xdotool…): found, or the test stops."""

from __future__ import annotations

import os
import shutil

REQUIRE_E2E = "AVAILABILITY_REQUIRE_E2E"


def require_tool(name: str) -> str:
    """The tool's path; skip without it, or fail when AVAILABILITY_REQUIRE_E2E=1 (CI).

    Outside pytest (a bench), a missing tool raises pytest's skip or fail exception too,
    which the bench reports as an error.
    """
    path = shutil.which(name)
    if path is None:
        # Imported here: the benches import this module, and only a test pays for pytest.
        import pytest

        reason = f"{name} is not installed"
        if os.environ.get(REQUIRE_E2E) == "1":
            pytest.fail(f"{reason}, and {REQUIRE_E2E}=1 requires it")
        pytest.skip(reason)
    return path
