"""The JSON documents of the API (DESIGN.md section 4)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Self
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic import Strict as JsonTypeOnly
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from presence import AppState, Reason, Role, Status, Weekday
from presence.documents import (
    MOST_CONCURRENT_SESSIONS,
    MOST_WRAP_UP_EXTENSION_MINUTES,
    MOST_WRAP_UP_MINUTES,
    STATUS_NOTE_LENGTH,
    WRAP_UP_EXTENSION_MINUTES,
)

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# IANA zone names. tzdata also holds "localtime" (whatever the server's zone is) and
# "Factory" (no zone at all, "-00"): neither is a place a person lives in.
KNOWN_TIMEZONES = frozenset(available_timezones()) - {"localtime", "Factory", "posixrules"}
MAX_IDLE_SECONDS = 10 * 365 * 86400


def storable(value: str) -> str:
    """Text the database can hold: PostgreSQL refuses NUL characters."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# The JSON schema of storable text: no NUL character.
NO_NUL = "^[^\\u0000]*$"

# A path or query parameter that reaches the database.
Text = Annotated[
    str, AfterValidator(storable), WithJsonSchema({"type": "string", "pattern": NO_NUL})
]
# A list of ids in one query parameter.
IdList = Annotated[
    str,
    AfterValidator(storable),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "pattern": NO_NUL,
            "description": "Comma-separated ids, at most 200",
        }
    ),
]


def document_storable_text(schema: dict[str, Any]) -> None:
    """Say in a body's JSON schema what `Strict` refuses: text with a NUL character."""
    properties = schema.get("properties", {})
    assert isinstance(properties, dict)
    for field_schema in properties.values():
        options = [field_schema, *field_schema.get("anyOf", [])]
        for option in options:
            plain = not ({"pattern", "enum", "const", "format"} & set(option))
            if option.get("type") == "string" and plain:
                option["pattern"] = NO_NUL


def _text_only(value: Any) -> Any:
    if not isinstance(value, str | datetime):
        raise PydanticCustomError("datetime_type", "must be a date-time text (RFC 3339)")
    return value


# JSON values as they are sent: "5" is no integer, true no number, 0 no boolean.
StrictInt = Annotated[int, JsonTypeOnly()]
StrictFloat = Annotated[float, JsonTypeOnly()]
StrictBool = Annotated[bool, JsonTypeOnly()]
StrictStr = Annotated[str, JsonTypeOnly()]


def in_utc(value: datetime) -> datetime:
    """The same instant in UTC, as the API answers and stores it."""
    try:
        return value.astimezone(UTC)
    except OverflowError as error:  # past 9999-12-31 or before 0001-01-01 in UTC
        raise ValueError("out of range") from error


# A time sent to the API: RFC 3339 text (not a Unix time), with an offset, and one that
# UTC can hold.
UtcTime = Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(in_utc)]


class Strict(BaseModel):
    """A request body: unknown fields are an error, every text must be storable, and
    values are taken as their JSON type only (`StrictInt` and the like below)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=lambda schema, _model: document_storable_text(schema)
    )

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return storable(value) if isinstance(value, str) else value


def _not_null(value: Any) -> Any:
    """For fields that may be left out but not sent as null: a field validator runs
    only for values that were sent, and its error names the field."""
    if value is None:
        raise ValueError("must not be null; leave the field out to keep its value")
    return value


HHMM = Annotated[str, Field(pattern=_HH_MM.pattern, examples=["22:00"], description="HH:MM")]


def _without_null(schema: JsonDict) -> None:
    options = schema.pop("anyOf")
    assert isinstance(options, list)
    (kept,) = [option for option in options if option != {"type": "null"}]
    assert isinstance(kept, dict)
    schema.update(kept)


def not_null() -> Any:
    """A field that may be left out but not sent as null (`_not_null` refuses null).

    Its JSON schema does not offer null, so that the API documents what it accepts.
    """
    return Field(default=None, json_schema_extra=_without_null)


# --- auth -----------------------------------------------------------------------------


def _token_request_schema(schema: dict[str, Any]) -> None:
    document_storable_text(schema)
    schema.update(
        {
            "oneOf": [
                {
                    "properties": {"grant_type": {"const": "password"}},
                    "required": ["grant_type", "email", "password"],
                    "not": {"required": ["refresh_token"]},
                },
                {
                    "properties": {"grant_type": {"const": "refresh_token"}},
                    "required": ["grant_type", "refresh_token"],
                    "not": {"anyOf": [{"required": ["email"]}, {"required": ["password"]}]},
                },
            ]
        }
    )


class TokenRequest(Strict):
    """`password` needs `email` and `password`; `refresh_token` needs `refresh_token`."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=lambda schema, _model: _token_request_schema(schema)
    )

    grant_type: Literal["password", "refresh_token"]
    email: Annotated[str, Field(min_length=1, max_length=254)] | None = not_null()
    password: Annotated[str, Field(min_length=1, max_length=1024)] | None = not_null()
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)] | None = not_null()

    @field_validator("email", "password", "refresh_token")
    @classmethod
    def _reject_null(cls, value: Any) -> Any:
        return _not_null(value)

    @model_validator(mode="after")
    def _fields_for_grant(self) -> Self:
        needed = ("email", "password") if self.grant_type == "password" else ("refresh_token",)
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"{' and '.join(missing)} required for grant_type {self.grant_type}")
        unused = sorted(self.model_fields_set - {"grant_type", *needed})
        if unused:
            raise ValueError(f"{' and '.join(unused)} not used by grant_type {self.grant_type}")
        return self


class UserOut(BaseModel):
    id: str
    email: str
    display_name: str
    role: Role


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int
    user: UserOut


class LogoutRequest(Strict):
    device_id: Annotated[str, Field(min_length=1, max_length=128)] | None = None


# --- availability ---------------------------------------------------------------------


class QuietHoursDoc(BaseModel):
    enabled: bool
    timezone: str
    start: HHMM
    end: HHMM
    days: list[Weekday]


class QuietHoursPatch(Strict):
    enabled: StrictBool | None = not_null()
    timezone: Annotated[str, Field(min_length=1, max_length=64)] | None = not_null()
    start: HHMM | None = not_null()
    end: HHMM | None = not_null()
    days: Annotated[list[Weekday], Field(max_length=7)] | None = not_null()

    @field_validator("enabled", "timezone", "start", "end", "days")
    @classmethod
    def _reject_null(cls, value: Any) -> Any:
        return _not_null(value)


class PersonRef(BaseModel):
    id: str
    display_name: str


class AdminOverrideOut(BaseModel):
    status: Status
    until: datetime | None
    note: str | None
    set_by: PersonRef | None


# For the API's documentation: some text that is not blank, and no control characters.
_NO_CONTROL = "[^\\u0000-\\u001f\\u007f-\\u009f]*"
NOTE_PATTERN = f"^{_NO_CONTROL}\\S{_NO_CONTROL}$"


def note_text(value: str) -> str:
    """A status note's text: one line a person can read, without control characters."""
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise PydanticCustomError(
            "note_control_characters", "must be one line without control characters"
        )
    if not value.strip():
        raise PydanticCustomError("note_empty", "must not be empty; send null to clear the note")
    return value.strip()


class StatusNoteDoc(BaseModel):
    text: str
    expires_at: datetime | None


class StatusNotePatch(Strict):
    text: Annotated[
        StrictStr,
        Field(min_length=1, max_length=STATUS_NOTE_LENGTH),
        AfterValidator(note_text),
        WithJsonSchema(
            {
                "type": "string",
                "minLength": 1,
                "maxLength": STATUS_NOTE_LENGTH,
                "pattern": NOTE_PATTERN,
            }
        ),
    ]
    expires_at: UtcTime | None = None


class AvailabilityDoc(BaseModel):
    preference: Status
    preference_expires_at: datetime | None
    max_concurrent_sessions: int
    online_availability: bool
    in_person_availability: bool
    quiet_hours: QuietHoursDoc
    status_note: StatusNoteDoc | None
    admin_override: AdminOverrideOut | None
    wrap_up_minutes: int
    busy_in_calls: bool
    busy_in_do_not_disturb: bool
    wrap_up_until: datetime | None = Field(
        description="When the wrap-up under way ends; null when there is none."
    )
    version: int


class AvailabilityPatch(Strict):
    preference: Status | None = not_null()
    preference_expires_at: UtcTime | None = None
    max_concurrent_sessions: (
        Annotated[StrictInt, Field(ge=1, le=MOST_CONCURRENT_SESSIONS)] | None
    ) = not_null()
    online_availability: StrictBool | None = not_null()
    in_person_availability: StrictBool | None = not_null()
    quiet_hours: QuietHoursPatch | None = not_null()
    status_note: StatusNotePatch | None = None  # null clears it
    wrap_up_minutes: Annotated[StrictInt, Field(ge=0, le=MOST_WRAP_UP_MINUTES)] | None = not_null()
    busy_in_calls: StrictBool | None = not_null()
    busy_in_do_not_disturb: StrictBool | None = not_null()

    @field_validator(
        "preference",
        "max_concurrent_sessions",
        "online_availability",
        "in_person_availability",
        "quiet_hours",
        "wrap_up_minutes",
        "busy_in_calls",
        "busy_in_do_not_disturb",
    )
    @classmethod
    def _reject_null(cls, value: Any) -> Any:
        return _not_null(value)


class OverrideRequest(Strict):
    status: Status
    until: UtcTime | None = None
    note: Annotated[str, Field(max_length=500)] | None = None


# --- status ---------------------------------------------------------------------------


class EffectiveStatusOut(BaseModel):
    status: Status
    reason: Reason
    preference: Status
    accepting_sessions: bool
    active_sessions: int
    max_concurrent_sessions: int | None
    last_active_at: datetime | None
    changes_at: datetime | None
    computed_at: datetime


class SignalsIn(Strict):
    """A device's own readings beyond the keyboard. Only these values leave the device:
    no app names, no event titles."""

    in_call: StrictBool = False
    calendar_busy_until: UtcTime | None = None
    do_not_disturb: StrictBool = False


class HeartbeatRequest(Strict):
    device_id: Annotated[str, Field(min_length=1, max_length=128)]
    platform: Annotated[str, Field(min_length=1, max_length=32)]
    app_state: AppState
    idle_seconds: (
        Annotated[StrictFloat, Field(ge=0, le=MAX_IDLE_SECONDS, allow_inf_nan=False)] | None
    ) = None
    signals: SignalsIn | None = None  # left out or null: this device reports none


class WrapUpExtension(Strict):
    minutes: Annotated[StrictInt, Field(ge=1, le=MOST_WRAP_UP_EXTENSION_MINUTES)] = (
        WRAP_UP_EXTENSION_MINUTES
    )


class HeartbeatResponse(BaseModel):
    status: EffectiveStatusOut
    heartbeat_interval: float
    server_time: datetime


class ProfessionalStatusOut(BaseModel):
    id: str
    display_name: str
    status: Status
    accepting_sessions: bool
    online_availability: bool
    in_person_availability: bool
    status_note: StatusNoteDoc | None


# --- sessions -------------------------------------------------------------------------

SessionMode = Literal["online", "in_person"]


class SessionStart(Strict):
    professional_id: Annotated[str, Field(min_length=1, max_length=36)]
    mode: SessionMode
    force: StrictBool = False


class SessionOut(BaseModel):
    id: str
    professional_id: str
    mode: SessionMode
    started_at: datetime
    ended_at: datetime | None
