"""How the link to the server stands: synced, saving or offline, and what is wrong."""

from __future__ import annotations

import enum


class SyncState(enum.StrEnum):
    SYNCED = "synced"  # the server has every change
    SAVING = "saving"  # it answers, and changes are on their way
    OFFLINE = "offline"  # nothing is confirmed: not connected, or not yet


class SyncProblem(enum.StrEnum):
    """What is wrong with the connection, when something is."""

    UNREACHABLE = "unreachable"  # no connection: the network, or the server is down
    SERVER_ERROR = "server_error"  # it answered, with a failure or something unreadable
    SLOW = "slow"  # it took the request and did not answer in time
    TOO_MANY_DEVICES = "too_many_devices"  # the account has the most devices allowed
