"""Sessions a professional is in: started and ended by the platform's service account."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select

from server.store import tables


@dataclass(frozen=True)
class Session:
    id: str
    professional_id: str
    mode: str
    started_at: datetime
    ended_at: datetime | None


def _session(row: Row[Any]) -> Session:
    return Session(row.id, row.professional_id, row.mode, row.started_at, row.ended_at)


_ACTIVE_COUNTS = (
    select(tables.sessions.c.professional_id, func.count())
    .where(tables.sessions.c.professional_id.in_(bindparam("ids", expanding=True)))
    .where(tables.sessions.c.ended_at.is_(None))
    .group_by(tables.sessions.c.professional_id)
)


def active_session_counts(connection: Connection, user_ids: Sequence[str]) -> dict[str, int]:
    counts = dict.fromkeys(user_ids, 0)
    rows = connection.execute(_ACTIVE_COUNTS, {"ids": list(user_ids)}).all()
    for professional_id, count in rows:
        counts[professional_id] = int(count)
    return counts


def active_sessions(connection: Connection, professional_id: str) -> list[Session]:
    rows = connection.execute(
        select(tables.sessions)
        .where(tables.sessions.c.professional_id == professional_id)
        .where(tables.sessions.c.ended_at.is_(None))
        .order_by(tables.sessions.c.started_at)
    ).all()
    return [_session(row) for row in rows]


def start_session(
    connection: Connection, professional_id: str, mode: str, started_by: str | None, now: datetime
) -> Session:
    session = Session(str(uuid.uuid4()), professional_id, mode, now, None)
    connection.execute(
        tables.sessions.insert().values(
            id=session.id,
            professional_id=professional_id,
            mode=mode,
            started_at=now,
            started_by=started_by,
        )
    )
    return session


def session_by_id(connection: Connection, session_id: str) -> Session | None:
    row = connection.execute(
        select(tables.sessions).where(tables.sessions.c.id == session_id)
    ).first()
    return None if row is None else _session(row)


def end_session(connection: Connection, session: Session, now: datetime) -> Session:
    """End a session; ending one that has ended already changes nothing."""
    if session.ended_at is not None:
        return session
    connection.execute(
        tables.sessions.update().where(tables.sessions.c.id == session.id).values(ended_at=now)
    )
    return Session(session.id, session.professional_id, session.mode, session.started_at, now)
