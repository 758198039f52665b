"""Whether the microphone or camera is in use by any app: the reading and its parts. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.wording.translate import tr


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


def not_read_yet() -> CallReading:
    return CallReading(
        False, False, None, None, tr("The microphone and camera are not checked yet.")
    )


def no_method() -> str:
    return tr(
        "This system offers no way to tell whether the microphone or camera is in use, "
        "so calls are not noticed."
    )


def cannot_check(device: str, why: str) -> str:
    """'The microphone cannot be checked: …'; `device` is "microphone" or "camera"."""
    if device == "microphone":
        return tr("The microphone cannot be checked: {why}", why=why)
    return tr("The camera cannot be checked: {why}", why=why)


def call_reading(
    microphone: DeviceUse | None, camera: DeviceUse | None, in_call: bool
) -> CallReading:
    """The reading from each part's last report (None: not reported yet, or not watched)."""
    parts = [part for part in (microphone, camera) if part is not None]
    if not parts:
        return not_read_yet()
    problems = " ".join(part.problem for part in parts if part.problem)
    return CallReading(
        available=any(part.in_use is not None for part in parts),
        in_call=in_call,
        microphone=microphone.in_use if microphone is not None else None,
        camera=camera.in_use if camera is not None else None,
        problem=problems or None,
    )
