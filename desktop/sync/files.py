"""Small files in the app's data dir, written atomically so a crash never leaves half a file."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from desktop.kept_aside import keep_aside, why_unreadable

log = logging.getLogger(__name__)

DEVICE_ID_FILE = "device-id"


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text`: a temporary file in the same dir, then `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, value: Any) -> None:
    write_atomically(path, json.dumps(value, indent=1, sort_keys=True))


def device_id(data_dir: Path) -> str:
    """This install's device id (a UUID), made once and kept in the data dir.

    A file that holds anything else is kept aside and replaced: the server then sees a new
    device, and the old one times out. When the new id cannot be saved, it lasts this run.
    """
    path = data_dir / DEVICE_ID_FILE
    try:
        return str(uuid.UUID(path.read_bytes().decode("ascii").strip()))
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        why = why_unreadable(error) if isinstance(error, OSError) else "it holds no device id"
        try:
            kept = keep_aside(path)
        except OSError as moving:
            log.warning("The device id file %s is unusable (%s) and stays: %s", path, why, moving)
        else:
            log.warning("The device id file %s was unusable (%s); kept as %s", path, why, kept)
    made = str(uuid.uuid4())
    try:
        write_atomically(path, made + "\n")
    except OSError as error:
        log.warning("A new device id could not be saved (%s); it lasts until the app quits", error)
    else:
        log.info("This computer has a new device id, in %s", path)
    return made
