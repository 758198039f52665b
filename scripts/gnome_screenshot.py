"""The app's icon in GNOME Shell's top bar, on a real headless GNOME Shell on Wayland.

    uv run python -m scripts.gnome_screenshot [--out docs/screenshots]

Needs what the GNOME tests need (gnome-shell, gnome-shell-extension-appindicator, gjs,
dbus-daemon, busctl) and ImageMagick's `convert`. It starts the shell as
tests/support/gnome_shell.py does, the real app in local mode as a native Wayland
client, and asks the shell for a screenshot through its own D-Bus API
(org.gnome.Shell.Screenshot). The shell answers only the screenshot tools it knows by
bus name; on this private bus the script takes the name of one of them,
org.gnome.Screenshot, as GNOME's own tool would. Writes gnome-wayland-top-bar.png: the
right end of the top bar, three times enlarged.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from tests.support.gnome_shell import gnome_session
from tests.support.running_app import AppProcess
from tests.support.status_notifier import StatusNotifierItem
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60.0
SETTLE_SECONDS = 2.0
# The top bar's right end on the 1280-pixel-wide virtual monitor: the icon, the system
# menu and the power icon.
CROP = "200x32+1080+0"


def shell_screenshot(bus_address: str, path: Path) -> None:
    bus = QDBusConnection.connectToBus(bus_address, "screenshot")
    try:
        if not bus.registerService("org.gnome.Screenshot"):
            raise RuntimeError("could not take the name org.gnome.Screenshot")
        message = QDBusMessage.createMethodCall(
            "org.gnome.Shell.Screenshot",
            "/org/gnome/Shell/Screenshot",
            "org.gnome.Shell.Screenshot",
            "Screenshot",
        )
        message.setArguments([False, False, str(path)])
        reply = bus.call(message, timeout=10_000)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments()[0]:
            raise RuntimeError(f"GNOME Shell took no screenshot: {reply.errorMessage()}")
    finally:
        QDBusConnection.disconnectFromBus("screenshot")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    application = QCoreApplication([])
    folder = Path(tempfile.mkdtemp(prefix="gnome-screenshot-"))
    try:
        with gnome_session(folder) as gnome:
            app = AppProcess(gnome.environment(), folder, gnome.log_file)
            try:
                item = StatusNotifierItem(gnome)
                wait_until(item.address, TIMEOUT, "the icon registers", context=app.diagnostics)
                wait_until(
                    item.tooltip,
                    TIMEOUT,
                    "the tooltip says online",
                    done=lambda tooltip: tooltip[0].startswith("Online · "),
                )
                # The extension redraws the icon a moment after the item changes it.
                time.sleep(SETTLE_SECONDS)
                whole = folder / "screen.png"
                shell_screenshot(gnome.bus_address, whole)
                out = args.out / "gnome-wayland-top-bar.png"
                subprocess.run(
                    ["convert", str(whole), "-crop", CROP, "+repage", "-scale", "300%", str(out)],
                    check=True,
                )
                print(out)
            finally:
                app.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        del application


if __name__ == "__main__":
    main()
