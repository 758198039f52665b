"""The exception handlers that answer every failure with a problem document."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from server.api.problems import (
    FieldError,
    Problem,
    database_problem,
    domain_problem,
    internal_error,
    validation_problem,
)
from server.domain.errors import DomainError
from server.store.database import DatabaseBusy

log = logging.getLogger(__name__)


def _field_name(location: Sequence[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "extra_forbidden":
        return "unknown field"
    return message.removeprefix("Value error, ")


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
