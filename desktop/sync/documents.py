"""The JSON documents of the status API (DESIGN.md section 4), as typed dictionaries."""

from __future__ import annotations

from typing import Any, TypedDict


class FieldError(TypedDict):
    field: str
    message: str


class UserInfo(TypedDict):
    id: str
    email: str
    display_name: str
    role: str


class TokenGrant(TypedDict):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: UserInfo


class EffectiveStatus(TypedDict):
    status: str
    reason: str
    preference: str
    accepting_sessions: bool
    active_sessions: int
    max_concurrent_sessions: int | None
    last_active_at: str | None
    changes_at: str | None
    computed_at: str


class QuietHours(TypedDict):
    enabled: bool
    timezone: str
    start: str
    end: str
    days: list[str]


class AdminOverride(TypedDict):
    status: str
    until: str | None
    note: str | None
    set_by: dict[str, str] | None


class Availability(TypedDict):
    preference: str
    preference_expires_at: str | None
    max_concurrent_sessions: int
    online_availability: bool
    in_person_availability: bool
    quiet_hours: QuietHours
    admin_override: AdminOverride | None
    version: int


class HeartbeatAnswer(TypedDict):
    status: EffectiveStatus
    heartbeat_interval: float
    server_time: str


class Session(TypedDict):
    id: str
    professional_id: str
    mode: str
    started_at: str
    ended_at: str | None


class ProfessionalStatus(TypedDict):
    id: str
    display_name: str
    status: str
    accepting_sessions: bool
    online_availability: bool
    in_person_availability: bool


def has_keys(value: Any, document: type) -> bool:
    """Whether `value` is a JSON object with every key the TypedDict `document` requires."""
    required: frozenset[str] = getattr(document, "__required_keys__", frozenset())
    return isinstance(value, dict) and required <= value.keys()
