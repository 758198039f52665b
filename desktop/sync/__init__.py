"""The status API client, credentials, heartbeats, the outbox and the event stream. No widgets."""

import sys

# WORKAROUND for https://github.com/encode/httpx/discussions/3523: httpx 0.28's
# __init__ imports its command-line client (httpx._main, with click, pygments and rich)
# whenever those are installed, which costs the tray megabytes it never uses. A None in
# sys.modules makes that import raise ImportError, which httpx expects and catches.
# Every module of ours that imports httpx lives in this package, so this runs first.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
