"""What the app tells the person about its own doings: modes, sign-ins, the command line."""

from __future__ import annotations

from desktop.wording.translate import tr


def app_title() -> str:
    return tr("Availability")


def something_went_wrong() -> str:
    return tr("Something went wrong")


def signed_out_title() -> str:
    return tr("Signed out")


def change_not_kept_title() -> str:
    return tr("Your change was not kept")


def change_refused_title() -> str:
    return tr("Your change was refused")


def plaintext_keyring() -> str:
    return tr(
        "The system keyring stores passwords in a plain file, so your sign-in is kept only "
        "until the app quits."
    )


def keyring_note(kept: bool) -> str:
    """Under the sign-in fields: where the sign-in will be kept."""
    if kept:
        return tr("You stay signed in: the system keyring keeps your sign-in, no file does.")
    return tr(
        "This system has no keyring the app can use, so you stay signed in only until the "
        "app quits."
    )


def connection_failed(url: str, error: Exception) -> str:
    return tr("The connection to {url} could not start: {error}", url=url, error=error)


def local_mode_failed(error: Exception) -> str:
    return tr("Local mode could not start: {error}", error=error)


def local_sign_in_failed(why: str) -> str:
    return tr("Local mode could not sign in: {why}", why=why)


def sign_in_first() -> str:
    return tr("Sign in first: there is no account to save this to yet.")


def held_edits_dropped(why: str) -> str:
    return tr(
        "What you chose while local mode was starting was not saved: {why} Choose it again "
        "once the app is connected.",
        why=why,
    )


def connected_elsewhere() -> str:
    return tr("you connected to a server before local mode had started.")


def start_at_login_failed(error: Exception) -> str:
    return tr("Could not change 'Start at login': {error}", error=error)


def signed_out_headline() -> str:
    return tr("Signed out")


def sign_in_to_show_status() -> str:
    return tr("Sign in to show your status.")


# --- the command line ---------------------------------------------------------------------


def unknown_command(command: str) -> str:
    return tr("Unknown command {command}.", command=repr(command))


def starting_line() -> str:
    return tr("Starting…")


def signed_out_line() -> str:
    return tr("Signed out — sign in to show your status")


def not_a_status(value: object, choices: str) -> str:
    return tr("{value} is not a status; use one of {choices}.", value=repr(value), choices=choices)


def still_starting() -> str:
    return tr("The app is still starting; try again in a moment.")


def signed_out_sign_in_first() -> str:
    return tr("You are signed out. Sign in first (availability show).")


def duration_must_be_positive() -> str:
    return tr("The duration must be a positive number of seconds.")


def email_and_password_needed() -> str:
    return tr("An email address and a password are needed.")


def quitting() -> str:
    return tr("Availability is going offline and quitting.")


def status_set(label: str, until: str | None) -> str:
    if until is None:
        return tr("Status set to {status}", status=label)
    return tr("Status set to {status} until {time}", status=label, time=until)


def confirmed(text: str) -> str:
    return tr("{text}.", text=text)


def not_confirmed(text: str, problem: str) -> str:
    return tr(
        "{text}; not confirmed yet: {problem} now, so it will sync when it can.",
        text=text,
        problem=problem,
    )


def settings_waiting(local_mode: bool) -> str:
    """Where the settings will be, before the first availability has arrived."""
    if local_mode:
        return tr("Your settings show here as soon as local mode has started.")
    return tr("Your settings show here once the status server has answered.")


def not_a_time_of_day(text: str) -> str:
    return tr("“{text}” is not a time of day: write it like 17:00, or end-of-day.", text=text)


def note_set(text: str, until: str | None) -> str:
    if until is None:
        return tr("Status note set to “{text}”", text=text)
    return tr("Status note set to “{text}” until {time}", text=text, time=until)


def note_cleared() -> str:
    return tr("Status note cleared")


def note_needs_text() -> str:
    return tr("Write the note's text, or use --clear to remove it.")


def note_too_long(most: int) -> str:
    return tr("A status note has at most {most} characters.", most=most)
