"""A missing desktop tool skips locally and fails in CI (AVAILABILITY_REQUIRE_E2E=1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.tools import require_file, require_tool


def test_missing_tool_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("AVAILABILITY_REQUIRE_E2E", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Xvfb is not installed"):
        require_tool("Xvfb")


def test_missing_tool_fails_when_ci_requires_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("AVAILABILITY_REQUIRE_E2E", "1")
    with pytest.raises(pytest.fail.Exception, match="AVAILABILITY_REQUIRE_E2E=1"):
        require_tool("xdotool")


def test_a_missing_file_skips_locally_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "fake-input.xml"
    monkeypatch.delenv("AVAILABILITY_REQUIRE_E2E", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Debian: plasma-wayland-protocols"):
        require_file(missing, "plasma-wayland-protocols")
    monkeypatch.setenv("AVAILABILITY_REQUIRE_E2E", "1")
    with pytest.raises(pytest.fail.Exception, match="AVAILABILITY_REQUIRE_E2E=1"):
        require_file(missing, "plasma-wayland-protocols")
    missing.write_text("<protocol/>")
    assert require_file(missing, "plasma-wayland-protocols") == missing
