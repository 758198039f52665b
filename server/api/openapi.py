"""The OpenAPI document the server serves at /openapi.json, built without a database."""

from __future__ import annotations

from typing import Any

from server.api.app import create_app
from server.settings import Settings
from server.startup import build_context


def openapi_document() -> dict[str, Any]:
    """The document the server serves at /openapi.json. Building it touches no database."""
    # A key of its own, so that no key has to be read from (or made in) a database.
    settings = Settings(database_url="sqlite:///:memory:", secret_key="unused" * 8)
    context = build_context(settings, migrate=False)
    try:
        return create_app(context).openapi()
    finally:
        context.database.dispose()
