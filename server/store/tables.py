"""The database schema, as SQLAlchemy Core tables. Alembic migrations create it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    false,
    true,
)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores naive UTC everywhere and hands back timezone-aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# One row per person with a status. Quiet-hour days are stored as "mon,tue,…".
availability = Table(
    "availability",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("preference", String(16), nullable=False),
    Column("preference_expires_at", UtcDateTime),
    Column("max_concurrent_sessions", Integer, nullable=False),
    Column("online_availability", Boolean, nullable=False),
    Column("in_person_availability", Boolean, nullable=False),
    Column("quiet_hours_enabled", Boolean, nullable=False),
    Column("quiet_hours_timezone", String(64), nullable=False),
    Column("quiet_hours_start", String(5), nullable=False),
    Column("quiet_hours_end", String(5), nullable=False),
    Column("quiet_hours_days", String(27), nullable=False),
    Column("override_status", String(16)),
    Column("override_until", UtcDateTime),
    Column("override_note", String(500)),
    Column("override_by", String(36), ForeignKey("users.id", ondelete="SET NULL")),
    Column("status_note", String(100)),
    Column("status_note_expires_at", UtcDateTime),
    Column("wrap_up_minutes", Integer, nullable=False, server_default="0"),
    Column("busy_in_calls", Boolean, nullable=False, server_default=true()),
    Column("busy_in_do_not_disturb", Boolean, nullable=False, server_default=false()),
    Column("wrap_up_until", UtcDateTime),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("device_id", String(128), primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("app_state", String(16), nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("last_active_at", UtcDateTime, nullable=False),
    # The device's own readings beyond the keyboard (DESIGN.md section 4).
    Column("in_call", Boolean, nullable=False, server_default=false()),
    Column("calendar_busy_until", UtcDateTime),
    Column("do_not_disturb", Boolean, nullable=False, server_default=false()),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "professional_id",
        String(36),
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("mode", String(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("started_by", String(36), ForeignKey("users.id", ondelete="SET NULL")),
)
Index("ix_sessions_active", sessions.c.professional_id, sessions.c.ended_at)

token_families = Table(
    "token_families",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # The sign-in ends then, however often its refresh token rotated.
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("revoked_reason", String(32)),
)

# Refresh tokens are stored as SHA-256 digests, never in the clear.
refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column(
        "family_id",
        String(36),
        ForeignKey("token_families.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", UtcDateTime, nullable=False),
)

# Whose status may have changed, in commit order: on SQLite, how a server process learns
# which of its streams another process's commit concerns (PostgreSQL uses NOTIFY).
changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(36), nullable=False),
    sqlite_autoincrement=True,
)
