"""`availability-server`: users, sessions, migrate, and settings from env and flags.

The commands run in this process, through `server.cli.main` (a child process each costs
a second of imports); one test runs the real entry point in a child process.
"""

from __future__ import annotations

import io
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from server import signing_keys
from server.cli import build_parser, main, settings_from
from tests.support.server_process import cli_environment, run_cli


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Done]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> Cli:
    """Runs `availability-server ARGS` with the environment a child would get."""
    for name, value in cli_environment(sqlite_url).items():
        if name.startswith("AVAILABILITY_"):
            monkeypatch.setenv(name, value)

    def run(args: Sequence[str], stdin: str = "") -> Done:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse refuses the arguments
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return run


@pytest.fixture
def add(cli: Cli) -> Callable[..., tuple[int, str, str]]:
    def run(email: str, role: str, *extra: str, stdin: str = "") -> tuple[int, str, str]:
        done = cli(["users", "add", "--email", email, "--name", "N", "--role", role, *extra], stdin)
        return done.returncode, done.stdout, done.stderr

    return run


Add = Callable[..., tuple[int, str, str]]


def test_users_add_reads_the_password_from_stdin_never_from_a_flag(add: Add) -> None:
    code, out, _ = add("pro@example.com", "professional", stdin="long enough pw\n")
    assert code == 0
    assert "Added professional pro@example.com with id" in out
    # A flag would show the password to anyone who lists the processes.
    code, _, err = add("svc@example.com", "service", "--password", "long enough pw")
    assert code == 2
    assert "unrecognized arguments: --password" in err


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("short@example.com", "user", "short", "at least 10 characters"),
        ("admin@example.com", "admin", "aaaaaaaa", "at least 14 characters"),
        ("admin@example.com", "admin", "aaaaaaaaaaaaaaaaaaaa", "5 different characters"),
        ("svc@example.com", "service", "ten chars!", "at least 14 characters"),
        ("not-an-email", "user", "long enough pw", "is not an email address"),
        ("x@", "user", "long enough pw", "is not an email address"),
        ("x@localhost", "user", "long enough pw", "is not an email address"),
    ],
)
def test_users_add_refuses_bad_input_and_stores_nothing(
    cli: Cli, add: Add, email: str, role: str, password: str, message: str
) -> None:
    code, _, err = add(email, role, stdin=password + "\n")
    assert code == 1
    assert message in err
    started = cli(["sessions", "start", "--professional", email, "--mode", "online"])
    assert "no professional" in started.stderr


def test_users_add_refuses_a_taken_email(add: Add) -> None:
    add("pat@example.com", "professional", stdin="long enough pw\n")
    code, _, err = add("PAT@example.com", "user", stdin="long enough pw\n")
    assert code == 1
    assert "exists already" in err


def test_users_add_refuses_an_unknown_role(add: Add) -> None:
    code, _, err = add("x@example.com", "wizard", stdin="long enough pw\n")
    assert code == 2
    assert "invalid choice" in err


def test_sessions_start_and_end_from_the_command_line(cli: Cli, add: Add) -> None:
    add("pro@example.com", "professional", stdin="long enough pw\n")
    started = cli(["sessions", "start", "--professional", "pro@example.com", "--mode", "online"])
    assert started.returncode == 0, started.stderr
    session_id = started.stdout.strip()
    refused = cli(["sessions", "start", "--professional", "pro@example.com", "--mode", "in_person"])
    assert refused.returncode == 1
    assert "not taking in-person sessions" in refused.stderr
    for _ in range(2):  # ending twice is fine
        ended = cli(["sessions", "end", session_id])
        assert ended.returncode == 0
    assert cli(["sessions", "end", "nope"]).returncode == 1


def test_migrate_brings_a_new_database_up_to_date(sqlite_url: str) -> None:
    # The real entry point, in a child process: `python -m server.cli`.
    done = run_cli(["migrate"], sqlite_url)
    assert done.returncode == 0
    assert "up to date" in done.stdout


def test_a_bad_setting_is_a_clear_error(cli: Cli) -> None:
    done = cli(["migrate", "--away-after", "-5"])
    assert done.returncode == 2
    assert "invalid setting" in done.stderr
    assert "away_after" in done.stderr


@pytest.mark.parametrize(
    "name", ["heartbeat_interval", "liveness_timeout", "away_after", "offline_after"]
)
def test_every_rule_threshold_is_set_by_env_and_by_flag(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    parser = build_parser()
    monkeypatch.setenv(f"AVAILABILITY_{name.upper()}", "42")
    assert getattr(settings_from(parser.parse_args(["serve"])), name) == 42
    flag = f"--{name.replace('_', '-')}"
    from_flag = settings_from(parser.parse_args(["serve", flag, "7"]))
    assert getattr(from_flag, name) == 7  # the flag wins
    assert getattr(from_flag.rules(), name).total_seconds() == 7


def test_serve_takes_the_log_level_in_any_case() -> None:
    args = build_parser().parse_args(["serve", "--log-level", "DEBUG"])
    assert args.log_level == "debug"


def test_keys_rotate_keeps_the_previous_key(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    for _ in range(2):
        done = cli(["keys", "rotate", "--signing-keys-file", str(path)])
        assert done.returncode == 0, done.stderr
        assert "New signing key" in done.stdout
    assert len(signing_keys.read_keys(path).keys) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keys_rotate_says_so_when_the_key_comes_from_the_environment(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVAILABILITY_SECRET_KEY", "k" * 40)
    done = cli(["keys", "rotate"])
    assert done.returncode == 1
    assert "AVAILABILITY_SECRET_KEY is set" in done.stderr
