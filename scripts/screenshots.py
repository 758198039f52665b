"""Retake the screenshots in docs/screenshots/ on a private X server with a window manager.

    uv run python -m scripts.screenshots [--out docs/screenshots]

Needs Xvfb, mutter, trayer, dbus-daemon, xdotool, xwininfo and ImageMagick's `import`
and `convert` (Debian: xvfb mutter trayer dbus-daemon xdotool x11-utils imagemagick),
and for the dark shots GTK 3 with its Adwaita dark theme (libgtk-3-0
gnome-themes-extra): the app follows the desktop's GTK theme there, as on GNOME.

It runs the real app: in local mode, and in server mode against a server of its own on
127.0.0.1 with a professional "Pat Lee" and an admin. Nothing is mocked and nothing of
the person's own settings is touched: every folder is a temporary one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.support.private_desktop import start_bus, start_trayer, start_xvfb

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "1280x1700x24"
PASSWORD = "correct horse battery"
TIMEOUT = 60.0
APP = str(Path(sys.executable).with_name("availability"))


def wait_for(check: Callable[[], object], what: str, timeout: float = TIMEOUT) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"gave up waiting for {what}")


def run(env: Mapping[str, str], *command: str, stdin: str = "") -> str:
    done = subprocess.run(
        command, env=dict(env), input=stdin, capture_output=True, text=True, timeout=TIMEOUT
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Desktop:
    """Xvfb, a session bus, mutter and trayer in a folder of their own."""

    def __init__(self, folder: Path, children: ExitStack) -> None:
        self.folder = folder
        self.children = children
        display = start_xvfb(children, screen=SCREEN, log=folder / "xvfb.log")
        bus_folder = folder / "bus"
        bus_folder.mkdir()
        address = start_bus(children, bus_folder, log=folder / "dbus-daemon.log")
        home = folder / "home"
        home.mkdir()
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": address,
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix="shots-"),
            "QT_QPA_PLATFORM": "xcb",
            "LANG": "en_GB.UTF-8",
            "TZ": "Europe/Berlin",
        }
        self.start(["mutter", "--x11", "--replace", "--sm-disable"], "mutter")
        wait_for(lambda: "mutter" in self.tree().lower() or self.has_wm(), "mutter")
        start_trayer(
            children,
            self.env,
            ["--edge", "top", "--align", "right", "--widthtype", "request"],
            log=folder / "trayer.log",
        )

    @staticmethod
    def _stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()

    def start(
        self, command: list[str], name: str, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        self.children.callback(log.close)
        process = subprocess.Popen(
            command, env=dict(env or self.env), stdout=log, stderr=subprocess.STDOUT
        )
        self.children.callback(self._stop, process)
        return process

    def tree(self) -> str:
        return run(self.env, "xwininfo", "-root", "-tree")

    def has_wm(self) -> bool:
        out = run(self.env, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
        return "window id" in out

    def window(self, title: str) -> str:
        """The id of the visible top-level window called `title`."""

        def found() -> str:
            out = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                env=self.env,
                capture_output=True,
                text=True,
            ).stdout.split()
            return out[-1] if out else ""

        return str(wait_for(found, f"the window {title!r}"))

    def shoot_window(self, window: str, path: Path) -> None:
        time.sleep(1.0)  # the last repaint
        run(self.env, "import", "-frame", "-window", window, str(path))
        print(f"wrote {path}")

    def shoot_region(self, path: Path, geometry: str) -> None:
        time.sleep(1.0)
        whole = self.folder / "root.png"
        run(self.env, "import", "-window", "root", str(whole))
        run(self.env, "convert", str(whole), "-crop", geometry, "+repage", str(path))
        print(f"wrote {path}")


class App:
    """The real app on the desktop, with a home of its own, and its command line."""

    def __init__(self, desktop: Desktop, name: str, dark: bool, *arguments: str) -> None:
        self.desktop = desktop
        home = desktop.folder / name
        home.mkdir()
        self.env = {
            **desktop.env,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix=f"shots-{name}-"),
        }
        if dark:
            self.env |= {"QT_QPA_PLATFORMTHEME": "gtk3", "GTK_THEME": "Adwaita:dark"}
        self.process = desktop.start([APP, *arguments], f"app-{name}", self.env)
        wait_for(self.status, f"the app ({name}) to answer")

    def command(self, *arguments: str, stdin: str = "") -> str:
        return run(self.env, APP, *arguments, stdin=stdin)

    def status(self) -> dict[str, object]:
        try:
            answer: dict[str, object] = json.loads(self.command("status", "--json"))
        except RuntimeError:
            return {}
        return answer

    def signed_in(self) -> bool:
        return bool(self.status().get("signed_in"))

    def synced(self) -> bool:
        return self.status().get("sync_state") == "synced"

    def quit(self) -> None:
        try:
            self.command("quit")
            self.process.wait(30)
        except (RuntimeError, subprocess.TimeoutExpired):
            self.process.kill()


@contextmanager
def status_server(desktop: Desktop) -> Iterator[str]:
    """The reference server on a free port, with Pat Lee (professional) and Dana (admin)."""
    database = desktop.folder / "server.sqlite3"
    env = {**desktop.env, "AVAILABILITY_DATABASE_URL": f"sqlite:///{database}"}
    server = [str(Path(sys.executable).with_name("availability-server"))]
    run(env, *server, "migrate")
    for email, name, role in (
        ("pat@example.org", "Pat Lee", "professional"),
        ("dana@example.org", "Dana Admin", "admin"),
    ):
        run(
            env,
            *server,
            "users",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--role",
            role,
            stdin=PASSWORD + "\n",
        )
    port = free_port()
    desktop.start([*server, "serve", "--port", str(port)], "server", env)
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    wait_for(answers, "the status server")
    yield url


def admin_override(url: str, until_hours: float) -> None:
    """Dana sets Pat busy for a while, through the API, as the admin web page would."""
    import httpx

    with httpx.Client(base_url=url) as client:

        def sign_in(email: str) -> dict[str, object]:
            grant = client.post(
                "/v1/auth/token",
                json={"grant_type": "password", "email": email, "password": PASSWORD},
            )
            grant.raise_for_status()
            answer: dict[str, object] = grant.json()
            return answer

        pat = sign_in("pat@example.org")["user"]
        assert isinstance(pat, dict)
        headers = {"Authorization": f"Bearer {sign_in('dana@example.org')['access_token']}"}
        from datetime import datetime, timedelta

        until = (datetime.now().astimezone() + timedelta(hours=until_hours)).replace(
            minute=0, second=0, microsecond=0
        )
        client.put(
            f"/v1/professionals/{pat['id']}/override",
            headers=headers,
            json={"status": "busy", "until": until.isoformat(), "note": "Team meeting"},
        ).raise_for_status()


def take(out: Path, folder: Path) -> None:
    with ExitStack() as children:
        desktop = Desktop(folder, children)
        for dark in (False, True):
            theme = "dark" if dark else "light"
            local = App(desktop, f"local-{theme}", dark)
            wait_for(local.signed_in, "local mode to sign in")
            local.command("show")
            window = desktop.window("Availability")
            desktop.shoot_window(window, out / f"window-local-{theme}.png")
            if not dark:
                run(desktop.env, "xdotool", "windowminimize", "--sync", window)
                tray_menu(desktop, out)
            local.quit()
        with status_server(desktop) as url:
            for dark in (False, True):
                theme = "dark" if dark else "light"
                app = App(desktop, f"server-{theme}", dark, "--server", url)
                app.command(
                    "sign-in",
                    "--server",
                    url,
                    "--email",
                    "pat@example.org",
                    "--password-stdin",
                    stdin=PASSWORD + "\n",
                )
                if not dark:
                    app.command("status", "set", "busy", "--for", "1h")
                else:
                    admin_override(url, 2)
                wait_for(app.synced, "a sync")
                app.command("show")
                window = desktop.window("Availability")
                desktop.shoot_window(window, out / f"window-server-{theme}.png")
                app.quit()
            signing_in = App(desktop, "sign-in", False, "--server", url)
            dialog = desktop.window("Sign in — Availability")
            run(desktop.env, "xdotool", "windowactivate", "--sync", dialog)
            run(desktop.env, "xdotool", "type", "--delay", "20", "pat@example.org")
            run(desktop.env, "xdotool", "key", "Tab")
            run(desktop.env, "xdotool", "type", "--delay", "20", "not the password")
            run(desktop.env, "xdotool", "key", "Return")
            time.sleep(2)
            desktop.shoot_window(dialog, out / "sign-in-error.png")
            signing_in.process.kill()


def tray_menu(desktop: Desktop, out: Path) -> None:
    """The tooltip, then the menu with Busy's durations open, next to trayer's panel."""
    panel = desktop.window("panel")
    geometry = run(desktop.env, "xdotool", "getwindowgeometry", "--shell", panel)
    values = dict(line.split("=", 1) for line in geometry.split())
    x = int(values["X"]) + int(values["WIDTH"]) // 2
    y = int(values["Y"]) + int(values["HEIGHT"]) // 2
    region = f"560x330+{int(values['X']) + int(values['WIDTH']) - 560}+0"
    run(desktop.env, "xdotool", "mousemove", str(x - 40), str(y + 40))
    time.sleep(0.3)
    run(desktop.env, "xdotool", "mousemove", str(x), str(y))
    time.sleep(0.3)
    run(desktop.env, "xdotool", "mousemove", str(x + 1), str(y))
    time.sleep(3)  # the tooltip's delay
    width = int(SCREEN.split("x")[0])
    desktop.shoot_region(out / "tray-tooltip.png", f"620x110+{width - 620}+0")
    run(desktop.env, "xdotool", "click", "3")
    time.sleep(1.0)
    # The status line, Online, then Busy, and its durations.
    run(desktop.env, "xdotool", "key", "Down", "Down", "Down", "Right")
    desktop.shoot_region(out / "tray-menu.png", region)
    run(desktop.env, "xdotool", "key", "Escape", "Escape")


def tray_states(out: Path) -> None:
    """Every tray icon, synced and not, at 16, 22 and 32 px, in colour and in grey."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    from desktop.ui.icons import render, tray_svg
    from presence import Status

    _application = QGuiApplication.instance() or QGuiApplication([])
    states = [(s, True) for s in Status] + [(s, False) for s in Status]
    sizes, cell = (16, 22, 32), 40
    sheet = QImage(cell * len(states), cell * len(sizes) * 2, QImage.Format.Format_ARGB32)
    painter = QPainter(sheet)
    for band, panel in enumerate(("#EDEDED", "#2B2B2B")):
        for row, size in enumerate(sizes):
            top = (band * len(sizes) + row) * cell
            painter.fillRect(0, top, sheet.width(), cell, QColor(panel))
            for column, (status, synced) in enumerate(states):
                icon = render(tray_svg(status, synced), size)
                painter.drawImage(
                    column * cell + (cell - size) // 2, top + (cell - size) // 2, icon
                )
    painter.end()
    sheet.save(str(out / "tray-states.png"))
    sheet.convertToFormat(QImage.Format.Format_Grayscale8).save(str(out / "tray-states-grey.png"))
    print(f"wrote {out / 'tray-states.png'} and tray-states-grey.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tray_states(args.out)
    folder = Path(tempfile.mkdtemp(prefix="availability-shots-"))
    try:
        take(args.out, folder)
    finally:
        if args.keep:
            print(f"logs in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
