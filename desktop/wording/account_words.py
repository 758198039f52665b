"""Who is signed in, where: the window's account line."""

from __future__ import annotations

from urllib.parse import urlsplit

from desktop.wording.translate import tr


def server_name(url: str) -> str:
    """'status.example.org' for 'https://status.example.org/'; the host and any port."""
    return urlsplit(url).netloc or url


def signed_in_as(name: str, url: str) -> str:
    return tr("Signed in as {name} · {server}", name=name, server=server_name(url))


def not_signed_in_at(url: str) -> str:
    if not url:
        return tr("Not signed in")
    return tr("Not signed in · {server}", server=server_name(url))


def local_mode_line() -> str:
    return tr("Local mode: your status stays on this computer.")
