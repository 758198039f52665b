"""The settings file, start at login, durations, and log redaction."""

from __future__ import annotations

import argparse
import json
import logging
import plistlib
import re
from pathlib import Path

import pytest

from desktop.autostart import LaunchAgent, XdgAutostart, launch_command
from desktop.cli import parse_duration
from desktop.logs import RedactSecrets
from desktop.settings import AppSettings, SettingsError, SettingsFile, check_server_url


def test_no_file_means_local_mode_defaults(tmp_path: Path) -> None:
    settings = SettingsFile(tmp_path / "settings.json")
    assert settings.settings == AppSettings(server_url=None, notifications=True)
    assert settings.problem is None


def test_settings_round_trip_and_keep_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"server_url": "https://s.example.org/", "future": 1}))
    settings = SettingsFile(path)
    assert settings.settings.server_url == "https://s.example.org"
    settings.update(notifications=False)
    assert json.loads(path.read_text()) == {
        "future": 1,
        "server_url": "https://s.example.org",
        "notifications": False,
        "email": None,
        "show_event_titles": False,
    }


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "it is not valid JSON (line 1"),
        ("[1, 2]", "the file does not hold a JSON object"),
        ('{"server_url": "ftp://x"}', "'ftp://x' is not a server address"),
        ('{"server_url": 5}', "server_url must be text or null"),
        ('{"notifications": "yes"}', "notifications must be true or false"),
        ('{"email": 5}', "email must be text or null"),
        ('{"show_event_titles": "no"}', "show_event_titles must be true or false"),
    ],
)
def test_a_bad_settings_file_is_explained_and_kept(
    tmp_path: Path, content: str, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    settings = SettingsFile(path)
    assert settings.settings == AppSettings()
    assert settings.problem is not None
    assert why in settings.problem
    assert str(path) in settings.problem
    assert path.read_text() == content  # nothing is lost by reading
    settings.update(notifications=False)
    [kept] = tmp_path.glob("settings.json.broken-*")
    assert kept.read_text() == content
    assert json.loads(path.read_text())["notifications"] is False


def test_xdg_autostart_file_starts_the_given_command(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    assert not autostart.enabled()
    autostart.enable(["/opt/Availability/availability", "--log-level", "INFO"])
    text = (tmp_path / "autostart" / "availability.desktop").read_text()
    assert "Exec=/opt/Availability/availability --log-level INFO\n" in text
    assert "Type=Application\n" in text
    assert autostart.enabled()
    autostart.disable()
    assert not autostart.enabled()
    autostart.disable()  # twice is fine


def test_start_at_login_on_windows_opens_no_console_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("python.exe", "pythonw.exe"):
        (tmp_path / name).touch()
    monkeypatch.setattr("sys.executable", str(tmp_path / "python.exe"))
    assert launch_command("win32") == [str(tmp_path / "pythonw.exe"), "-m", "desktop"]
    (tmp_path / "pythonw.exe").unlink()  # an unusual Python without it: the script, then
    assert str(tmp_path / "pythonw.exe") not in launch_command("win32")


def test_launch_agent_runs_at_load(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path)
    agent.enable(["/Applications/Availability.app/Contents/MacOS/Availability"])
    with agent.path.open("rb") as file:
        plist = plistlib.load(file)
    assert plist["RunAtLoad"] is True
    assert plist["ProgramArguments"] == [
        "/Applications/Availability.app/Contents/MacOS/Availability"
    ]
    agent.disable()
    assert not agent.enabled()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30", 1800),  # a plain number is minutes: "busy for 30"
        ("90s", 90),
        ("1h", 3600),
        ("30m", 1800),
        ("1h30m", 5400),
        ("2d", 172800),
        ("45s", 45),
    ],
)
def test_durations_on_the_command_line(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "1x", "0", "0h", "h"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


@pytest.mark.parametrize(
    "message",
    [
        "Authorization: Bearer abc.def.ghi",
        '{"refresh_token": "r-123", "x": 1}',
        "password=hunter22 sent",
        "access_token=xyz",
    ],
)
def test_logs_mask_anything_shaped_like_a_secret(message: str) -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, None, None)
    RedactSecrets().filter(record)
    text = record.getMessage()
    for secret in ("abc.def.ghi", "r-123", "hunter22", "xyz"):
        assert secret not in text
    assert "[hidden]" in text


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://status.example.org", "is not encrypted (http)"),
        ("https://me:secret@status.example.org", "Leave the user name and password out"),
        ("ftp://status.example.org", "is not a server address"),
        ("", "Enter your organisation's server address"),
    ],
)
def test_unsafe_or_wrong_server_addresses_are_refused(url: str, why: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(why)):
        check_server_url(url)


@pytest.mark.parametrize(
    "url", ["https://status.example.org/", "http://127.0.0.1:8080", "http://localhost:1"]
)
def test_good_server_addresses(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


def test_a_bare_host_means_its_https_address() -> None:
    assert check_server_url(" status.example.org/ ") == "https://status.example.org"
    assert check_server_url("localhost:8080") == "https://localhost:8080"


def test_exec_lines_are_quoted_as_desktop_entries_want(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    autostart.enable(["/home/a b/bin/availability", "100%"])
    text = (tmp_path / "autostart" / "availability.desktop").read_text()
    assert 'Exec="/home/a b/bin/availability" 100%%\n' in text
