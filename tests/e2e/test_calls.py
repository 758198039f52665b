"""A call in any app, end to end: a real PipeWire capture makes the real app busy/in_call."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.support.desktop_session import DesktopSession
from tests.support.pipewire import SoundServer, start_sound_server
from tests.support.running_app import (
    AWAY_AFTER,
    FIRST_STATUS_TIMEOUT,
    SHORT_AWAY_SETTINGS,
    STATUS_TIMEOUT,
    StartApp,
    online_while_giving_input,
)
from tests.support.waiting import PROGRAM_POLL, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]


@pytest.fixture
def sound(tmp_path: Path) -> Iterator[SoundServer]:
    with ExitStack() as children:
        server = start_sound_server(children, tmp_path / "sound")
        server.create_source()
        yield server


def test_a_capture_in_any_app_makes_the_professional_busy_in_a_call_and_active(
    desktop: DesktopSession, start_app: StartApp, sound: SoundServer
) -> None:
    app = start_app({**SHORT_AWAY_SETTINGS, "PULSE_SERVER": sound.pulse_server})
    online_while_giving_input(app, lambda: desktop.give_input("mouse"), FIRST_STATUS_TIMEOUT)

    with sound.capture():
        status = wait_until(
            app.status,
            STATUS_TIMEOUT,
            "the app says busy, in a call",
            done=lambda answer: (answer["status"], answer["reason"]) == ("busy", "in_call"),
            context=lambda: app.diagnostics() + sound.context(),
            step=PROGRAM_POLL,
        )
        assert "in a call" in status["text"]
        # No input for longer than away_after: a call counts as activity, so never away.
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < AWAY_AFTER + 2:
            answer = app.status()
            assert (answer["status"], answer["reason"]) == ("busy", "in_call"), answer

    # The capture ends: the call ends at once, and idleness counts from its end.
    after = wait_until(
        app.status,
        STATUS_TIMEOUT,
        "the app says online once the call ends",
        done=lambda answer: answer["status"] == "online",
        context=app.diagnostics,
        step=PROGRAM_POLL,
    )
    assert after["reason"] == "active"
