"""Windows' consent store and macOS' devices: the decisions, on recorded values."""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass, field

import pytest

from desktop.signals.call_reading import DeviceUse
from desktop.signals.calls_macos import (
    MacCamera,
    MacMicrophone,
    device_ids_from,
    four_char_code,
    input_channels_from,
)
from desktop.signals.calls_windows import CONSENT_STORE, ConsentStore, WinregReader

MICROPHONE = CONSENT_STORE + "\\microphone"


class FakeRegistry:
    """HKEY_CURRENT_USER as paths to values; a key exists when it or a subkey has a path."""

    def __init__(self, values: dict[str, dict[str, object]], broken: bool = False) -> None:
        self.values = values
        self.broken = broken

    def subkeys(self, path: str) -> list[str] | None:
        if self.broken:
            raise PermissionError(path)
        prefix = path + "\\"
        below = {key[len(prefix) :].split("\\")[0] for key in self.values if key.startswith(prefix)}
        return sorted(below) if below or path in self.values else None

    def integer(self, path: str, name: str) -> int | None:
        value = self.values.get(path, {}).get(name)
        return value if isinstance(value, int) else None


def app(start: object, stop: object) -> dict[str, object]:
    return {"LastUsedTimeStart": start, "LastUsedTimeStop": stop}


USED_BEFORE = app(133_000_000_000_000_000, 133_000_000_100_000_000)
USING = app(133_000_000_200_000_000, 0)


@pytest.mark.parametrize(
    ("apps", "in_use"),
    [
        ({}, False),
        ({"\\Microsoft.WindowsCamera_8wekyb3d8bbwe": USED_BEFORE}, False),
        ({"\\Microsoft.SkypeApp_kzf8qxf38zg5c": USING}, True),
        ({"\\NonPackaged\\C:#Program Files#Zoom#bin#Zoom.exe": USING}, True),
        ({"\\NonPackaged\\C:#Zoom.exe": USED_BEFORE, "\\Some.App": USED_BEFORE}, False),
        ({"\\NonPackaged\\C:#Never.exe": app(0, 0)}, False),  # never used: not in use
        ({"\\NonPackaged\\C:#Odd.exe": app("text", 0)}, False),  # not an integer
        ({"\\NonPackaged\\C:#Half.exe": {"LastUsedTimeStop": 0}}, False),
    ],
)
def test_the_consent_store_says_which_apps_use_the_device(
    apps: dict[str, dict[str, object]], in_use: bool
) -> None:
    values: dict[str, dict[str, object]] = {MICROPHONE: {}}
    values |= {MICROPHONE + key: value for key, value in apps.items()}
    assert ConsentStore("microphone", FakeRegistry(values)).read() == DeviceUse(in_use)


def test_the_webcam_is_read_under_its_own_key() -> None:
    values = {CONSENT_STORE + "\\webcam\\NonPackaged\\C:#Teams.exe": USING}
    assert ConsentStore("webcam", FakeRegistry(values)).read() == DeviceUse(True)
    assert ConsentStore("microphone", FakeRegistry(values)).read().in_use is None


def test_an_old_windows_or_an_unreadable_registry_is_said_in_words() -> None:
    missing = ConsentStore("webcam", FakeRegistry({})).read()
    assert missing.in_use is None
    assert missing.problem is not None
    assert missing.problem.startswith("The camera cannot be checked")
    broken = ConsentStore("microphone", FakeRegistry({}, broken=True)).read()
    assert broken == DeviceUse(
        None, "The microphone cannot be checked: Windows' record of it is unreadable."
    )


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only: winreg is missing")
def test_the_real_registry_reader_off_windows_is_a_reading_not_a_crash() -> None:
    assert ConsentStore("microphone", WinregReader()).read().in_use is None


@dataclass
class FakeDevices:
    """Recorded answers of CoreAudio or CoreMediaIO."""

    running: dict[int, bool | None] = field(default_factory=dict)
    inputs: dict[int, int] = field(default_factory=dict)
    answers: bool = True

    def device_ids(self) -> list[int]:
        if not self.answers:
            raise OSError("the device list is unreadable")
        return list(self.running)

    def running_somewhere(self, device: int) -> bool | None:
        return self.running[device]

    def input_channels(self, device: int) -> int:
        return self.inputs.get(device, 0)


def test_a_camera_running_somewhere_is_in_use() -> None:
    assert MacCamera(FakeDevices({33: False, 41: True})).read() == DeviceUse(True)
    assert MacCamera(FakeDevices({33: False})).read() == DeviceUse(False)
    assert MacCamera(FakeDevices({33: None, 41: False})).read() == DeviceUse(False)


def test_only_devices_with_inputs_are_microphones() -> None:
    # 52: speakers that some app plays through; 60: the built-in microphone, idle.
    devices = FakeDevices({52: True, 60: False}, inputs={60: 1})
    assert MacMicrophone(devices).read() == DeviceUse(False)
    devices.running[60] = True
    assert MacMicrophone(devices).read() == DeviceUse(True)


def test_missing_or_silent_devices_are_said_in_words() -> None:
    assert MacCamera(FakeDevices()).read() == DeviceUse(
        None, "The camera cannot be checked: no camera is present."
    )
    assert MacMicrophone(FakeDevices({52: True})).read().problem == (
        "The microphone cannot be checked: no microphone is present."
    )
    assert MacCamera(FakeDevices({33: None})).read().in_use is None
    assert MacCamera(FakeDevices({33: True}, answers=False)).read() == DeviceUse(
        None, "The camera cannot be checked: macOS does not answer."
    )


def test_the_frameworks_answers_are_decoded() -> None:
    assert four_char_code("gone") == 0x676F6E65
    assert device_ids_from(struct.pack("=3I", 33, 41, 52)) == [33, 41, 52]
    # An AudioBufferList of two buffers (1 and 2 channels), as 64-bit macOS lays it out.
    buffers = struct.pack("=II", 2, 0) + struct.pack("=IIQ", 1, 512, 0)
    buffers += struct.pack("=IIQ", 2, 1024, 0)
    assert input_channels_from(buffers) == 3
    assert input_channels_from(struct.pack("=II", 0, 0)) == 0
    assert input_channels_from(struct.pack("=II", 5, 0)) == 0  # cut short: counts what is there
    assert input_channels_from(b"") == 0
