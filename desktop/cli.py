"""`availability`: start the tray app, or act on the running one over its local socket."""

from __future__ import annotations

# Only what Python and PySide6 load anyway: a plain `availability` goes straight on to
# show the tray icon (desktop/launcher.py), and every import here would delay it.
import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any

from desktop import __version__
from presence.documents import JsonObject

NOT_RUNNING = 3
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def version() -> str:
    return __version__


def parse_duration(text: str) -> int:
    """'1h', '30m', '1h30m', '2d', '90s' or a plain number of minutes → seconds.

    A plain number is minutes, as a person means "busy for 30"; seconds need their 's'.
    """
    text = text.strip().lower()
    if text.isdigit():
        seconds = int(text) * 60
    else:
        match = _DURATION.match(text)
        if not text or match is None:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a duration; write it like 1h, 30m, 1h30m or 2d"
            )
        days, hours, minutes, secs = (int(part or 0) for part in match.groups())
        seconds = ((days * 24 + hours) * 60 + minutes) * 60 + secs
    if seconds <= 0:
        raise argparse.ArgumentTypeError("the duration must be longer than zero")
    return seconds


def parse_until(text: str) -> str:
    """'17:00', '9:30' or 'end-of-day', checked and written as the app reads it."""
    from desktop.core.durations import END_OF_DAY, parse_time_of_day

    if text.strip().lower() in (END_OF_DAY, "today"):
        return END_OF_DAY
    try:
        return parse_time_of_day(text).strftime("%H:%M")
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{error}, or end-of-day") from None


def add_how_long(parser: argparse.ArgumentParser, for_help: str, until_help: str) -> None:
    """--for DURATION or --until TIME (one of them): how long a choice lasts."""
    how_long = parser.add_mutually_exclusive_group()
    how_long.add_argument(
        "--for", dest="duration", type=parse_duration, metavar="DURATION", help=for_help
    )
    how_long.add_argument("--until", type=parse_until, metavar="TIME", help=until_help)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="availability",
        description="Shows in the system tray whether you can take a session right now.",
    )
    parser.add_argument("--version", action="version", version=f"availability {version()}")
    parser.add_argument("--server", metavar="URL", help="use this status server, not local mode")
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        type=str.upper,
        help="how much to write to the log (default: INFO)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    status = commands.add_parser("status", help="print the current status (of the running app)")
    status.add_argument("--json", action="store_true", help="print JSON, for scripts and bars")
    status_commands = status.add_subparsers(dest="status_command", metavar="set")
    status_set = status_commands.add_parser("set", help="choose your status")
    status_set.add_argument("status", choices=["online", "busy", "away", "offline"])
    add_how_long(
        status_set,
        "only for this long, e.g. 1h, 30m or 30 (minutes); then back to online",
        "until this time of day, e.g. 17:00 (tomorrow if it has passed), or end-of-day; "
        "then back to online",
    )
    note = commands.add_parser(
        "note", help="set the status note clients see beside your status, or clear it"
    )
    note.add_argument("text", nargs="?", help='e.g. "Back at 14:00" (at most 100 characters)')
    note.add_argument("--clear", action="store_true", help="remove the note")
    add_how_long(
        note,
        "show it only for this long, e.g. 1h or 30 (minutes)",
        "show it until this time of day, e.g. 14:00, or end-of-day",
    )
    sign_in = commands.add_parser("sign-in", help="sign in to an organisation's server")
    sign_in.add_argument("--server", dest="sign_in_server", required=True, metavar="URL")
    sign_in.add_argument("--email", required=True)
    sign_in.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input (never from the command line)",
    )
    commands.add_parser("show", help="open the availability window")
    commands.add_parser("quit", help="quit the running app (it goes offline)")
    autostart = commands.add_parser("autostart", help="start at login: turn it on or off")
    autostart.add_argument("state", nargs="?", choices=["on", "off"], help="(default: show it)")
    return parser


def request_for(args: argparse.Namespace, stdin: Any) -> JsonObject:
    if args.command == "status":
        if args.status_command == "set":
            return {
                "command": "set_status",
                "status": args.status,
                "for_seconds": args.duration,
                "until": args.until,
            }
        return {"command": "status"}
    if args.command == "note":
        return {
            "command": "set_note",
            "text": None if args.clear else args.text,
            "for_seconds": args.duration,
            "until": args.until,
        }
    if args.command == "sign-in":
        if stdin.isatty():  # typed by hand: never echo it
            import getpass

            password = getpass.getpass("Password: ")
        else:
            password = stdin.readline().rstrip("\r\n")
        return {
            "command": "sign_in",
            "server": args.sign_in_server,
            "email": args.email,
            "password": password,
        }
    return {"command": args.command}


def print_answer(args: argparse.Namespace, answer: JsonObject) -> int:
    import json

    if not answer.get("ok"):
        print(f"availability: {answer.get('error', 'the command failed')}", file=sys.stderr)
        return 1
    if args.command == "status" and args.status_command is None:
        if args.json:
            status = answer.get("status")
            if not isinstance(status, dict):
                status = {"status": None}
            print(
                json.dumps(
                    {
                        **status,
                        "text": answer["text"],
                        "sync_state": answer["sync_state"],
                        "sync_problem": answer.get("sync_problem"),
                        "signed_in": answer["signed_in"],
                        "mode": answer["mode"],
                    }
                )
            )
        else:
            print(answer["text"])
    elif args.command == "sign-in":
        user = answer["user"]
        assert isinstance(user, dict)
        print(f"Signed in to {answer['server']} as {user['display_name']} <{user['email']}>.")
    elif answer.get("text"):
        print(answer["text"])
    return 0


def run_command(args: argparse.Namespace) -> int:
    import json

    from PySide6.QtCore import QCoreApplication

    from desktop.instance import NotRunning, send_to_app
    from desktop.paths import AppPaths

    _application = QCoreApplication.instance() or QCoreApplication([])
    request = request_for(args, sys.stdin)
    timeout = 60_000 if args.command == "sign-in" else 10_000
    paths = AppPaths.for_user()
    try:
        answer = send_to_app(paths.instance_socket, paths.lock_file, request, timeout)
    except NotRunning:
        if args.command == "status" and args.status_command is None and args.json:
            print(json.dumps({"status": None, "text": "Not running", "signed_in": False}))
        print("availability: the app is not running. Start it with: availability", file=sys.stderr)
        return NOT_RUNNING
    except TimeoutError as error:
        print(f"availability: {error}", file=sys.stderr)
        return 1
    return print_answer(args, answer)


def set_autostart(state: str | None) -> int:
    """What the tray's "Start at login" does, for installers and scripts; no app needed."""
    from desktop.autostart import default_autostart, launch_command

    autostart = default_autostart()
    try:
        if state == "on":
            autostart.enable(launch_command())
        elif state == "off":
            autostart.disable()
    except OSError as error:
        print(f"availability: could not change start at login: {error}", file=sys.stderr)
        return 1
    print(f"Start at login is {'on' if autostart.enabled() else 'off'}.")
    return 0


def run_app(args: argparse.Namespace) -> int:
    from desktop.launcher import run_app as launch

    return launch(args.server, args.log_level, version())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "note" and args.clear == bool(args.text):
        parser.error("give the note's text, or --clear to remove it")
    if args.command == "note" and args.clear and (args.duration or args.until):
        parser.error("--clear takes no --for or --until")
    if args.command == "autostart":
        return set_autostart(args.state)
    if args.command is not None:
        return run_command(args)
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
