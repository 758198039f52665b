"""Server settings: environment variables `AVAILABILITY_<NAME>`, overridable by CLI flags."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from presence import RuleConfig

APP_NAME = "availability"


def default_signing_keys_file() -> Path:
    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return config_dir / "server-signing-keys.json"


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'availability.sqlite3'}"


class Settings(BaseSettings):
    """Everything the server reads from its environment. Durations are in seconds."""

    model_config = SettingsConfigDict(env_prefix="AVAILABILITY_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)

    # Seconds a write waits for SQLite's lock (held by another process, say) before the
    # request is answered 503 with Retry-After. Reads never wait for it.
    database_busy_timeout: float = Field(default=2.0, gt=0, le=60)

    # The rule thresholds of DESIGN.md section 3.
    heartbeat_interval: float = Field(default=30.0, gt=0)
    liveness_timeout: float = Field(default=100.0, gt=0)
    away_after: float = Field(default=300.0, gt=0)
    offline_after: float = Field(default=900.0, gt=0)

    # Skip a heartbeat's write when the device row is younger than this and unchanged.
    heartbeat_write_interval: float = Field(default=10.0, ge=0)

    access_token_ttl: float = Field(default=900.0, gt=0)
    refresh_token_ttl: float = Field(default=30 * 86400.0, gt=0)
    # A sign-in ends this long after the password was given, however often it refreshed.
    token_family_ttl: float = Field(default=90 * 86400.0, gt=0)
    # The keys that sign access tokens: made at the first start, owner-only, never in the
    # database. A `secret_key` (32 characters or more) replaces the file.
    signing_keys_file: Path = Field(default_factory=default_signing_keys_file)
    secret_key: str = ""

    login_max_failures: int = Field(default=5, ge=1)
    # One address may serve a whole practice (NAT), and sign-ins in progress count until
    # they succeed: a higher limit than per email.
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window: float = Field(default=300.0, gt=0)

    # Argon2 cost; the defaults are argon2-cffi's RFC 9106 low-memory profile.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65536, ge=8)
    # Hashes computed at once: their memory is at most this times argon2_memory_cost KiB.
    argon2_parallel: int = Field(default=2, ge=1, le=64)
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed, comma-separated. Empty: no one's.
    trusted_proxies: str = ""

    sse_ping_interval: float = Field(default=15.0, gt=0)

    # Limits: a larger body is 413; more streams per account (per server process) 429;
    # a new device beyond the cap first makes room by forgetting the account's oldest
    # devices that are no longer running, and is refused (409) if all are running.
    max_body_bytes: int = Field(default=65536, ge=1024)
    max_streams_per_account: int = Field(default=10, ge=1)
    max_devices_per_account: int = Field(default=20, ge=1)

    def rules(self) -> RuleConfig:
        return RuleConfig(
            heartbeat_interval=timedelta(seconds=self.heartbeat_interval),
            liveness_timeout=timedelta(seconds=self.liveness_timeout),
            away_after=timedelta(seconds=self.away_after),
            offline_after=timedelta(seconds=self.offline_after),
        )
