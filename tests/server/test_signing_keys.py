"""Signing keys live outside the database, data files are owner-only, sign-ins end."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from sqlalchemy import inspect

from presence import Role
from server import signing_keys
from server.settings import Settings
from server.startup import build_context
from server.store.database import Database
from tests.support.api_harness import Harness, assert_problem, refresh


def keys_in(harness: Harness) -> signing_keys.KeyRing:
    return signing_keys.read_keys(harness.settings.signing_keys_file)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_signing_key_is_kept_in_the_database(harness: Harness, database_url: str) -> None:
    harness.person(Role.ADMIN)
    assert "server_secrets" not in inspect(harness.ctx.database.engine).get_table_names()
    secret = keys_in(harness).current.secret.encode()
    database_file = harness.ctx.database.url.database
    if harness.ctx.database.is_sqlite:
        assert database_file is not None
        for suffix in ("", "-wal"):
            assert secret not in Path(database_file + suffix).read_bytes()


def test_the_keys_file_is_owner_only_and_tokens_name_their_key(harness: Harness) -> None:
    assert mode(harness.settings.signing_keys_file) == 0o600
    token = harness.person(Role.USER).tokens["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == keys_in(harness).current.kid


def test_sqlite_files_and_a_new_folder_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    harness = Harness(f"sqlite:///{folder / 'availability.sqlite3'}")
    try:
        harness.person(Role.PROFESSIONAL)
        assert mode(folder) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert mode(folder / f"availability.sqlite3{suffix}") == 0o600, suffix
    finally:
        harness.close()


def test_a_database_file_readable_by_others_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Database(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    Database(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda kid: ("another key" * 4, {"kid": kid}), id="wrong-key"),
        pytest.param(lambda kid: ("another key" * 4, {}), id="no-kid"),
        pytest.param(lambda kid: ("another key" * 4, {"kid": "nope"}), id="unknown-kid"),
    ],
)
def test_a_token_signed_with_any_other_key_is_401(harness: Harness, forge: object) -> None:
    admin = harness.person(Role.ADMIN)
    claims = jwt.decode(admin.tokens["access_token"], options={"verify_signature": False})
    key, headers = forge(keys_in(harness).current.kid)  # type: ignore[operator]
    forged = jwt.encode(claims, key, algorithm="HS256", headers=headers)
    assert_problem(harness.client(forged).get("/v1/me/status"), 401)


def test_an_exp_no_date_can_hold_is_401_not_500(harness: Harness) -> None:
    admin = harness.person(Role.ADMIN)
    claims = jwt.decode(admin.tokens["access_token"], options={"verify_signature": False})
    key = keys_in(harness).current
    for exp in (1e20, -1e20):
        token = jwt.encode(
            {**claims, "exp": exp}, key.secret, algorithm="HS256", headers={"kid": key.kid}
        )
        assert_problem(harness.client(token).get("/v1/me/status"), 401)


def test_rotation_keeps_everyone_signed_in_and_the_new_key_is_learnt(harness: Harness) -> None:
    person = harness.person(Role.PROFESSIONAL)
    old = keys_in(harness).current
    rotated = signing_keys.rotate(harness.settings.signing_keys_file)
    assert rotated.keys[1] == old
    assert mode(harness.settings.signing_keys_file) == 0o600
    # A token signed with the previous key still works...
    assert person.http.get("/v1/me/status").status_code == 200
    # ...and one signed with the new key (by a process that restarted) works here too.
    claims = jwt.decode(person.tokens["access_token"], options={"verify_signature": False})
    new = rotated.current
    token = jwt.encode(claims, new.secret, algorithm="HS256", headers={"kid": new.kid})
    assert harness.client(token).get("/v1/me/status").status_code == 200
    # Keys older than KEPT rotations are dropped.
    for _ in range(signing_keys.KEPT):
        signing_keys.rotate(harness.settings.signing_keys_file)
    assert keys_in(harness).find(old.kid) is None


def test_a_sign_in_ends_after_the_family_lifetime_however_often_it_refreshed(
    database_url: str,
) -> None:
    harness = Harness(database_url, token_family_ttl=3 * 3600, refresh_token_ttl=7200)
    try:
        person = harness.person(Role.PROFESSIONAL)
        refresh_token = person.tokens["refresh_token"]
        for _ in range(2):
            harness.clock.advance(timedelta(seconds=3000))
            answer = refresh(harness, refresh_token)
            assert answer.status_code == 200, answer.text
            refresh_token = answer.json()["refresh_token"]
        access = harness.client(answer.json()["access_token"])
        harness.clock.advance(timedelta(seconds=3 * 3600 - 2 * 3000))
        problem = assert_problem(refresh(harness, refresh_token), 401)
        assert "expired" in problem["detail"]
        assert_problem(access.get("/v1/me/status"), 401)
    finally:
        harness.close()


def test_a_short_secret_key_in_the_environment_is_refused_in_words(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", secret_key="short")
    with pytest.raises(signing_keys.SigningKeyError, match="at least 32"):
        build_context(settings)


def test_a_damaged_keys_file_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": []}))
    with pytest.raises(signing_keys.SigningKeyError, match="no usable key"):
        signing_keys.read_keys(path)
    path.write_text("{not json")
    with pytest.raises(signing_keys.SigningKeyError, match="damaged"):
        signing_keys.read_keys(path)


def test_the_default_keys_file_is_in_the_config_folder_not_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AVAILABILITY_SIGNING_KEYS_FILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = Settings()
    assert settings.signing_keys_file == tmp_path / "config/availability/server-signing-keys.json"
    assert not settings.database_url.endswith(str(settings.signing_keys_file.parent))
