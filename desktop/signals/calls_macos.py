"""macOS: the microphone or camera in use, as CoreAudio and CoreMediaIO tell any app.

Both frameworks keep, for each device, whether some process runs it
(`kAudioDevicePropertyDeviceIsRunningSomewhere`, `kCMIODevicePropertyDeviceIsRunningSomewhere`,
both 'gone'); reading it needs no permission, unlike capturing. Only audio devices with
input channels count as microphones. The frameworks are reached through ctypes, loaded
on first read; the decisions take a small protocol so they are tested anywhere.
"""

from __future__ import annotations

import ctypes
import logging
import struct
from typing import Any, Protocol

from desktop.signals.call_reading import DeviceUse, cannot_check
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

SYSTEM_OBJECT = 1  # kAudioObjectSystemObject, kCMIOObjectSystemObject
ELEMENT_MAIN = 0
COREAUDIO = "/System/Library/Frameworks/CoreAudio.framework/CoreAudio"
COREMEDIAIO = "/System/Library/Frameworks/CoreMediaIO.framework/CoreMediaIO"


def four_char_code(code: str) -> int:
    """'dev#' as the frameworks' selectors spell it: four ASCII bytes, big-endian."""
    return int.from_bytes(code.encode("ascii"), "big")


class MediaSystem(Protocol):
    """One framework's devices, read only."""

    def device_ids(self) -> list[int]:
        """The devices present now (OSError when the framework does not answer)."""

    def running_somewhere(self, device: int) -> bool | None:
        """Whether any process runs the device; None when it does not say."""

    def input_channels(self, device: int) -> int:
        """The device's input channels (cameras: 0, unused)."""


def device_ids_from(data: bytes) -> list[int]:
    return list(struct.unpack(f"={len(data) // 4}I", data[: len(data) // 4 * 4]))


def input_channels_from(data: bytes) -> int:
    """The channels of an AudioBufferList: a UInt32 count, then (aligned to 8 bytes on
    64-bit) AudioBuffers of {UInt32 channels, UInt32 size, void *data}, 16 bytes each."""
    if len(data) < 4:
        return 0
    (count,) = struct.unpack_from("=I", data)
    channels = 0
    for index in range(count):
        offset = 8 + 16 * index
        if offset + 4 > len(data):
            break
        channels += struct.unpack_from("=I", data, offset)[0]
    return channels


def _devices_use(system: MediaSystem, device: str, microphones: bool) -> DeviceUse:
    try:
        ids = system.device_ids()
        if microphones:
            ids = [i for i in ids if system.input_channels(i) > 0]
        if not ids:
            none = tr("no microphone is present.") if microphones else tr("no camera is present.")
            return DeviceUse(None, cannot_check(device, none))
        states = [system.running_somewhere(i) for i in ids]
    except OSError as error:
        log.info("Media devices unreadable: %s", type(error).__name__)
        return DeviceUse(None, cannot_check(device, tr("macOS does not answer.")))
    if all(state is None for state in states):
        return DeviceUse(None, cannot_check(device, tr("macOS does not say.")))
    return DeviceUse(any(states))


class MacCamera:
    def __init__(self, system: MediaSystem | None = None) -> None:
        self._system = system if system is not None else FrameworkDevices(COREMEDIAIO, "CMIO")

    def read(self) -> DeviceUse:
        return _devices_use(self._system, "camera", microphones=False)


class MacMicrophone:
    def __init__(self, system: MediaSystem | None = None) -> None:
        self._system = system if system is not None else FrameworkDevices(COREAUDIO, "Audio")

    def read(self) -> DeviceUse:
        return _devices_use(self._system, "microphone", microphones=True)


class _Address(ctypes.Structure):
    _fields_ = [
        ("selector", ctypes.c_uint32),
        ("scope", ctypes.c_uint32),
        ("element", ctypes.c_uint32),
    ]


class FrameworkDevices:
    """`MediaSystem` over CoreAudio ("Audio") or CoreMediaIO ("CMIO") through ctypes.

    The two share their calls' shape: `<prefix>ObjectGetPropertyDataSize` and
    `<prefix>ObjectGetPropertyData`, but CoreMediaIO's takes the size by value and
    returns the size used, where CoreAudio's takes a pointer that it updates.
    """

    def __init__(self, path: str, prefix: str) -> None:
        self._path = path
        self._prefix = prefix
        self._library: Any = None

    def _functions(self) -> tuple[Any, Any]:
        if self._library is None:
            self._library = ctypes.cdll.LoadLibrary(self._path)  # OSError off macOS
        size = getattr(self._library, f"{self._prefix}ObjectGetPropertyDataSize")
        data = getattr(self._library, f"{self._prefix}ObjectGetPropertyData")
        size.restype = data.restype = ctypes.c_int32  # OSStatus
        return size, data

    def _property(self, target: int, selector: str, scope: str = "glob") -> bytes | None:
        get_size, get_data = self._functions()
        address = _Address(four_char_code(selector), four_char_code(scope), ELEMENT_MAIN)
        size = ctypes.c_uint32(0)
        target_id = ctypes.c_uint32(target)
        if get_size(target_id, ctypes.byref(address), 0, None, ctypes.byref(size)) != 0:
            return None
        buffer = ctypes.create_string_buffer(max(size.value, 1))
        if self._prefix == "CMIO":
            used = ctypes.c_uint32(0)
            status = get_data(
                target_id, ctypes.byref(address), 0, None, size, ctypes.byref(used), buffer
            )
            length = used.value
        else:
            status = get_data(target_id, ctypes.byref(address), 0, None, ctypes.byref(size), buffer)
            length = size.value
        return buffer.raw[:length] if status == 0 else None

    def device_ids(self) -> list[int]:
        data = self._property(SYSTEM_OBJECT, "dev#")
        if data is None:
            raise OSError("the device list is unreadable")
        return device_ids_from(data)

    def running_somewhere(self, device: int) -> bool | None:
        data = self._property(device, "gone")
        return bool(struct.unpack_from("=I", data)[0]) if data and len(data) >= 4 else None

    def input_channels(self, device: int) -> int:
        data = self._property(device, "slay", scope="inpt")
        return input_channels_from(data) if data is not None else 0
