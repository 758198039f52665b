"""Server-sent events on the wire: the text/event-stream format, and a keep-alive ping."""

from __future__ import annotations

import re
from dataclasses import dataclass

PING = b": ping\r\n\r\n"
# Only these end a line in text/event-stream. str.splitlines() would also split on
# U+2028, U+2029 and U+0085, which JSON leaves unescaped inside strings.
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ServerSentEvent:
    data: str
    event: str
    id: str

    def encode(self) -> bytes:
        """One event: a field per line, `data` split over as many lines as it has."""
        lines = [f"id: {self.id}", f"event: {self.event}"]
        lines += [f"data: {line}" for line in _LINE_END.split(self.data)]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()
