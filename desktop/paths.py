"""Where the desktop app keeps its files: platformdirs, per user."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "availability"


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
    def instance_name(self) -> str:
        """The local socket's name: one per user and configuration, short enough for Unix."""
        digest = hashlib.sha256(str(self.config_dir.resolve()).encode()).hexdigest()[:16]
        return f"availability-{digest}"

    def make(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
