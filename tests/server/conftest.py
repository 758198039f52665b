"""Every server test runs twice: on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.server.harness import Harness


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'availability.sqlite3'}"
    return new_postgres_database(request.getfixturevalue("postgres"))


def new_postgres_database(postgres: Any) -> str:
    """A fresh, empty database on the shared PostgreSQL server."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    postgres.psql(f"CREATE DATABASE {name};")
    return make_url(postgres.get_uri()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def harness(database_url: str) -> Iterator[Harness]:
    running = Harness(database_url)
    yield running
    running.close()
