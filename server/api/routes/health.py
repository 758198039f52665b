"""GET /healthz."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.api.callers import Context
from server.api.problems import RETRY_AFTER, Problem
from server.api.responses import problems

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/healthz", responses=problems(503))
def healthz(ctx: Context) -> Health:
    """200 when the database answers (a read: a busy writer does not make it wait)."""
    try:
        with ctx.database.read() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise Problem(
            503,
            "Unavailable",
            "The database does not answer.",
            headers={"Retry-After": str(RETRY_AFTER)},
        ) from error
    return Health(status="ok")
