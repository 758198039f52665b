"""The tray leaves out libraries it never uses, as a fresh interpreter shows."""

from __future__ import annotations

import subprocess
import sys

LIST_MODULES = """
import sys
print(" ".join(name for name, module in sys.modules.items() if module is not None))
"""


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", code + LIST_MODULES],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_the_sync_package_leaves_out_httpx_command_line_client() -> None:
    loaded = loaded_after("import desktop.sync.api, desktop.sync.events, desktop.sync.errors")
    assert "httpx" in loaded
    assert {"httpx._main", "rich", "pygments"} & loaded == set()


def test_httpx_imported_before_the_sync_package_keeps_its_command_line_client() -> None:
    assert "httpx._main" in loaded_after("import httpx, desktop.sync.api")
