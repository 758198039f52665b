"""What the app says about its link to the server: synced, saving, offline, and why."""

from __future__ import annotations

from desktop.sync.connection import SyncProblem, SyncState
from desktop.wording.translate import QT_TR_NOOP, tr

_SYNC_LABELS = {
    SyncState.SYNCED: QT_TR_NOOP("Synced"),
    SyncState.SAVING: QT_TR_NOOP("Saving…"),
    SyncState.OFFLINE: QT_TR_NOOP("Connecting to the server…"),
}

# While offline, what is wrong: the window's line, the command line's words, the tooltip's.
_PROBLEM_LABELS = {
    SyncProblem.UNREACHABLE: QT_TR_NOOP(
        "Cannot reach the server — changes will sync when it is back"
    ),
    SyncProblem.SERVER_ERROR: QT_TR_NOOP(
        "The server has a problem — changes will sync when it is fixed"
    ),
    SyncProblem.SLOW: QT_TR_NOOP(
        "The server is not answering in time — changes will sync when it does"
    ),
    SyncProblem.TOO_MANY_DEVICES: QT_TR_NOOP(
        "Your account has the most devices the server allows — quit the app on one you "
        "no longer use"
    ),
}
_PROBLEM_WORDS = {
    SyncProblem.UNREACHABLE: QT_TR_NOOP("the server cannot be reached"),
    SyncProblem.SERVER_ERROR: QT_TR_NOOP("the server has a problem"),
    SyncProblem.SLOW: QT_TR_NOOP("the server is slow to answer"),
    SyncProblem.TOO_MANY_DEVICES: QT_TR_NOOP("the account has too many devices running"),
}
_SHORT_PROBLEMS = {
    SyncProblem.UNREACHABLE: QT_TR_NOOP("server unreachable"),
    SyncProblem.SERVER_ERROR: QT_TR_NOOP("server problem"),
    SyncProblem.SLOW: QT_TR_NOOP("server slow"),
    SyncProblem.TOO_MANY_DEVICES: QT_TR_NOOP("too many devices"),
}


def sync_label(state: SyncState, problem: SyncProblem | None = None) -> str:
    """The window's sync line: 'Synced', or while offline, what is wrong."""
    if state is SyncState.OFFLINE and problem is not None:
        return problem_label(problem)
    return tr(_SYNC_LABELS[state])


def problem_label(problem: SyncProblem) -> str:
    return tr(_PROBLEM_LABELS[problem])


def problem_words(problem: SyncProblem) -> str:
    """'the server is slow to answer', to finish a sentence."""
    return tr(_PROBLEM_WORDS[problem])


def not_synced(problem: SyncProblem | None = None) -> str:
    """'not synced', and why when known: 'not synced: server slow'."""
    if problem is None:
        return tr("not synced")
    return tr("not synced: {why}", why=tr(_SHORT_PROBLEMS[problem]))


def connection_note(state: SyncState, problem: SyncProblem | None = None) -> str:
    """What the tooltip adds about the link: nothing when synced."""
    if state is SyncState.SYNCED:
        return ""
    if state is SyncState.SAVING:
        return tr("saving…")
    return not_synced(problem)


def starting() -> str:
    return tr("Starting…")


def not_signed_in() -> str:
    return tr("Not signed in")
