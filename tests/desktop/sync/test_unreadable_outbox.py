"""An unreadable outbox file reaches the person through the engine's notice, once."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.engine import SyncEngine
from desktop.sync.outbox_files import ACCOUNTS_FILE, OUTBOX_DIR, OutboxFiles
from tests.support.sync_clients import Activity
from tests.support.waiting import WAIT_MS

NOBODY_LISTENS = "http://127.0.0.1:9"


def test_an_outbox_found_unreadable_at_start_is_told_once_with_where_it_is_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "client"
    files = OutboxFiles(data_dir, NOBODY_LISTENS)
    path = files.path("user-1")
    path.parent.mkdir(parents=True)
    (data_dir / OUTBOX_DIR / ACCOUNTS_FILE).write_text(json.dumps({NOBODY_LISTENS: "user-1"}))
    content = b'{"owner": {"server": "\xff\xfe'
    path.write_bytes(content)
    engine = SyncEngine(
        NOBODY_LISTENS, data_dir, Activity(), keyring_backend=MemoryKeyring(), first_backoff=0.05
    )
    try:
        # Found while the engine was being made, and still heard by whoever connects now.
        with qtbot.waitSignal(engine.notice, timeout=WAIT_MS) as blocker:
            pass
        [aside] = path.parent.glob(f"{path.name}.unreadable-*")
        assert aside.read_bytes() == content
        [message] = blocker.args
        assert "could not be read because it is not UTF-8 text" in message
        assert message.endswith(f"It is kept as {aside}.")
        assert engine.outbox.account == "user-1"
        engine.edit({"max_concurrent_sessions": 4})  # the outbox works on, and says no more
        with qtbot.assertNotEmitted(engine.notice, wait=200):
            engine.outbox.use_account(None)
            engine.outbox.use_account("user-1")
        assert json.loads(path.read_text())["pending"]["max_concurrent_sessions"]["value"] == 4
    finally:
        engine.close()
