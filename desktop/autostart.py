"""'Start at login': an XDG autostart file, the HKCU Run key, or a LaunchAgent.

An entry file that cannot be read counts as off (it would start nothing), is logged, and
is kept aside under a name of its own when 'Start at login' is next turned on.
"""

from __future__ import annotations

import logging
import os
import plistlib
import shutil
import sys
from pathlib import Path
from typing import Any, Protocol

from desktop.kept_aside import keep_aside

log = logging.getLogger(__name__)

ENTRY_NAME = "Availability"
LAUNCH_AGENT_LABEL = "org.availability.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command(platform: str = sys.platform) -> list[str]:
    """How to start this app from outside: the bundle, the installed script, or the module."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    if platform == "win32":
        # The `availability` script is a console program: at every login it would open a
        # console window. pythonw.exe, beside python.exe, opens none.
        pythonw = Path(sys.executable).with_name("pythonw.exe")
        if pythonw.exists():
            return [str(pythonw), "-m", "desktop"]
    script = shutil.which("availability")
    if script:
        return [str(Path(script).resolve())]
    return [sys.executable, "-m", "desktop"]


def desktop_entry_quote(argument: str) -> str:
    """Quote one argument of an Exec key as the Desktop Entry spec wants (double quotes)."""
    argument = argument.replace("%", "%%")
    if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    # The string escape rule applies on top: every backslash is written twice.
    return f'"{escaped}"'.replace("\\", "\\\\")


class Autostart(Protocol):
    def enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...


class EntryFile:
    """An autostart entry kept in a file of ours: on when the file is there and usable."""

    path: Path
    _reported: tuple[str, bytes] | None = None  # the problem last logged: logged once

    def problem(self, data: bytes) -> str | None:
        """What is wrong with an entry holding `data`, or None when it starts something."""
        raise NotImplementedError

    def enabled(self) -> bool:
        why: str | None
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return False
        except OSError as error:
            data, why = b"", f"it could not be read ({error.strerror or error})"
        else:
            why = self.problem(data)
        if why is None:
            return True
        if (why, data) != self._reported:
            self._reported = (why, data)
            log.warning(
                "The start-at-login entry %s starts nothing (%s): it counts as off, and "
                "turning 'Start at login' on replaces it",
                self.path,
                why,
            )
        return False

    def _keep_unusable(self) -> None:
        """Before writing a new entry: a file that is there but unusable goes aside."""
        if (self.path.exists() or self.path.is_symlink()) and not self.enabled():
            kept = keep_aside(self.path)
            log.warning("The unusable start-at-login entry is kept as %s", kept)
        self._reported = None


class XdgAutostart(EntryFile):
    """$XDG_CONFIG_HOME/autostart/availability.desktop (freedesktop Autostart spec)."""

    def __init__(self, config_home: Path | None = None) -> None:
        home = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = home / "autostart" / "availability.desktop"

    def problem(self, data: bytes) -> str | None:
        try:
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            return "it is not UTF-8 text"
        if "[Desktop Entry]" not in (line.strip() for line in lines):
            return "it has no [Desktop Entry] group"
        if not any(line.startswith("Exec=") and line[5:].strip() for line in lines):
            return "it has no command to run (Exec)"
        return None

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._keep_unusable()
        exec_line = " ".join(desktop_entry_quote(part) for part in command)
        self.path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={ENTRY_NAME}\n"
            "Comment=Shows whether you can take a session right now\n"
            f"Exec={exec_line}\n"
            "Icon=availability\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            encoding="utf-8",
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


class WindowsRunKey:
    """HKCU\\...\\Run: a value named Availability holding the command line."""

    def __init__(self) -> None:
        import winreg

        self._winreg: Any = winreg  # its names exist only on Windows

    def enabled(self) -> bool:
        try:
            with self._winreg.OpenKey(self._winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                self._winreg.QueryValueEx(key, ENTRY_NAME)
            return True
        except OSError:
            return False

    def enable(self, command: list[str]) -> None:
        line = " ".join(f'"{part}"' for part in command)
        with self._winreg.CreateKey(self._winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            self._winreg.SetValueEx(key, ENTRY_NAME, 0, self._winreg.REG_SZ, line)

    def disable(self) -> None:
        try:
            with self._winreg.OpenKey(
                self._winreg.HKEY_CURRENT_USER, RUN_KEY, 0, self._winreg.KEY_SET_VALUE
            ) as key:
                self._winreg.DeleteValue(key, ENTRY_NAME)
        except OSError:
            pass


class LaunchAgent(EntryFile):
    """~/Library/LaunchAgents/org.availability.desktop.plist with RunAtLoad."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (
            (home or Path.home()) / "Library" / "LaunchAgents" / (LAUNCH_AGENT_LABEL + ".plist")
        )

    def problem(self, data: bytes) -> str | None:
        try:
            plist = plistlib.loads(data)
        # plistlib raises many kinds (InvalidFileException, ExpatError, OverflowError...)
        # for a file that is not a property list; any of them means the same here.
        except Exception as error:
            return f"it is not a property list ({type(error).__name__})"
        arguments = plist.get("ProgramArguments") if isinstance(plist, dict) else None
        if not (isinstance(arguments, list) and arguments and isinstance(arguments[0], str)):
            return "it has no program to run (ProgramArguments)"
        return None

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._keep_unusable()
        with self.path.open("wb") as file:
            plistlib.dump(
                {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True},
                file,
            )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def default_autostart(platform: str = sys.platform) -> Autostart:
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return LaunchAgent()
    return XdgAutostart()
