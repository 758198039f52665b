"""RFC 9457 problem details: the exception that answers with one, and the problems the
API answers with: invalid input, domain errors, database failures, internal errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from server.domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotAllowed,
    NotFound,
    NotSignedIn,
    Refusal,
    TooManyAttempts,
)
from server.store.database import DatabaseBusy

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str
    message: str


class ProblemDocument(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class Problem(Exception):
    """Raise to answer with a problem+json document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = [e.model_dump() for e in self.errors]
        body.update(self.extra)
        return JSONResponse(
            body, status_code=self.status, headers=self.headers, media_type=PROBLEM_MEDIA_TYPE
        )


def validation_problem(errors: Sequence[FieldError]) -> Problem:
    named = ", ".join(e.field for e in errors)
    first = errors[0].message if errors else "invalid request"
    return Problem(
        422,
        "Invalid request",
        f"{named}: {first}" if len(errors) == 1 else f"Invalid fields: {named}",
        errors=errors,
    )


_REFUSAL_STATUS: dict[type[Refusal], int] = {
    NotSignedIn: 401,
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
    TooManyAttempts: 429,
}


def domain_problem(error: DomainError) -> Problem:
    """The one place where the domain's errors become problem documents."""
    if isinstance(error, InvalidInput):
        return validation_problem(
            [FieldError(field=e.field, message=e.message) for e in error.errors]
        )
    assert isinstance(error, Refusal)
    status = next(code for kind, code in _REFUSAL_STATUS.items() if isinstance(error, kind))
    headers: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if isinstance(error, NotSignedIn):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, Conflict) and error.kind is not None:
        extra["type"] = error.kind
    return Problem(status, error.title, error.detail, headers=headers, extra=extra)


# Seconds a client should wait before trying again when the database is busy or away.
RETRY_AFTER = 2


def database_problem(error: Exception) -> Problem:
    """What to answer when the database failed: 503 when trying again may work."""
    busy = isinstance(error, DatabaseBusy) or "database is locked" in str(error)
    if busy:
        return Problem(
            503,
            "Busy",
            "The database is busy with another program's work. Try again in a moment.",
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        return Problem(
            503,
            "Unavailable",
            "The database does not answer. Try again in a moment.",
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    return internal_error()


def internal_error() -> Problem:
    return Problem(
        500,
        "Internal error",
        "Something went wrong on the server; nothing was changed. Try again, and tell "
        "the server's administrator if it goes on.",
    )
