"""A calendar feed server on loopback: pages by path, with ETag and Last-Modified."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FeedServer:
    """What the server serves by path, and the headers of every request it got."""

    port: int
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(feeds: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            feeds.requests.append({k.lower(): v for k, v in self.headers.items()})
            page = feeds.pages.get(self.path.split("?")[0])
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            not_modified = (page.etag and self.headers.get("If-None-Match") == page.etag) or (
                page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified
            )
            self.send_response(304 if not_modified else page.status)
            if page.etag:
                self.send_header("ETag", page.etag)
            if page.last_modified:
                self.send_header("Last-Modified", page.last_modified)
            body = b"" if not_modified else page.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: pytest shows stderr of failures only, and this adds nothing."""

    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer(port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(
        target=lambda: server.serve_forever(poll_interval=0.05), name="feed-server", daemon=True
    )
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()
