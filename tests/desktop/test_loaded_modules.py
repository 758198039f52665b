"""The tray leaves out libraries it never uses, as a fresh interpreter shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.api_harness import TEST_SETTINGS

# The app as `availability` builds it in local mode (no keyring given), under the folder
# in argv[1]; it quits once the embedded server has answered with a status.
RUN_LOCAL_MODE = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.activity.monitor import ActivityMonitor
from desktop.app import AvailabilityApp
from desktop.autostart import XdgAutostart
from desktop.paths import AppPaths
from desktop.settings import SettingsFile

class Active:
    name = "active"
    def idle_seconds(self):
        return 0.0
    def close(self):
        pass

root = Path(sys.argv[1])
application = QApplication([])
paths = AppPaths(root / "config", root / "data", root / "log")
paths.make()
app = AvailabilityApp(
    application, paths, SettingsFile(paths.settings_file), ActivityMonitor(Active()),
    XdgAutostart(root / "xdg-config"),
)
assert app.state.local_mode

def quit_once_status_shows():
    if app.state.status is not None:
        poll.stop()
        app.quit()

poll = QTimer()
poll.timeout.connect(quit_once_status_shows)
poll.start(10)
QTimer.singleShot(60_000, lambda: application.exit(1))
if application.exec() != 0:
    sys.exit("local mode showed no status within a minute")
"""

LIST_MODULES = """
import sys
print(" ".join(name for name, module in sys.modules.items() if module is not None))
"""


def loaded_after(code: str, *args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running `code` with `args`."""
    done = subprocess.run(
        [sys.executable, "-c", code + LIST_MODULES, *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_the_sync_package_leaves_out_httpx_command_line_client() -> None:
    loaded = loaded_after("import desktop.sync.api, desktop.sync.events, desktop.sync.errors")
    assert "httpx" in loaded
    assert {"httpx._main", "rich", "pygments"} & loaded == set()


def test_httpx_imported_before_the_sync_package_keeps_its_command_line_client() -> None:
    assert "httpx._main" in loaded_after("import httpx, desktop.sync.api")


def test_local_mode_never_loads_keyring(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AVAILABILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'availability.sqlite3'}",
        **{f"AVAILABILITY_{name.upper()}": str(value) for name, value in TEST_SETTINGS.items()},
    }
    loaded = loaded_after(RUN_LOCAL_MODE, str(tmp_path), env=env)
    assert {"desktop.sync.credentials", "server.embedded"} <= loaded
    assert "keyring" not in loaded
