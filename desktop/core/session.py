"""The client session: one current engine, local or server mode, and the shutdown order.

One engine is current at a time: local mode's, or an organisation server's. A sign-in
to another server runs on a candidate engine, and only a successful one replaces the
current engine, so a mistyped password never leaves the app with nothing. Every signal
of a replaced engine is ignored from then on.

Everything the UI shows comes from one `ClientState`, replaced whole on every change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop.activity.monitor import ActivityMonitor
from desktop.core.changes import merged_changes
from desktop.core.client_state import ClientState, Mode
from desktop.local_server import LocalServer
from desktop.memory_keyring import MemoryKeyring
from desktop.settings import SettingsFile
from desktop.signals.hub import SignalHub
from desktop.signals.readings import Readings
from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncState
from desktop.sync.engine import SyncEngine
from desktop.sync.merge import PREFERENCE
from desktop.sync.password_store import PasswordStore, PasswordStoreError, SystemKeyring
from desktop.wording import session_messages, status_words
from desktop.wording.notices import notice_for
from presence import DeviceSignals, EffectiveStatus, Reason, Status
from presence.documents import (
    WRAP_UP_EXTENSION_MINUTES,
    ActivityReading,
    AvailabilityChanges,
    AvailabilityDocument,
    UserInfo,
)

log = logging.getLogger(__name__)

# Local mode's folder and outbox name: its embedded server gets a new port every start.
LOCAL_SERVER_KEY = "local"

# Called once a sign-in ends: the user, or None and why not.
SignInDone = Callable[[UserInfo | None, str], None]


KEYRING_PROBE = "availability-probe"


def usable_keyring(store: PasswordStore | None) -> PasswordStore | None:
    """The given store, or the system keyring unless it would write tokens to a plain file."""
    if store is not None:
        return store
    system = SystemKeyring()
    return None if system.writes_plain_text() else system


class ClientSession(QObject):
    """Runs the app's link to a status server, and says what it knows as one state.

    Signals:
        state_changed(ClientState): the new state, after every change.
        told(str, str): something the person must read: a title and a text.
        notified(str, str): an automatic status change worth a notification.
        sign_in_needed(str): ask the person to sign in, to this server address if any.
        sign_in_failed(str, bool): a sign-in did not work, and why; whether to ask the
            person to sign in again (the saved sign-in of server mode failed).
        signed_in(): a sign-in to an organisation's server worked.
        field_failed(str, str): an edited field did not reach the server: lost to a
            change made elsewhere, or refused; the field and why.
        edit_refused(str): the text of a refusal, for a notification while hidden.
        finished(): quit() is done: the app may leave its event loop.
    """

    state_changed = Signal(object)
    told = Signal(str, str)
    notified = Signal(str, str)
    sign_in_needed = Signal(str)
    sign_in_failed = Signal(str, bool)
    signed_in = Signal()
    field_failed = Signal(str, str)
    edit_refused = Signal(str)
    finished = Signal()

    def __init__(
        self,
        client_dir: Path,
        settings: SettingsFile,
        monitor: ActivityMonitor,
        *,
        keyring_backend: PasswordStore | None = None,
        local_server_factory: Callable[[], LocalServer] = LocalServer,
        api_factory: Callable[[str], StatusApi] = StatusApi,
        signals: SignalHub | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`signals`: the desktop's signals beyond the keyboard (calls, calendar, Do Not
        Disturb); None watches none, and heartbeats report none."""
        super().__init__(parent)
        self._client_dir = client_dir
        self.signals = signals
        self._settings = settings
        self.monitor = monitor
        self._keyring_backend = keyring_backend
        self._local_server_factory = local_server_factory
        self._api_factory = api_factory
        self.local_server: LocalServer | None = None
        self._local_failure: str | None = None
        # Edits made while local mode starts, for its professional once signed in.
        self._held_edits: AvailabilityChanges | None = None
        self._local_starting = False  # from start_local_mode until its sign-in has ended
        self.engine: SyncEngine | None = None
        self._candidate: SyncEngine | None = None
        self._sign_in_done: list[tuple[SyncEngine, SignInDone]] = []
        self._retired: set[SyncEngine] = set()
        self._explicit_server = False
        self.state = ClientState()
        self.quitting = False
        self.finished_quitting = False

        monitor.activity_changed.connect(self.on_activity_changed)
        monitor.resumed.connect(self.on_resumed)
        monitor.about_to_sleep.connect(self.on_about_to_sleep)
        if signals is not None:
            signals.readings_changed.connect(self.on_readings)
            signals.device_signals_changed.connect(self.on_device_signals)

    # --- the state ------------------------------------------------------------------------

    def _set(self, **changes: object) -> None:
        state = dataclasses.replace(self.state, **changes)  # type: ignore[arg-type]
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _tell(self, text: str, title: str = "") -> None:
        self.told.emit(title or session_messages.app_title(), text)

    # --- starting -------------------------------------------------------------------------

    def start(self, server_url: str | None) -> None:
        """Start the monitor, then local mode, or server mode for `server_url`."""
        self._explicit_server = server_url is not None
        self.monitor.start()
        target = server_url or self._settings.settings.server_url
        if target is None:
            self.start_local_mode()
        else:
            self._start_server_mode(target)

    def start_local_mode(self) -> None:
        """The embedded server, a local professional, signed in by itself."""
        server = self._local_server_factory()
        server.ready.connect(self._on_local_ready)
        server.failed.connect(self._on_local_failed)
        server.notice.connect(self._tell)
        self.local_server = server
        self._local_starting = True
        self._set(mode=Mode.LOCAL)
        server.start()

    def _start_server_mode(self, url: str) -> None:
        """An engine for `url`, restoring the saved sign-in; if none can be made, say why."""
        try:
            engine = self._new_engine(url, local=False)
        except Exception as error:
            log.exception("The connection to %s could not start", url)
            self._tell(session_messages.connection_failed(url, error))
            self.sign_in_needed.emit(url)
            return
        self._adopt(engine, local=False).restore()

    @Slot(str, str, str)
    def _on_local_ready(self, url: str, email: str, password: str) -> None:
        if self.local_server is None or self.quitting:
            return
        try:
            engine = self._new_engine(url, local=True)
        except Exception as error:
            log.exception("Local mode could not start")
            self.local_server.stop()
            self._on_local_failed(session_messages.local_mode_failed(error))
            return
        self._adopt(engine, local=True).sign_in(email, password)

    @Slot(str)
    def _on_local_failed(self, why: str) -> None:
        self.local_server = None
        self._local_failure = why
        self._drop_held_edits(why)
        self._set(mode=Mode.SERVER, sync_state=SyncState.OFFLINE, problem=None)
        self._tell(why)
        self.sign_in_needed.emit("")
        self.sign_in_failed.emit(why, False)

    # --- engines --------------------------------------------------------------------------

    def _new_engine(self, url: str, local: bool) -> SyncEngine:
        """An engine for `url`, whose signals count only while it is current."""
        folder = LOCAL_SERVER_KEY if local else hashlib.sha256(url.encode()).hexdigest()[:16]
        backend: PasswordStore | None = MemoryKeyring()
        if not local:
            backend = usable_keyring(self._keyring_backend)
            if backend is None:
                backend = MemoryKeyring()
                self._tell(session_messages.plaintext_keyring())
        engine = SyncEngine(
            url,
            self._client_dir / folder,
            self.reading,
            api=self._api_factory(url),
            keyring_backend=backend,
            server_key=LOCAL_SERVER_KEY if local else None,
            parent=self,
        )

        def current(slot: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: slot(*args) if self.engine is engine else None

        engine.signed_in.connect(lambda user: self._on_engine_signed_in(engine, user))
        engine.sign_in_failed.connect(lambda why: self._on_engine_sign_in_failed(engine, why))
        engine.needs_sign_in.connect(current(lambda: self.sign_in_needed.emit(self._url())))
        engine.status_changed.connect(current(self._on_status))
        engine.availability_changed.connect(current(self._on_availability))
        engine.sync_state_changed.connect(current(lambda _state: self._show_sync_state()))
        engine.signed_out.connect(current(self._on_signed_out))
        # A candidate's notices count too: what it found on disk holds whichever way it goes.
        engine.notice.connect(
            lambda text: self._tell(text) if engine in (self.engine, self._candidate) else None
        )
        engine.edit_lost.connect(current(self._on_edit_lost))
        engine.edit_rejected.connect(current(self._on_edit_rejected))
        return engine

    def _url(self) -> str:
        return self.state.server_url or ""

    def _adopt(self, engine: SyncEngine, local: bool) -> SyncEngine:
        """Make `engine` current; the previous one says `offline` and stops."""
        previous, previous_server = self.engine, None
        if not local:
            previous_server, self.local_server = self.local_server, None
            # They were meant for the local professional, never for this account.
            self._drop_held_edits(session_messages.connected_elsewhere())
        self.engine = engine
        if previous is not None and previous is not engine:
            self._retire(previous, previous_server)
        elif previous_server is not None:
            previous_server.stop()
        self.monitor.expect_return(False)
        self._set(
            mode=Mode.LOCAL if local else Mode.SERVER,
            server_url=engine.api.base_url,
            user=None,
            status=None,
            availability=None,
            sync_state=engine.sync_state,
            problem=engine.problem,
            signed_out=False,
        )
        return engine

    def _retire(self, engine: SyncEngine, local_server: LocalServer | None = None) -> None:
        """Stop an engine that is no longer current: `offline` first if it was signed in."""

        def finish() -> None:
            # Its workers may sit in a stalled request: they are joined off the UI thread,
            # and the engine is kept alive until they have ended.
            self._retired.add(engine)
            engine.retired.connect(lambda: self._on_engine_retired(engine))
            engine.retire()
            if local_server is not None:
                local_server.stop()

        if engine.credentials.user is not None:
            engine.send_offline(finish)
        else:
            finish()

    def _on_engine_retired(self, engine: SyncEngine) -> None:
        self._retired.discard(engine)
        engine.deleteLater()

    def join_workers(self, timeout: float) -> bool:
        """After the event loop has ended: give every engine's workers `timeout` to end."""
        deadline = time.monotonic() + timeout
        engines = [e for e in (self.engine, self._candidate, *self._retired) if e is not None]
        return all(e.join(max(0.0, deadline - time.monotonic())) for e in engines)

    # --- what the person does -------------------------------------------------------------

    def sign_in(
        self, server_url: str, email: str, password: str, done: SignInDone | None = None
    ) -> None:
        """Sign in to `server_url`; the current mode stays until the sign-in succeeds."""
        engine = self.engine
        if (
            engine is None
            or self.state.local_mode
            or self.state.signed_in
            or self.state.server_url != server_url
        ):
            if self._candidate is not None:
                self._retire(self._candidate)
            engine = self._candidate = self._new_engine(server_url, local=False)
        if done is not None:
            self._sign_in_done.append((engine, done))
        engine.sign_in(email, password)

    def cancel_sign_in(self) -> None:
        """With nobody signed in and no server chosen, local mode keeps the app useful."""
        if self._candidate is not None:
            self._retire(self._candidate)
            self._candidate = None
        if (
            not self.state.signed_in
            and not (self.quitting or self.local_server is not None or self._explicit_server)
            and self._settings.settings.server_url is None
            and self._local_failure is None
        ):
            self.start_local_mode()

    def choose_status(self, preference: Status, until: datetime | None) -> None:
        self.edit(
            {
                "preference": preference.value,
                "preference_expires_at": until.isoformat() if until else None,
            }
        )

    def extend_wrap_up(self) -> None:
        """ "Extend": the wrap-up under way lasts a few minutes longer."""
        if self.engine is not None and self.state.signed_in:
            self.engine.extend_wrap_up(WRAP_UP_EXTENSION_MINUTES)

    def end_wrap_up(self) -> None:
        """ "I'm ready": the wrap-up under way ends now."""
        if self.engine is not None and self.state.signed_in:
            self.engine.end_wrap_up()

    def edit(self, changes: AvailabilityChanges) -> None:
        if self._local_mode_starting():
            # The embedded server and its professional are a moment away: the choice
            # is theirs, and goes to the engine once it has signed in.
            self._held_edits = merged_changes(self._held_edits or {}, changes)
            return
        if self.engine is None:
            self._tell(session_messages.sign_in_first())
            return
        # The engine's outbox keeps it for the account it belongs to (one being restored
        # from the keyring too), or refuses it in words when there is none.
        self.engine.edit(changes)

    def _local_mode_starting(self) -> bool:
        return self._local_starting and self.state.local_mode

    def _release_held_edits(self) -> None:
        self._local_starting = False
        held, self._held_edits = self._held_edits, None
        if held and self.engine is not None:
            self.engine.edit(held)

    def _drop_held_edits(self, why: str) -> None:
        self._local_starting = False
        held, self._held_edits = self._held_edits, None
        if held:
            self._tell(session_messages.held_edits_dropped(why))

    def sign_out(self) -> None:
        if self.engine is not None:
            self.engine.sign_out()
        self._forget_person()
        self._settings.update(server_url=None)

    def keeps_sign_in(self) -> bool:
        """Whether a sign-in outlives the app: a keyring that answers and keeps no plain file.

        It asks the keyring once: a desktop without one only says so when it is used.
        """
        store = usable_keyring(self._keyring_backend)
        if store is None:
            return False
        try:
            store.get_password(KEYRING_PROBE, KEYRING_PROBE)
        except PasswordStoreError:
            return False
        return True

    def use_local_mode(self) -> None:
        """Leave the organisation's server for local mode: signed out there, then local mode.

        The server's engine stops being current at once, so its sign-out asks nothing.
        """
        if self.state.local_mode or self.quitting:
            return
        if self._candidate is not None:
            self._retire(self._candidate)
            self._candidate = None
        engine, self.engine = self.engine, None
        if engine is not None:
            if self.state.signed_in:
                engine.sign_out()  # revoked on the server, forgotten here
            self._retire(engine)
        self._settings.update(server_url=None)
        self._explicit_server = False
        self._local_failure = None
        self._set(user=None, status=None, availability=None, signed_out=False)
        self.start_local_mode()

    def quit(self) -> None:
        """Send `offline`, then stop everything; `finished` says when it is done."""
        if self.quitting:
            return
        self.quitting = True
        if self._candidate is not None:
            self._retire(self._candidate)
            self._candidate = None
        if self.engine is not None and self.state.signed_in:
            self.engine.send_offline(self.shut_down)
        else:
            self.shut_down()

    def shut_down(self) -> None:
        """Stop the monitor, every engine and local mode's server now; then `finished`.

        Never waits for a worker thread: `join_workers` does, after the event loop.
        """
        if self.finished_quitting:
            return
        self.finished_quitting = True
        self.monitor.stop()
        if self.engine is not None:
            self.engine.shut_down()  # the UI thread does not wait for its workers
        if self.local_server is not None:
            self.local_server.stop()
        self.finished.emit()

    # --- what the monitor reports ---------------------------------------------------------

    def reading(self) -> ActivityReading:
        """What a heartbeat says now: the monitor's reading, with the signals'."""
        return self._with_signals(self.monitor.reading())

    def _with_signals(self, activity: ActivityReading) -> ActivityReading:
        if self.signals is None:
            return activity
        return dataclasses.replace(activity, signals=self.signals.device_signals())

    @Slot(object)
    def on_activity_changed(self, activity: ActivityReading) -> None:
        if self.engine is not None:
            self.engine.on_activity_changed(self._with_signals(activity))

    @Slot(object)
    def on_readings(self, readings: Readings) -> None:
        self._set(readings=readings)

    @Slot(object)
    def on_device_signals(self, _signals: DeviceSignals) -> None:
        """A call started or ended, a busy event began or ended, DND turned: say so now."""
        if self.engine is not None and self.state.signed_in:
            self.engine.on_activity_changed(self.reading())

    @Slot()
    def on_resumed(self) -> None:
        if self.engine is not None and self.state.signed_in:
            self.engine.on_resumed()  # not "synced" again before the server has answered

    @Slot()
    def on_about_to_sleep(self) -> None:
        if self.engine is not None and self.state.signed_in:
            self.engine.send_offline(self.monitor.allow_sleep)
        else:
            self.monitor.allow_sleep()

    # --- what the engines report ----------------------------------------------------------

    def _on_engine_signed_in(self, engine: SyncEngine, user: UserInfo) -> None:
        if engine is self._candidate:
            self._candidate = None
            self._adopt(engine, local=False)
        elif engine is not self.engine:
            return
        self._set(user=user, signed_out=False)
        self._show_sync_state()
        self._release_held_edits()
        if not self.state.local_mode:
            self._settings.update(server_url=self.state.server_url, email=user.email)
            self._explicit_server = True
            self.signed_in.emit()
        self._done(engine, user, "")

    def _on_engine_sign_in_failed(self, engine: SyncEngine, why: str) -> None:
        if engine is self._candidate:
            self._candidate = None
            self._retire(engine)
        elif engine is not self.engine:
            return
        elif self.state.local_mode:
            self._tell(session_messages.local_sign_in_failed(why))
            self._drop_held_edits(why)
        self.sign_in_failed.emit(why, engine is self.engine and not self.state.local_mode)
        self._done(engine, None, why)

    def _done(self, engine: SyncEngine, user: UserInfo | None, why: str) -> None:
        waiting = [done for owner, done in self._sign_in_done if owner is engine]
        self._sign_in_done = [(o, d) for o, d in self._sign_in_done if o is not engine]
        for done in waiting:
            done(user, why)

    def _on_status(self, status: EffectiveStatus) -> None:
        if not self.state.signed_in:
            return  # an answer that was on its way when the person signed out
        previous = self.state.status
        # Heartbeat answers and the event stream race: never step back to an older state.
        if previous is not None and status.computed_at < previous.computed_at:
            return
        # The server's thresholds may differ from the monitor's: once it shows us idle,
        # the next input is a return and must reach it at once.
        self.monitor.expect_return(status.reason in (Reason.IDLE, Reason.INACTIVE))
        self._set(status=status)
        notice = notice_for(previous, status, self.state.availability, datetime.now().astimezone())
        if notice is not None:
            self.notified.emit(*notice)

    def _on_availability(self, availability: AvailabilityDocument) -> None:
        if self.state.signed_in:
            self._set(availability=availability)

    def _show_sync_state(self) -> None:
        if self.engine is not None:
            self._set(sync_state=self.engine.sync_state, problem=self.engine.problem)

    def _forget_person(self) -> None:
        self.monitor.expect_return(False)
        self._set(
            user=None,
            status=None,
            availability=None,
            sync_state=SyncState.OFFLINE,
            problem=self.engine.problem if self.engine is not None else None,
            signed_out=True,
        )

    def _on_signed_out(self, reason: str) -> None:
        self._forget_person()
        self._tell(reason, session_messages.signed_out_title())
        self.sign_in_needed.emit(self._url())

    def _on_edit_lost(self, field: str, message: str) -> None:
        self.field_failed.emit(field, message)
        self._tell(message, session_messages.change_not_kept_title())

    def _on_edit_rejected(self, field: str, message: str) -> None:
        availability = self.state.availability
        if field in PREFERENCE and availability is not None and self.state.override_holds:
            # Said with the local clock and the admin's name, not the server's UTC.
            message = status_words.override_refusal(availability, datetime.now().astimezone())
        self.field_failed.emit(field, message)
        self.edit_refused.emit(message)
