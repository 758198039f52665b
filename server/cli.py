"""`availability-server`: serve, migrate, add users, start and end sessions."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from presence import Role
from server.settings import Settings
from server.signing_keys import SigningKeyError

RULE_FLAGS = {
    "heartbeat_interval": "seconds between a running client's heartbeats (30)",
    "liveness_timeout": "seconds without a heartbeat before a device counts as gone (100)",
    "away_after": "seconds of inactivity before an active person shows away (300)",
    "offline_after": "seconds of inactivity before a person shows offline (900)",
}


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="default: SQLite in the user data folder")
    for name, help_text in RULE_FLAGS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="availability-server",
        description="The reference status API. Every setting also reads AVAILABILITY_<NAME>.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API")
    _settings_arguments(serve)
    serve.add_argument("--host", help="default 127.0.0.1")
    serve.add_argument("--port", type=int, help="default 8080")
    serve.add_argument(
        "--log-level",
        default="info",
        type=str.lower,
        choices=["debug", "info", "warning", "error"],
        help="debug, info (the default), warning or error; any case",
    )

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    _settings_arguments(migrate)

    users = commands.add_parser("users", help="manage accounts").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser(
        "add",
        help="add an account; the password is asked for, or read from standard input "
        "(never from a flag, which other users could see in the process list)",
    )
    _settings_arguments(add)
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])

    keys = commands.add_parser("keys", help="the keys that sign access tokens").add_subparsers(
        dest="keys_command", required=True
    )
    rotate = keys.add_parser(
        "rotate",
        help="make a new signing key; tokens signed with the previous ones stay valid",
    )
    rotate.add_argument("--signing-keys-file", help="default: in the user config folder")

    sessions = commands.add_parser("sessions", help="start and end sessions").add_subparsers(
        dest="sessions_command", required=True
    )
    start = sessions.add_parser("start", help="start a session; prints its id")
    _settings_arguments(start)
    start.add_argument("--professional", required=True, help="the professional's email or id")
    start.add_argument("--mode", required=True, choices=["online", "in_person"])
    start.add_argument("--force", action="store_true", help="even at capacity or mode off")
    end = sessions.add_parser("end", help="end a session")
    _settings_arguments(end)
    end.add_argument("session_id")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    names = ["database_url", "host", "port", "signing_keys_file", *RULE_FLAGS]
    given: dict[str, Any] = {
        n: getattr(args, n) for n in names if getattr(args, n, None) is not None
    }
    return Settings(**given)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(args)
    except ValidationError as error:
        print(f"availability-server: invalid setting: {error}", file=sys.stderr)
        return 2
    from server import commands

    try:
        if args.command == "serve":
            logging.basicConfig(level=args.log_level.upper())
            return commands.serve(settings, args.log_level)
        if args.command == "migrate":
            return commands.migrate(settings)
        if args.command == "users":
            password = _read_password()
            return commands.add_user(settings, args.email, args.name, Role(args.role), password)
        if args.command == "keys":
            return commands.rotate_keys(settings)
        if args.sessions_command == "start":
            return commands.start_session(settings, args.professional, args.mode, args.force)
        return commands.end_session(settings, args.session_id)
    except (commands.CommandError, SigningKeyError) as error:
        print(f"availability-server: {error}", file=sys.stderr)
        return 1


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


if __name__ == "__main__":
    raise SystemExit(main())
