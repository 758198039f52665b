"""Every file the app reads, filled with bytes it cannot use: the app carries on and says so.

Each file is fed the same bad contents. The component must start and work, say what was
wrong (to the person where the file held their data, else in the log), and keep the raw
bytes aside under a name of their own, never overwritten and never dropped in silence.
"""

from __future__ import annotations

import json
import logging
import os
import plistlib
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.autostart import EntryFile, LaunchAgent, XdgAutostart
from desktop.instance_lock import take_instance_lock
from desktop.kept_aside import keep_aside
from desktop.settings import AppSettings, SettingsFile
from desktop.sync.files import device_id
from desktop.sync.outbox_files import ACCOUNTS_FILE, OutboxFiles
from presence.documents import availability_json, read_availability
from tests.support.documents import availability

BAD: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda valid: b"",
    "truncated": lambda valid: valid[: len(valid) // 2],
    "random bytes": lambda valid: random.Random(7).randbytes(200),
    "not UTF-8": lambda valid: "{'café': 1}".encode("latin-1"),
    "a list": lambda valid: b"[1,2,3]",
    "a string": lambda valid: b'"text"',
    "wrong types": lambda valid: b'{"server_url": 5}',
}
KINDS = list(BAD)


def kept(path: Path) -> list[Path]:
    """The files kept aside for `path`, oldest name first."""
    return sorted(path.parent.glob(f"{path.name}.*-*"))


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


# --- settings.json: the person's own settings -------------------------------------------

VALID_SETTINGS = b'{"server_url": null, "notifications": false}\n'
SETTINGS_WHY = {
    "empty": "because it is empty",
    "truncated": "because it is not valid JSON (line 1",
    "random bytes": "because it is not UTF-8 text (byte 1 cannot be read)",
    "not UTF-8": "because it is not UTF-8 text (byte 5 cannot be read)",
    "a list": "because the file does not hold a JSON object",
    "a string": "because the file does not hold a JSON object",
    "wrong types": "because server_url must be text or null",
}


@pytest.mark.parametrize("kind", KINDS)
def test_settings_run_on_defaults_say_why_and_keep_the_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "settings.json"
    content = BAD[kind](VALID_SETTINGS)
    path.write_bytes(content)
    settings = SettingsFile(path)
    assert settings.settings == AppSettings()
    assert settings.problem is not None
    assert SETTINGS_WHY[kind] in settings.problem
    assert str(path) in settings.problem
    assert path.read_bytes() == content  # reading loses nothing
    problem = settings.problem
    settings.update(notifications=False)
    [aside] = kept(path)
    assert aside.read_bytes() == content
    assert f"(the old file is then kept as {aside})." in problem
    assert json.loads(path.read_text())["notifications"] is False
    assert settings.problem is None


@pytest.mark.parametrize(
    "server_url", ["https://me:secret@status.example.org", "http://status.example.org"]
)
def test_a_refused_server_address_reads_as_one_sentence(tmp_path: Path, server_url: str) -> None:
    """The refusal ends in a full stop of its own: the notice must not end in two."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"server_url": server_url}))
    problem = SettingsFile(path).problem
    assert problem is not None
    assert ".." not in problem
    assert ". The app runs with default settings" in problem


def test_a_second_broken_settings_file_never_replaces_the_first(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for content in (b"\xff first", b"\xff second"):
        path.write_bytes(content)
        SettingsFile(path).update(notifications=False)
    assert [aside.read_bytes() for aside in kept(path)] == [b"\xff first", b"\xff second"]


def test_settings_saved_by_notepad_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_SETTINGS)
    settings = SettingsFile(path)
    assert settings.problem is None
    assert settings.settings.notifications is False


# --- device-id: bookkeeping, replaced and logged ------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_device_id_is_replaced_and_kept_aside(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "device-id"
    content = BAD[kind](f"{uuid.uuid4()}\n".encode())
    path.write_bytes(content)
    made = device_id(tmp_path)
    assert str(uuid.UUID(made)) == made
    assert path.read_text().strip() == made
    assert device_id(tmp_path) == made  # kept from now on
    [aside] = kept(path)
    assert aside.read_bytes() == content
    assert f"The device id file {path} was unusable (it holds no device id); kept as {aside}" in (
        logged(caplog)
    )


def test_a_good_device_id_stays(tmp_path: Path) -> None:
    made = device_id(tmp_path)
    assert device_id(tmp_path) == made
    assert kept(tmp_path / "device-id") == []


def test_a_device_id_that_cannot_be_saved_lasts_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "data").write_bytes(b"a file where the folder should be")
    made = device_id(tmp_path / "data")
    assert str(uuid.UUID(made)) == made
    assert "A new device id could not be saved" in logged(caplog)


# --- the outbox: edits made offline, the person's data --------------------------------------

SERVER = "https://status.example.org"
OUTBOX_WHY = {
    "empty": "it is empty",
    "truncated": "it is not valid JSON (line 1",
    "random bytes": "it is not UTF-8 text",
    "not UTF-8": "it is not UTF-8 text",
    "a list": "it does not hold a JSON object",
    "a string": "it does not hold a JSON object",
    "wrong types": "it does not say whose changes it holds",
}


def valid_outbox(user_id: str) -> bytes:
    owner = {"server": SERVER, "user_id": user_id}
    pending = {"max_concurrent_sessions": {"value": 4, "base": 3, "base_known": True}}
    document = {"owner": owner, "known": None, "base_version": 7, "pending": pending}
    return json.dumps(document).encode()


@pytest.mark.parametrize("kind", KINDS)
def test_an_unreadable_outbox_is_kept_aside_and_the_person_told_where(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    told: list[str] = []
    files = OutboxFiles(tmp_path, SERVER, told.append)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    content = BAD[kind](valid_outbox("user-1"))
    path.write_bytes(content)
    queued = files.load("user-1")
    assert queued.pending == {}
    [aside] = kept(path)
    assert aside.read_bytes() == content
    [message] = told
    assert message.startswith(
        f"The file of changes you made while offline could not be read because {OUTBOX_WHY[kind]}"
    )
    assert message.endswith(f", so those changes were not sent. It is kept as {aside}.")
    assert f"could not be read ({OUTBOX_WHY[kind]}" in logged(caplog)
    assert f"kept as {aside}" in logged(caplog)
    assert "another account" not in logged(caplog)
    # It works on: an edit saves a new file, and the kept one stays as it was.
    files.save("user-1", queued)
    assert files.load("user-1").pending == {}
    assert aside.read_bytes() == content
    assert len(told) == 1


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ({"owner": {"server": SERVER, "user_id": "user-2"}}, "it belongs to another account"),
        ({"owner": {"server": SERVER, "user_id": "user-1"}, "pending": [1, 2]}, "list of"),
        ({"owner": {"server": SERVER, "user_id": "user-1"}, "pending": {"x": 5}}, "list of"),
        (
            {"owner": {"server": SERVER, "user_id": "user-1"}, "pending": {}, "base_version": "7"},
            "its version number is not a whole number",
        ),
    ],
)
def test_an_outbox_of_the_wrong_shape_is_kept_aside_too(
    tmp_path: Path, document: object, why: str
) -> None:
    told: list[str] = []
    files = OutboxFiles(tmp_path, SERVER, told.append)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document))
    assert files.load("user-1").pending == {}
    [aside] = kept(path)
    assert why in told[0]
    assert str(aside) in told[0]


def test_every_unreadable_outbox_file_keeps_a_name_of_its_own(tmp_path: Path) -> None:
    told: list[str] = []
    files = OutboxFiles(tmp_path, SERVER, told.append)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    for content in (b"\xff first", b"\xff second", b"\xff third"):
        path.write_bytes(content)
        files.load("user-1")
    assert [aside.read_bytes() for aside in kept(path)] == [
        b"\xff first",
        b"\xff second",
        b"\xff third",
    ]
    assert len(set(told)) == 3


def test_a_readable_outbox_loads(tmp_path: Path) -> None:
    files = OutboxFiles(tmp_path, SERVER)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    path.write_bytes(valid_outbox("user-1"))
    queued = files.load("user-1")
    assert queued.base_version == 7
    assert queued.pending["max_concurrent_sessions"].value == 4


def test_the_servers_document_kept_with_the_edits_is_read_again(tmp_path: Path) -> None:
    files = OutboxFiles(tmp_path, SERVER)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    document = json.loads(valid_outbox("user-1"))
    document["known"] = availability_json(availability(max_concurrent_sessions=3, version=7))
    path.write_text(json.dumps(document))
    queued = files.load("user-1")
    assert queued.known is not None
    assert read_availability(queued.known) == availability(max_concurrent_sessions=3, version=7)
    assert queued.pending["max_concurrent_sessions"].value == 4


DROP = object()


def kept_document(**changes: object) -> dict[str, object]:
    """A whole availability document as the outbox keeps it, with `changes`; DROP drops a key."""
    document: dict[str, object] = {**availability_json(availability()), **changes}
    return {key: value for key, value in document.items() if value is not DROP}


@pytest.mark.parametrize(
    "known",
    [
        kept_document(version=DROP),  # a field missing
        kept_document(max_concurrent_sessions="three"),  # a wrong type
        kept_document(preference="sleepy"),  # not a status
        kept_document(preference_expires_at="next week"),  # not a time
    ],
    ids=["missing", "wrong type", "bad status", "bad time"],
)
def test_a_kept_document_of_the_wrong_shape_is_forgotten_and_the_edits_kept(
    tmp_path: Path, known: dict[str, object]
) -> None:
    told: list[str] = []
    files = OutboxFiles(tmp_path, SERVER, told.append)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    document = json.loads(valid_outbox("user-1"))
    document["known"] = known
    path.write_text(json.dumps(document))
    queued = files.load("user-1")
    assert queued.known is None  # read again from the server, never shown half-read
    assert queued.pending["max_concurrent_sessions"].value == 4
    assert told == []
    assert kept(path) == []


def test_an_outbox_that_cannot_be_moved_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    files = OutboxFiles(tmp_path, SERVER, told.append)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff")

    def refuse(source: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    queued = files.load("user-1")
    monkeypatch.undo()
    files.save("user-1", queued)
    assert path.read_bytes() == b"\xff"
    assert f"It stays as {path}" in told[0]


# --- the outbox's list of accounts: bookkeeping ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_an_unreadable_account_list_is_kept_aside_and_logged(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    files = OutboxFiles(tmp_path, SERVER)
    path = tmp_path / "outbox" / ACCOUNTS_FILE
    path.parent.mkdir(parents=True)
    content = BAD[kind](json.dumps({SERVER: "user-1"}).encode())
    path.write_bytes(content)
    assert files.last_account() is None
    [aside] = kept(path)
    assert aside.read_bytes() == content
    assert f"kept as {aside}" in logged(caplog)
    files.remember("user-2")
    assert files.last_account() == "user-2"
    assert aside.read_bytes() == content


# --- start at login: our own entry files ----------------------------------------------------


def xdg(tmp_path: Path) -> EntryFile:
    return XdgAutostart(tmp_path)


def launch_agent(tmp_path: Path) -> EntryFile:
    return LaunchAgent(tmp_path)


@pytest.mark.parametrize("entry", [xdg, launch_agent])
@pytest.mark.parametrize("kind", KINDS)
def test_an_unusable_start_at_login_entry_counts_as_off_and_is_replaced(
    tmp_path: Path,
    kind: str,
    entry: Callable[[Path], EntryFile],
    caplog: pytest.LogCaptureFixture,
) -> None:
    autostart = entry(tmp_path)
    assert isinstance(autostart, XdgAutostart | LaunchAgent)
    autostart.enable(["/opt/Availability/availability"])
    content = BAD[kind](autostart.path.read_bytes())
    autostart.path.write_bytes(content)
    assert not autostart.enabled()
    assert not autostart.enabled()
    warnings = [r for r in caplog.records if "starts nothing" in r.getMessage()]
    assert len(warnings) == 1  # once, not at every look at the menu
    assert str(autostart.path) in warnings[0].getMessage()
    autostart.enable(["/opt/Availability/availability"])
    assert autostart.enabled()
    [aside] = kept(autostart.path)
    assert aside.read_bytes() == content
    if isinstance(autostart, LaunchAgent):
        assert plistlib.loads(autostart.path.read_bytes())["ProgramArguments"] == [
            "/opt/Availability/availability"
        ]
    else:
        assert "Exec=/opt/Availability/availability\n" in autostart.path.read_text()
    autostart.disable()
    assert not autostart.enabled()


# --- the instance lock: holds nothing but who holds it --------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_lock_file_naming_no_app_is_taken_over(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "instance.lock"
    content = BAD[kind](b"99999999\navailability\nsome-host\n")
    path.write_bytes(content)
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    lock = take_instance_lock(path)
    assert lock is not None
    try:
        assert take_instance_lock(path) is None  # and it really holds
        assert lock.getLockInfo()[0] == os.getpid()
    finally:
        lock.unlock()
    if kind != "truncated":  # a pid with no host is Qt's own stale case
        assert f"The instance lock file {path} named no app and was replaced" in logged(caplog)


def test_a_lock_file_being_written_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "instance.lock"
    path.write_bytes(b"")  # just made by another app starting, its content not yet written
    assert take_instance_lock(path) is None
    assert path.read_bytes() == b""


# --- keeping aside ----------------------------------------------------------------------------


def test_a_file_kept_aside_never_replaces_one_kept_before(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    names = []
    for number in range(3):
        path.write_text(str(number))
        names.append(keep_aside(path))
    assert len(set(names)) == 3
    assert [name.read_text() for name in names] == ["0", "1", "2"]
    assert not path.exists()


def test_loaded_settings_log_nothing_when_fine(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = tmp_path / "settings.json"
    path.write_bytes(VALID_SETTINGS)
    assert SettingsFile(path).problem is None
    assert caplog.records == []
