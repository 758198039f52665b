"""The Linux camera scan: a real process holding a stand-in device open, and a fake /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.signals.call_reading import DeviceUse
from desktop.signals.camera_linux import ProcCameraScan, no_camera

# Opens the file, says so, and holds it until its standard input closes.
HOLDER = "import sys; f = open(sys.argv[1], 'rb'); print('open', flush=True); sys.stdin.read()"


@pytest.fixture
def camera(tmp_path: Path) -> Path:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    return device


@contextmanager
def held_open(
    path: Path, holder: Sequence[str] = (sys.executable, "-c", HOLDER), user: int | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [*holder, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        user=user,
        group=user,
        extra_groups=None if user is None else [],
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == b"open\n"
        yield process
    finally:
        process.stdin.close()
        process.wait(timeout=10)
        process.stdout.close()


def test_a_process_holding_the_device_is_a_camera_in_use(camera: Path) -> None:
    scan = ProcCameraScan(device_patterns=(str(camera.parent / "video*"),))
    assert scan.read() == DeviceUse(False)
    with held_open(camera):
        assert scan.read() == DeviceUse(True)
    assert scan.read() == DeviceUse(False)


def test_no_device_is_no_camera_to_check(tmp_path: Path) -> None:
    scan = ProcCameraScan(device_patterns=(str(tmp_path / "video*"),))
    assert scan.read() == DeviceUse(None, no_camera())


def test_a_link_to_the_device_is_followed(camera: Path, tmp_path: Path) -> None:
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-Camera-video-index0").symlink_to(camera)
    scan = ProcCameraScan(device_patterns=(str(by_id / "*"),))
    with held_open(camera):
        assert scan.read() == DeviceUse(True)


def _fake_process(proc: Path, pid: str, links: dict[str, str]) -> Path:
    fd = proc / pid / "fd"
    fd.mkdir(parents=True)
    for name, target in links.items():
        (fd / name).symlink_to(target)
    return fd


NOBODY = 65534
# A holder any user can run: the shell opens the file on fd 3, says so, and waits.
SHELL_HOLDER = 'exec 3<"$1"; echo open; read line'


def _scan_as(user: int, scan: ProcCameraScan) -> bool | None:
    """The scan's reading, read by a forked child that runs as `user`."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(user)
            os.setuid(user)
            os.write(write_end, repr(scan.read().in_use).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        said = answer.read().decode()
    os.waitpid(pid, 0)
    return {"True": True, "False": False}.get(said)


def test_processes_of_others_are_skipped_unread() -> None:
    """As an ordinary user, most of the real /proc/<pid>/fd folders are unreadable (root's,
    other users'): the scan skips them and still sees the user's own process."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to run the scan and the holder as another user")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o755)
        camera = Path(folder) / "video0"
        camera.write_bytes(b"")
        scan = ProcCameraScan(device_patterns=(str(camera),))
        assert _scan_as(NOBODY, scan) is False
        with held_open(camera, ["/bin/sh", "-c", SHELL_HOLDER, "sh"], user=NOBODY):
            assert _scan_as(NOBODY, scan) is True
        with held_open(camera):  # root's process: unreadable to the scan, so not seen
            assert _scan_as(NOBODY, scan) is False
            assert scan.read() == DeviceUse(True)  # while root sees it


def test_ended_processes_and_odd_entries_are_skipped(camera: Path, tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    (proc / "5").mkdir(parents=True)  # ended meanwhile: its fd folder is gone
    (proc / "self").symlink_to("5")  # not a process number
    (proc / "sys").mkdir()
    (proc / "7").write_text("not a folder")
    _fake_process(proc, "9", {"0": str(tmp_path / "gone"), "1": "pipe:[1234]"})  # dangling
    scan = ProcCameraScan(device_patterns=(str(camera),), proc_root=proc)
    assert scan.read() == DeviceUse(False)
    _fake_process(proc, "30", {"4": str(camera)})
    assert scan.read() == DeviceUse(True)


def test_an_unreadable_process_list_is_said_in_words(camera: Path, tmp_path: Path) -> None:
    scan = ProcCameraScan(device_patterns=(str(camera),), proc_root=tmp_path / "no-proc")
    reading = scan.read()
    assert reading.in_use is None
    assert reading.problem is not None
    assert "running programs" in reading.problem
