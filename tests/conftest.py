"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def signing_keys_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The server's signing keys for the whole run, outside the user's config folder.

    Set in the environment, so that servers started in other processes share it.
    """
    path = tmp_path_factory.mktemp("keys") / "server-signing-keys.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AVAILABILITY_SIGNING_KEYS_FILE", str(path))
        yield path


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real PostgreSQL server from pgserver's binaries, shared by the whole run."""
    # Only the tests that need PostgreSQL pay for its import.
    from pgserver.postgres_server import get_server

    server = get_server(Path(tmp_path_factory.mktemp("pgdata")), cleanup_mode="stop")
    yield server
    server.cleanup()
