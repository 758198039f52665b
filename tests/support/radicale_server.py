"""A real Radicale CalDAV server on loopback, with one user, for the calendar tests."""

from __future__ import annotations

import socket
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.children import log_tails, start_child
from tests.support.ports import free_port
from tests.support.waiting import STARTUP_TIMEOUT, wait_until

_MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>Sessions</D:displayname></D:prop></D:set>
</C:mkcalendar>
"""


@dataclass(frozen=True)
class RadicaleServer:
    """Where the server listens, and the one user it knows."""

    base_url: str
    username: str
    password: str
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url, auth=(self.username, self.password), timeout=10.0
        )

    def make_calendar(self, name: str) -> str:
        """Create the calendar collection `name` of the user; its full address."""
        url = f"{self.base_url}/{self.username}/{name}/"
        with self.client() as client:
            response = client.request("MKCALENDAR", url, content=_MKCALENDAR)
        assert response.status_code == 201, (response.status_code, response.text)
        return url

    def put_event(self, calendar_url: str, uid: str, ics: str) -> None:
        """Store one VCALENDAR object as `<uid>.ics` in the collection."""
        with self.client() as client:
            response = client.put(
                f"{calendar_url}{uid}.ics",
                content=ics.encode(),
                headers={"Content-Type": "text/calendar; charset=utf-8"},
            )
        assert response.status_code in (201, 204), (response.status_code, response.text)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_radicale(
    children: ExitStack,
    folder: Path,
    username: str = "therapist",
    password: str = "correct horse battery staple",
) -> RadicaleServer:
    """Radicale in a child process, storing under `folder`; stopped when `children` closes."""
    port = free_port()
    users = folder / "users"
    users.write_text(f"{username}:{password}\n")
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\n"
        # No pause after a wrong password: the tests try one on purpose.
        "delay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[rights]\ntype = owner_only\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = info\n"
    )
    log = folder / "radicale.log"
    process = start_child(
        children, [sys.executable, "-m", "radicale", "--config", str(config)], log=log
    )
    wait_until(
        lambda: process.poll() is not None or _accepts(port),
        STARTUP_TIMEOUT,
        "Radicale to listen",
        context=lambda: log_tails({"radicale": log}),
    )
    assert process.poll() is None, log_tails({"radicale": log})
    return RadicaleServer(f"http://127.0.0.1:{port}", username, password, log)
