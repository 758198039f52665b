"""Where the desktop app keeps its files: platformdirs, per user."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "availability"
MAX_SOCKET_PATH = 104  # sun_path holds 108 bytes on Linux, 104 on macOS


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_user(cls) -> AppPaths:
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "instance.lock"

    @property
    def client_dir(self) -> Path:
        """The sync engine's files (device id, outbox), apart from the embedded database."""
        return self.data_dir / "client"

    @property
    def instance_socket(self) -> str:
        """Where the running app takes commands: one per user and configuration.

        On Unix a full path in a folder only this user can enter (the runtime dir, else
        the data dir), never a guessable name in the shared /tmp. On Windows a named
        pipe, which QLocalServer restricts to this user.
        """
        import hashlib  # here, not above: the launcher needs the paths before the icon

        digest = hashlib.sha256(str(self.config_dir.resolve()).encode()).hexdigest()[:16]
        name = f"availability-{digest}"
        if sys.platform == "win32":
            return name
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            path = Path(runtime) / f"{name}.sock"
            if len(str(path)) < MAX_SOCKET_PATH:
                return str(path)
        return str(self.data_dir / "instance.sock")

    def make(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
