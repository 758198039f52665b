"""A private PipeWire sound server for tests and benches: a virtual microphone, real captures.

`start_sound_server` runs a private dbus-daemon, `pipewire`, `wireplumber` and
`pipewire-pulse` with a runtime folder of their own, so that nothing reaches the user's
sound server or their sound cards: WirePlumber is told to leave every device alone. The
microphone is a virtual source; a capture is a real `pw-record` child.
"""

from __future__ import annotations

import importlib
import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.children import log_tails, start_child, stop_process
from tests.support.private_desktop import start_bus
from tests.support.tools import require_tool
from tests.support.waiting import STARTUP_TIMEOUT, wait_until

TOOLS = ("dbus-daemon", "pipewire", "wireplumber", "pipewire-pulse", "pw-cli", "pw-record")
SOURCE = "test-mic"
# WirePlumber 0.4 reads its Lua configuration from every config folder in the order of
# the files' names: this one runs after the stock 50-*-config.lua, before they are enabled.
_NO_DEVICES = """alsa_monitor.enabled = false
v4l2_monitor.enabled = false
libcamera_monitor.enabled = false
"""
_NO_BLUETOOTH = "bluez_monitor.enabled = false\n"


def _pulsectl() -> Any:
    """pulsectl, which has no type hints."""
    return importlib.import_module("pulsectl")


@dataclass
class SoundServer:
    """A running private PipeWire with its PulseAudio server; `pulse_server` is its address."""

    folder: Path
    environment: dict[str, str]
    children: ExitStack
    tools: dict[str, str]
    pulse: subprocess.Popen[bytes] | None = None
    logs: dict[str, Path] = field(default_factory=dict)

    @property
    def runtime_dir(self) -> Path:
        return Path(self.environment["XDG_RUNTIME_DIR"])

    @property
    def pulse_server(self) -> str:
        return f"unix:{self.runtime_dir / 'pulse' / 'native'}"

    def context(self) -> str:
        return log_tails(self.logs)

    def run(self, *argv: str) -> str:
        done = subprocess.run(
            argv, env=self.environment, capture_output=True, timeout=STARTUP_TIMEOUT, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode(errors="replace")

    def _start(self, name: str) -> subprocess.Popen[bytes]:
        self.logs[name] = self.folder / f"{name}.log"
        return start_child(self.children, [self.tools[name]], self.logs[name], env=self.environment)

    def start_pulse(self) -> None:
        """pipewire-pulse, returned once it accepts a client."""
        self.pulse = self._start("pipewire-pulse")
        wait_until(self._pulse_answers, STARTUP_TIMEOUT, "pipewire-pulse", context=self.context)

    def stop_pulse(self) -> None:
        """The PulseAudio server goes away (PipeWire and the microphone stay)."""
        assert self.pulse is not None
        stop_process(self.pulse)
        self.pulse = None

    def _pulse_answers(self) -> bool:
        pulsectl = _pulsectl()
        try:
            with pulsectl.Pulse("test-probe", server=self.pulse_server, connect=False) as pulse:
                pulse.connect(autospawn=False, timeout=1.0)
                return True
        except pulsectl.PulseError:
            return False

    def source_names(self) -> list[str]:
        pulsectl = _pulsectl()
        with pulsectl.Pulse("test-probe", server=self.pulse_server, connect=False) as pulse:
            pulse.connect(autospawn=False, timeout=1.0)
            return [source.name for source in pulse.source_list()]

    def create_source(self, name: str = SOURCE) -> None:
        """A virtual microphone in PipeWire itself (it outlives pipewire-pulse restarts)."""
        self.run(
            self.tools["pw-cli"],
            "create-node",
            "adapter",
            "{ factory.name=support.null-audio-sink media.class=Audio/Source/Virtual "
            f"node.name={name} audio.position=[FL FR] object.linger=true }}",
        )
        wait_until(
            lambda: name in self.source_names(),
            STARTUP_TIMEOUT,
            f"source {name}",
            context=self.context,
        )

    @contextmanager
    def capture(self, source: str = SOURCE) -> Iterator[subprocess.Popen[bytes]]:
        """A real recording from `source` while the block runs (pw-record to /dev/null)."""
        with ExitStack() as capture:
            self.logs["pw-record"] = self.folder / "pw-record.log"
            yield start_child(
                capture,
                [self.tools["pw-record"], "--target", source, os.devnull],
                self.logs["pw-record"],
                env=self.environment,
            )


def start_sound_server(children: ExitStack, folder: Path) -> SoundServer:
    """PipeWire, WirePlumber and pipewire-pulse in `folder`, on a private session bus."""
    tools = {name: require_tool(name) for name in TOOLS}
    runtime = folder / "runtime"
    folder.mkdir(parents=True, exist_ok=True)
    runtime.mkdir(mode=0o700)
    config = folder / "config"
    (config / "wireplumber" / "main.lua.d").mkdir(parents=True)
    (config / "wireplumber" / "bluetooth.lua.d").mkdir(parents=True)
    (config / "wireplumber" / "main.lua.d" / "51-test-no-devices.lua").write_text(_NO_DEVICES)
    (config / "wireplumber" / "bluetooth.lua.d" / "51-test-no-bluetooth.lua").write_text(
        _NO_BLUETOOTH
    )
    bus_folder = folder / "bus"
    bus_folder.mkdir()
    bus = start_bus(
        children, bus_folder, executable=tools["dbus-daemon"], log=folder / "dbus-daemon.log"
    )
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(config),
        "XDG_STATE_HOME": str(folder / "state"),
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "PULSE_SERVER": f"unix:{runtime / 'pulse' / 'native'}",
    }
    server = SoundServer(folder, environment, children, tools)
    server._start("pipewire")
    wait_until((runtime / "pipewire-0").exists, STARTUP_TIMEOUT, "pipewire", context=server.context)
    server._start("wireplumber")
    server.start_pulse()
    return server
