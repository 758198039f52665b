"""Whether the microphone or camera is in use by any app: the reading and its parts. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceUse:
    """One kind of device as a reader sees it.

    `in_use` is None when it cannot be read on this desktop; `problem` then says why, in
    a sentence a professional can act on (never an app's name: those stay unread).
    """

    in_use: bool | None
    problem: str | None = None


@dataclass(frozen=True)
class CallReading:
    """ "In a call": a microphone or camera in use by any app. Only `in_call` leaves the device.

    `available` is False when neither device can be read here; `problem` says why. With
    one of them readable, `available` is True and `problem` names the one that is not.
    `microphone` and `camera` are what was last seen (None: unknown); `in_call` turns on
    only once a capture has lasted a few seconds, and off at once.
    """

    available: bool
    in_call: bool
    microphone: bool | None
    camera: bool | None
    problem: str | None


NOT_READ_YET = CallReading(
    False, False, None, None, "The microphone and camera are not checked yet."
)
NO_METHOD = (
    "This system offers no way to tell whether the microphone or camera is in use, "
    "so calls are not noticed."
)


def call_reading(
    microphone: DeviceUse | None, camera: DeviceUse | None, in_call: bool
) -> CallReading:
    """The reading from each part's last report (None: not reported yet, or not watched)."""
    parts = [part for part in (microphone, camera) if part is not None]
    if not parts:
        return NOT_READ_YET
    problems = " ".join(part.problem for part in parts if part.problem)
    return CallReading(
        available=any(part.in_use is not None for part in parts),
        in_call=in_call,
        microphone=microphone.in_use if microphone is not None else None,
        camera=camera.in_use if camera is not None else None,
        problem=problems or None,
    )
