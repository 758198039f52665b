"""Databases for servers under test: a SQLite file, or a fresh one on the shared PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def new_postgres_database(postgres: Any) -> str:
    """A fresh, empty database on the shared PostgreSQL server (pgserver's)."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    postgres.psql(f"CREATE DATABASE {name};")
    return make_url(postgres.get_uri()).set(database=name).render_as_string(hide_password=False)
