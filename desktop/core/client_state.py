"""The one state the tray, the window, the command line and the benches read."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from desktop.signals.readings import Readings
from desktop.sync.connection import SyncProblem, SyncState
from presence import EffectiveStatus, Reason, Status
from presence.documents import AvailabilityDocument, UserInfo

# Choices that decide the status by themselves while the app runs (DESIGN.md section 3).
SELF_DECIDING = (Status.BUSY, Status.AWAY, Status.OFFLINE)


class Mode(enum.StrEnum):
    LOCAL = "local"  # the embedded server, this computer only
    SERVER = "server"  # an organisation's server


@dataclass(frozen=True)
class ClientState:
    """What the app knows right now. Replaced whole, never changed in place."""

    mode: Mode = Mode.SERVER
    server_url: str | None = None
    user: UserInfo | None = None
    status: EffectiveStatus | None = None
    # The server's document with this device's pending edits on top.
    availability: AvailabilityDocument | None = None
    sync_state: SyncState = SyncState.OFFLINE
    # What is wrong while offline; None when nothing has been heard from the server yet.
    problem: SyncProblem | None = None
    # The person signed out, or their sign-in ended: nobody's status is shown.
    signed_out: bool = False
    # What the desktop's signals beyond the keyboard read now.
    readings: Readings = field(default_factory=Readings)

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    @property
    def local_mode(self) -> bool:
        return self.mode is Mode.LOCAL

    @property
    def starting(self) -> bool:
        """Local mode before its own server has signed the person in."""
        return self.local_mode and not self.signed_in

    @property
    def override_holds(self) -> bool:
        return self.availability is not None and self.availability.admin_override is not None

    def shown_status(self) -> EffectiveStatus | None:
        """The status to show: the server's, or the person's own choice while it syncs.

        Busy, away and offline decide the status by themselves while the app runs, so a
        choice made with the server out of reach can be shown at once. Online depends on
        activity and the caps, which only the server knows.
        """
        status, availability = self.status, self.availability
        if status is None or availability is None or availability.admin_override is not None:
            return status
        chosen = availability.preference
        if chosen in SELF_DECIDING and chosen != status.preference:
            return dataclasses.replace(
                status, status=chosen, reason=Reason.MANUAL, preference=chosen
            )
        return status
