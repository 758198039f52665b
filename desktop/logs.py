"""Rotating logs in the user log dir. Tokens and passwords are never logged."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE = "availability.log"
_SECRETS = re.compile(
    r"(?i)(bearer\s+|\"?(?:access_token|refresh_token|password)\"?\s*[:=]\s*\"?)[^\s\",}]+"
)


class RedactSecrets(logging.Filter):
    """A last line of defence: masks anything shaped like a token or password."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRETS.sub(r"\1[hidden]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(log_dir: Path, level: str = "INFO") -> Path:
    """Log to `log_dir/availability.log` (5 files of 1 MB) and to stderr; return the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    stream_handler = logging.StreamHandler()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for handler in (file_handler, stream_handler):
        handler.setFormatter(formatter)
        handler.addFilter(RedactSecrets())
        root.addHandler(handler)
    root.setLevel(level.upper())
    stream_handler.setLevel(max(logging.WARNING, root.level))
    # httpx logs every request URL at INFO; keep the file readable.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return path
