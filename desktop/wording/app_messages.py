"""What the app tells the person about its own files and parts: settings, local mode's
database, unreadable files, and failures nobody foresaw."""

from __future__ import annotations

from desktop.wording.translate import tr

# --- files ---------------------------------------------------------------------------------


def file_is_empty() -> str:
    return tr("it is empty")


def file_is_not_json(line: int, message: str) -> str:
    return tr("it is not valid JSON (line {line}: {message})", line=line, message=message)


def file_is_not_utf8(byte: int) -> str:
    return tr("it is not UTF-8 text (byte {byte} cannot be read)", byte=byte)


def file_nested_too_deeply() -> str:
    return tr("it is nested too deeply")


def file_could_not_be_read(reason: object) -> str:
    return tr("it could not be read ({reason})", reason=reason)


# --- settings ------------------------------------------------------------------------------


def no_server_address() -> str:
    return tr("Enter your organisation's server address, like status.example.org.")


def not_a_server_address(url: str) -> str:
    return tr(
        "{url} is not a server address. It should look like https://status.example.org",
        url=repr(url),
    )


def no_credentials_in_address() -> str:
    return tr("Leave the user name and password out of the server address.")


def not_encrypted(url: str) -> str:
    return tr(
        "{url} is not encrypted (http). Use the server's https:// address, so that "
        "your password is not sent in clear.",
        url=url,
    )


def settings_not_an_object() -> str:
    return tr("the file does not hold a JSON object")


def server_url_not_text() -> str:
    return tr("server_url must be text or null")


def email_not_text() -> str:
    return tr("email must be text or null")


def notifications_not_a_switch() -> str:
    return tr("notifications must be true or false")


def show_event_titles_not_a_switch() -> str:
    return tr("show_event_titles must be true or false")


def settings_unusable(path: object, why: str, aside: object) -> str:
    return tr(
        "The settings file {path} was not used because {why}. The app runs with default "
        "settings; fix the file and restart, or change a setting to replace it (the old "
        "file is then kept as {aside}).",
        path=path,
        why=why.rstrip("."),  # a refusal that is a sentence of its own ends in one
        aside=aside,
    )


# --- local mode ----------------------------------------------------------------------------


def server_parts_missing() -> str:
    return tr(
        "Local mode needs the server parts, which are not installed "
        "(pip install 'availability[server]'). Connect to your organisation's "
        "server instead."
    )


def local_server_failed(error: object) -> str:
    return tr("The built-in status server did not start: {error}", error=error)


def local_database_restarted(why: str, kept: object) -> str:
    return tr(
        "The local database could not be read (SQLite says: {why}), so a new one was "
        "started: your capacity, quiet hours and sessions are back to their defaults. "
        "The old file is kept as {kept}.",
        why=why,
        kept=kept,
    )


# --- the unforeseen ------------------------------------------------------------------------


def something_failed(detail: str, where: str, log_file: object | None) -> str:
    """An error nobody foresaw, in short, and where the details are."""
    place = tr(" in {where}", where=where) if where else ""
    log_place = tr(" ({log})", log=log_file) if log_file is not None else ""
    return tr(
        "Something went wrong{place}: {detail}. The app keeps running, but what it was "
        "doing may be unfinished; the details are in its log{log_place}.",
        place=place,
        detail=detail,
        log_place=log_place,
    )
