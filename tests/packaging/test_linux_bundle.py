"""The Linux bundle, built by packaging/availability.spec: it starts, it sits in the tray,
local mode runs inside it, and start at login starts it again."""

from __future__ import annotations

import os
import subprocess
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.bundled_app import Bundle, BundledApp, exec_arguments
from tests.packaging.tray_desktop import tray_desktop
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]

STATUS_TIMEOUT = 60.0


def run_bundle(bundle: Bundle, *arguments: str, env: dict[str, str] | None = None) -> str:
    finished = subprocess.run(
        [bundle.program, *arguments],
        env=env or {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def signed_in_status(app: BundledApp) -> dict[str, Any]:
    def synced_status() -> dict[str, Any] | None:
        # Signed in, and the first heartbeat answered: a status, in sync.
        status = app.status()
        if (
            status["signed_in"]
            and status["sync_state"] == "synced"
            and status["status"] is not None
        ):
            return status
        return None

    return wait_until(
        synced_status,
        STATUS_TIMEOUT,
        "the bundled app signs in to its own server",
        context=app.diagnostics,
    )


def test_the_bundle_says_its_version(bundle: Bundle) -> None:
    assert run_bundle(bundle, "--version") == f"availability {metadata.version('availability')}\n"


def test_the_bundle_starts_in_the_tray_and_runs_local_mode(bundle: Bundle, tmp_path: Path) -> None:
    with tray_desktop(tmp_path) as desktop:
        app = BundledApp([str(bundle.program)], desktop, tmp_path)
        try:
            tray_seconds = app.wait_for_tray_icon()
            status = signed_in_status(app)
            # docs/performance.md's figures; `pytest -rP` shows them.
            print(
                f"built in {bundle.build_seconds:.0f} s; icon in the tray {tray_seconds:.2f} s "
                f"and local mode signed in {time.monotonic() - app.started_at:.2f} s after start"
            )
            # Local mode: the embedded server, its migrations and its database all work.
            assert status["mode"] == "local"
            assert status["status"] == "online"
            assert status["sync_state"] == "synced"
            assert app.command("quit").returncode == 0
            assert app.wait_for_exit() == 0
        finally:
            app.stop()
    log = desktop.log_file.read_text()
    assert "local mode unavailable" not in log
    assert "Traceback" not in log


def test_start_at_login_starts_the_bundle(bundle: Bundle, tmp_path: Path) -> None:
    with tray_desktop(tmp_path) as desktop:
        entry = desktop.config_dir / "autostart" / "availability.desktop"
        on = run_bundle(bundle, "autostart", "on", env=desktop.environment())
        assert on == "Start at login is on.\n"
        command = exec_arguments(entry)
        assert command == [str(bundle.program.resolve())]

        # What the desktop does at the next login: run the Exec line.
        app = BundledApp(command, desktop, tmp_path)
        try:
            app.wait_for_tray_icon()
            assert signed_in_status(app)["mode"] == "local"
            assert app.command("quit").returncode == 0
            assert app.wait_for_exit() == 0
        finally:
            app.stop()

        off = run_bundle(bundle, "autostart", "off", env=desktop.environment())
        assert off == "Start at login is off.\n"
        assert not entry.exists()


def test_the_bundle_holds_what_local_mode_needs_and_leaves_out_the_rest(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    names = {path.relative_to(internal).as_posix() for path in internal.rglob("*")}
    # Alembic reads the migrations from files.
    assert "server/store/migrations/env.py" in names
    assert "server/store/migrations/versions/0001_initial.py" in names
    assert "desktop/resources/icons/tray.svg" in names
    assert "desktop/resources/icons/tray-starting.svg" in names
    assert "desktop/resources/translations/availability_de.qm" in names
    top = {name.split("/", 1)[0] for name in names}
    for left_out in ("psycopg", "psycopg_binary", "pytest", "hypothesis", "pgserver", "uvloop"):
        assert left_out not in top
    qt = {Path(name).name for name in names if name.startswith("PySide6/Qt/")}
    for left_out in ("libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6", "libqgtk3.so"):
        assert left_out not in qt
    assert {"libqxcb.so", "libqwayland.so", "libqsvg.so", "libqsvgicon.so"} <= qt


def test_the_bundle_holds_the_modules_loaded_by_name(bundle: Bundle) -> None:
    """Modules no import statement names, which the analysis cannot find by itself."""
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(bundle.program)).open_embedded_archive("PYZ.pyz").toc)
    # Local mode's server (desktop/local_server.py), and pynput's X11 backends (chosen
    # at import), which the X11 idle fallback needs.
    assert {"server.embedded", "pynput.keyboard._xorg", "pynput.mouse._xorg"} <= modules
    assert not {name for name in modules if name.split(".")[0] in {"psycopg", "pytest"}}


def test_every_library_in_the_bundle_finds_what_it_links(bundle: Bundle) -> None:
    """Each library a bundled binary needs is bundled too, or one PyInstaller leaves to
    the system on purpose (libc, libGL…): a plugin left out must take its libraries along,
    and a library left out must not be one that something still links."""
    from PyInstaller.depend import bindepend, dylib

    internal = bundle.folder / "_internal"
    binaries = [
        path
        for path in internal.rglob("*.so*")
        if path.is_file() and not path.is_symlink() and ".so" in path.name
    ]
    bundled = {path.name for path in internal.rglob("*.so*")}
    missing = {
        f"{binary.relative_to(internal)}: {name}"
        for binary in [bundle.program, *binaries]
        for name, _found in bindepend.get_imports(str(binary))
        if name not in bundled and dylib.include_library(name)
    }
    assert not missing


def test_install_script_puts_the_bundle_in_the_menu_and_takes_it_out(
    bundle: Bundle, tmp_path: Path
) -> None:
    prefix = tmp_path / "prefix"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PREFIX": str(prefix)}
    installed = [
        prefix / "share" / "applications" / "availability.desktop",
        prefix / "share" / "metainfo" / "org.availability.Availability.metainfo.xml",
        prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" / "availability.png",
        prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "availability.svg",
        prefix / "bin" / "availability",
    ]
    subprocess.run([bundle.folder / "install.sh"], env=env, check=True, timeout=60)
    for path in installed:
        assert path.exists(), path
    assert exec_arguments(installed[0]) == [str(bundle.program.resolve())]
    # The command is a link to the bundle's program, which finds its files through it.
    linked = subprocess.run(
        [installed[-1], "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert linked.stdout == run_bundle(bundle, "--version")

    subprocess.run([bundle.folder / "install.sh", "--uninstall"], env=env, check=True, timeout=60)
    for path in installed:
        assert not path.exists(), path
    assert bundle.program.exists()
