"""RFC 9457 problem details: one exception type and the handlers that render it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

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

log = logging.getLogger(__name__)

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


def _field_name(location: Sequence[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "extra_forbidden":
        return "unknown field"
    return message.removeprefix("Value error, ")


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


_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette names only the first route's."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return exc.response()

    async def on_domain_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        return domain_problem(exc).response()

    async def on_validation(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        unreadable = [e for e in exc.errors() if e.get("type") == "json_invalid"]
        if unreadable:
            reason = unreadable[0].get("ctx", {}).get("error", "")
            return Problem(
                400,
                "Bad request",
                f"The body is not valid JSON{f' ({reason})' if reason else ''}.",
                errors=[FieldError(field="body", message="not valid JSON")],
            ).response()
        errors = [
            FieldError(field=_field_name(e["loc"]), message=_message(e)) for e in exc.errors()
        ]
        return validation_problem(errors).response()

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        title = {
            400: "Bad request",
            404: "Not found",
            405: "Method not allowed",
            413: "Too large",
        }.get(exc.status_code, "Error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return Problem(exc.status_code, title, str(exc.detail), headers=headers).response()

    async def on_database(request: Request, exc: Exception) -> JSONResponse:
        problem = database_problem(exc)
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return problem.response()

    async def on_anything(_request: Request, _exc: Exception) -> JSONResponse:
        # Starlette logs the traceback after this answer has gone out.
        return internal_error().response()

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(SQLAlchemyError, on_database)
    app.add_exception_handler(DatabaseBusy, on_database)
    app.add_exception_handler(Exception, on_anything)
