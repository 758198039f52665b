"""Windows: the microphone or camera in use, from the privacy settings' record of apps.

Windows 10 (1903) and later note, for the "recently used" list of its privacy settings,
when each app started and stopped using a device, under
HKCU\\…\\CapabilityAccessManager\\ConsentStore\\{microphone,webcam}: one key per store
app, and one per program under `NonPackaged`. While an app uses the device, its
`LastUsedTimeStop` is 0 and its `LastUsedTimeStart` is not. Reading needs no privileges.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any, Literal, Protocol

from desktop.signals.call_reading import DeviceUse, cannot_check
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

CONSENT_STORE = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
NON_PACKAGED = "NonPackaged"
Capability = Literal["microphone", "webcam"]
DEVICES = {"microphone": "microphone", "webcam": "camera"}


class RegistryReader(Protocol):
    """The current user's registry (HKEY_CURRENT_USER), read only."""

    def subkeys(self, path: str) -> list[str] | None:
        """The names of the key's subkeys; None when the key does not exist."""

    def integer(self, path: str, name: str) -> int | None:
        """An integer value of the key; None when it is missing or not an integer."""


class WinregReader:
    """`RegistryReader` over the standard library's `winreg` (imported when first read)."""

    def __init__(self) -> None:
        self._winreg: Any = None

    def _module(self) -> Any:
        if self._winreg is None:
            self._winreg = importlib.import_module("winreg")
        return self._winreg

    def subkeys(self, path: str) -> list[str] | None:
        winreg = self._module()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
                count = winreg.QueryInfoKey(key)[0]
                return [winreg.EnumKey(key, index) for index in range(count)]
        except OSError:  # FileNotFoundError for a missing key
            return None

    def integer(self, path: str, name: str) -> int | None:
        winreg = self._module()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
                value, kind = winreg.QueryValueEx(key, name)
        except OSError:
            return None
        return value if kind in (winreg.REG_QWORD, winreg.REG_DWORD) else None


def app_in_use(registry: RegistryReader, app_key: str) -> bool:
    start = registry.integer(app_key, "LastUsedTimeStart")
    stop = registry.integer(app_key, "LastUsedTimeStop")
    return stop == 0 and start is not None and start != 0


class ConsentStore:
    """Reads whether any app uses the microphone or the webcam now."""

    def __init__(self, capability: Capability, registry: RegistryReader | None = None) -> None:
        self._capability = capability
        self._registry = registry if registry is not None else WinregReader()

    def read(self) -> DeviceUse:
        device = DEVICES[self._capability]
        store = f"{CONSENT_STORE}\\{self._capability}"
        try:
            apps = self._registry.subkeys(store)
            if apps is None:
                return DeviceUse(
                    None,
                    cannot_check(
                        device, tr("this version of Windows does not record which apps use it.")
                    ),
                )
            keys = [f"{store}\\{app}" for app in apps if app != NON_PACKAGED]
            programs = self._registry.subkeys(f"{store}\\{NON_PACKAGED}") or []
            keys += [f"{store}\\{NON_PACKAGED}\\{program}" for program in programs]
            return DeviceUse(any(app_in_use(self._registry, key) for key in keys))
        except (OSError, ImportError) as error:
            log.info("Consent store unreadable: %s", type(error).__name__)
            return DeviceUse(None, cannot_check(device, tr("Windows' record of it is unreadable.")))
