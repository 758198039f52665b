"""Server-sent events on the wire: the text/event-stream format, and a keep-alive ping."""

from __future__ import annotations

from dataclasses import dataclass

PING = b": ping\r\n\r\n"


@dataclass(frozen=True)
class ServerSentEvent:
    data: str
    event: str
    id: str

    def encode(self) -> bytes:
        """One event: a field per line, `data` split over as many lines as it has."""
        lines = [f"id: {self.id}", f"event: {self.event}"]
        lines += [f"data: {line}" for line in self.data.splitlines() or [""]]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()
