"""docs/openapi.json and docs/api.md are what the server says about itself, and true."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from presence import Role
from scripts.api_docs import (
    CALLERS,
    MARKDOWN_PATH,
    OPENAPI_PATH,
    main,
    openapi_json,
    operations,
    render_markdown,
    stale_files,
)
from server.api.openapi import openapi_document
from tests.support.api_harness import Harness

REGENERATE = "regenerate with `uv run python scripts/api_docs.py`"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document()


def test_docs_openapi_json_is_the_generated_document(document: dict[str, Any]) -> None:
    assert OPENAPI_PATH.read_text(encoding="utf-8") == openapi_json(document), REGENERATE


def test_docs_api_md_is_the_generated_reference(document: dict[str, Any]) -> None:
    assert MARKDOWN_PATH.read_text(encoding="utf-8") == render_markdown(document), REGENERATE


def test_the_live_server_serves_the_committed_document(harness: Harness) -> None:
    response = harness.anonymous.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


def test_check_passes_when_the_files_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert capsys.readouterr().err == ""


def test_a_missing_or_different_file_is_stale(tmp_path: Path) -> None:
    same, different, missing = tmp_path / "same", tmp_path / "different", tmp_path / "missing"
    same.write_text("text\n", encoding="utf-8")
    different.write_text("old\n", encoding="utf-8")
    files = {same: "text\n", different: "new\n", missing: "text\n"}
    assert stale_files(files) == [different, missing]


def test_every_operation_says_who_may_call_it(document: dict[str, Any]) -> None:
    listed = {(method, path) for method, path, _ in operations(document)}
    assert listed == set(CALLERS)
    markdown = render_markdown(document)
    for method, path in listed:
        section = markdown.split(f"### `{method} {path}`\n", 1)[1].split("\n### ", 1)[0]
        assert "**Who:**" in section, (method, path)


def test_the_reference_covers_the_conventions_and_every_schema(document: dict[str, Any]) -> None:
    markdown = render_markdown(document)
    for convention in ("/v1", "Bearer", "application/problem+json", "`errors`", "RFC 3339"):
        assert convention in markdown
    for words in ("If-Match", "ETag", "412", "`current`"):
        assert words in markdown
    for name, schema in document["components"]["schemas"].items():
        assert f"\n### {name}\n" in markdown
        for field in schema.get("properties", {}):
            assert f"| `{field}` |" in markdown, (name, field)


def _call(harness: Harness, method: str, path: str, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = re.sub(r"\{[^}]+\}", "nobody", path)
    body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None
    return harness.anonymous.request(method, url, headers=headers, json=body).status_code


def test_the_server_lets_in_exactly_the_roles_the_reference_names(harness: Harness) -> None:
    people = {role: harness.person(role) for role in Role}
    checked = {
        key: roles
        for key, roles in CALLERS.items()
        # The event stream never ends; `require` is shared with the other routes anyway.
        if key != ("GET", "/v1/me/events")
    }
    # Signing out ends the sign-in, so it goes last.
    for (method, path), roles in sorted(checked.items(), key=lambda item: "logout" in item[0][1]):
        if roles is None:
            assert _call(harness, method, path, None) not in (401, 403), (method, path)
            continue
        assert _call(harness, method, path, None) == 401, (method, path)
        for role, person in people.items():
            status = _call(harness, method, path, person.tokens["access_token"])
            assert status < 500, (method, path, role, status)
            assert (status == 403) == (role not in roles), (method, path, role, status)
