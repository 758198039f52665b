"""The whole app with files it cannot read: it starts, signs in, and says what happened."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.memory_keyring import MemoryKeyring
from desktop.paths import AppPaths
from desktop.sync.outbox_files import ACCOUNTS_FILE
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import close_app, signed_in_app
from tests.support.waiting import WAIT_MS

LONG_WAIT_MS = 30_000  # the first start migrates a new database
NOT_UTF8 = b"\xff\xfe\x00 written by something else \x80"


def test_local_mode_starts_with_unreadable_settings_and_device_id(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    paths: AppPaths,
    embedded_env: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_bytes(NOT_UTF8)
    device_file = paths.client_dir / "local" / "device-id"
    device_file.parent.mkdir(parents=True)
    device_file.write_bytes(NOT_UTF8)

    app = make_app()
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    assert app.state.user is not None
    assert app.state.local_mode
    assert app.state.status is not None
    assert app.state.status.status == "online"

    notice = app.window.notice.text()
    assert notice.startswith(f"The settings file {paths.settings_file} was not used because ")
    assert "it is not UTF-8 text" in notice
    assert app.window.notice.isVisibleTo(app.window)

    assert app.session.engine is not None
    new_id = app.session.engine.heartbeats.device_id
    assert str(uuid.UUID(new_id)) == new_id
    assert device_file.read_text().strip() == new_id
    [kept_id] = device_file.parent.glob("device-id.unreadable-*")
    assert kept_id.read_bytes() == NOT_UTF8
    assert f"kept as {kept_id}" in caplog.text

    # The first change of a setting replaces the file and keeps the old one where it said.
    app.window.notifications.click()
    [kept_settings] = paths.config_dir.glob("settings.json.broken-*")
    assert kept_settings.read_bytes() == NOT_UTF8
    assert f"kept as {kept_settings})" in notice


def test_an_unreadable_outbox_is_told_once_and_the_app_signs_in(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyring = MemoryKeyring()
    first = signed_in_app(qtbot, make_app, server, professional, keyring_backend=keyring)
    close_app(qtbot, first)
    [outbox_file] = [
        path for path in paths.client_dir.rglob("outbox/*.json") if path.name != ACCOUNTS_FILE
    ]
    outbox_file.write_bytes(NOT_UTF8)

    second = make_app(server.url, keyring_backend=keyring)
    second.window.hide()  # in the tray: the person hears of it as a notification
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(second.tray, "notify", lambda title, text: shown.append((title, text)))
    qtbot.waitUntil(lambda: second.state.status is not None, timeout=WAIT_MS)
    [kept] = outbox_file.parent.glob(f"{outbox_file.name}.unreadable-*")
    assert kept.read_bytes() == NOT_UTF8
    [(_title, text)] = shown
    assert "changes you made while offline could not be read" in text
    assert text.endswith(f"It is kept as {kept}.")
    assert second.window.notice.text() == text


def damaged_database(path: Path) -> bytes:
    """A real SQLite file whose first page (the schema) was overwritten after its header."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
        connection.commit()
    contents = bytearray(path.read_bytes())
    contents[100:4096] = b"\xaa" * 3996
    return bytes(contents)


@pytest.mark.parametrize(
    ("make_contents", "sqlite_says"),
    [
        (lambda _path: b"not a database at all, " * 200, "file is not a database"),
        (damaged_database, "database disk image is malformed"),
    ],
    ids=["not-sqlite", "damaged"],
)
def test_local_mode_starts_afresh_on_an_unreadable_database_and_keeps_the_old_one(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    embedded_env: Path,
    make_contents: Callable[[Path], bytes],
    sqlite_says: str,
) -> None:
    embedded_env.parent.mkdir(parents=True)
    contents = make_contents(embedded_env)
    embedded_env.write_bytes(contents)

    app = make_app()
    qtbot.waitUntil(lambda: app.state.status is not None, timeout=LONG_WAIT_MS)
    assert app.state.local_mode
    assert app.state.status is not None
    assert app.state.status.status == "online"

    [kept] = embedded_env.parent.glob("availability.sqlite3.unreadable-*")
    assert kept.read_bytes() == contents
    notice = app.window.notice.text()
    assert notice.startswith("The local database could not be read (SQLite says: ")
    assert sqlite_says in notice
    assert notice.endswith(f"The old file is kept as {kept}.")
    assert app.window.notice.isVisibleTo(app.window)
    close_app(qtbot, app)
