"""D-Bus method calls to local desktop services, made from the UI thread.

Two kinds: `call_method` blocks, but never longer than DEFAULT_TIMEOUT_MS, for readings
the caller needs at once (the idle time); `call_later` never blocks and hands the reply
to a callback, for everything else (logind's inhibitor and session, lock states).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

import shiboken6
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, SLOT, QMetaObject, QObject, Qt, QTimer
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusError,
    QDBusInterface,
    QDBusMessage,
    QDBusObjectPath,
    QDBusPendingCallWatcher,
    QDBusVariant,
)

# Local services answer in well under a millisecond: a hung one holds the UI thread this
# long at the most, well under the 100 ms a person would notice.
DEFAULT_TIMEOUT_MS = 50
# A call nobody waits for may take longer: logind asks polkit before it grants an inhibitor.
LATER_TIMEOUT_MS = 10_000
_TIMEOUT_ERRORS = ("org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout")

_in_flight: set[QDBusPendingCallWatcher] = set()

Reply = Callable[[list[object]], None]
Failure = Callable[["DBusCallError"], None]


class DBusCallError(Exception):
    """A D-Bus call failed: no such service or method, an error reply, or a timeout."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


def _message(
    service: str, path: str, interface: str, member: str, arguments: tuple[object, ...]
) -> QDBusMessage:
    message = QDBusMessage.createMethodCall(service, path, interface, member)
    if arguments:
        message.setArguments(list(arguments))
    return message


def _arguments(reply: QDBusMessage, what: str) -> list[object]:
    if reply.type() != QDBusMessage.MessageType.ReplyMessage:
        timed_out = reply.errorName() in _TIMEOUT_ERRORS
        raise DBusCallError(f"{what}: {reply.errorMessage()}", timed_out=timed_out)
    return list(reply.arguments())


def call_method(
    bus: QDBusConnection,
    service: str,
    path: str,
    interface: str,
    member: str,
    *arguments: object,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> list[object]:
    """Call `member` and return the reply's arguments, or raise DBusCallError."""
    if not bus.isConnected():
        raise DBusCallError(f"not connected to the bus for {service}")
    reply = bus.call(_message(service, path, interface, member, arguments), timeout=timeout_ms)
    return _arguments(reply, f"{service} {interface}.{member}")


class TypedCalls:
    """Blocking calls whose arguments need D-Bus types a Python int cannot carry.

    PySide6 sends every Python int as an int32 (or int64), and GDBus services refuse a
    call whose signature differs ("u" and "t" arguments: Mutter's watch ids and
    intervals). A QDBusInterface knows each method's signature from the service's
    introspection, and a call through its meta-object sends the declared types.

    The interface is built at the first call, and its introspection is the one call
    here not bounded by DEFAULT_TIMEOUT_MS (QtDBus gives it its default of 25 s): it is
    made only after the service has answered a bounded call, so only a service that
    hangs in between holds the UI thread that long. Its calls after that are bounded.
    """

    def __init__(self, bus: QDBusConnection, service: str, path: str, interface: str) -> None:
        self._bus = bus
        self._where = (service, path, interface)
        self._interface: QDBusInterface | None = None

    def call(self, member: str, *arguments: tuple[str, object]) -> list[object]:
        """`member(*arguments)`, each argument as (its Qt type name, its value); the reply's
        value in a list (of the type the service declares), or [] when it returns nothing.
        DBusCallError when it fails."""
        interface = self._ensure_interface()
        signature = f"{member}({','.join(type_name for type_name, _value in arguments)})"
        index = interface.metaObject().indexOfMethod(signature)
        if index < 0:
            raise DBusCallError(f"{self._where[0]} {self._where[2]} has no {signature}")
        type_name = interface.metaObject().method(index).typeName()
        returns = type_name if isinstance(type_name, str) else bytes(type_name).decode()
        typed = [Q_ARG(type_name, value) for type_name, value in arguments]
        connection = Qt.ConnectionType.DirectConnection
        result: object
        try:
            if returns == "void":
                result = QMetaObject.invokeMethod(interface, member, connection, *typed)
            else:
                result = QMetaObject.invokeMethod(
                    interface, member, connection, Q_RETURN_ARG(returns), *typed
                )
        except RuntimeError as failure:  # a type the binding cannot pass
            raise DBusCallError(
                f"{self._where[0]} {self._where[2]}.{member}: {failure}"
            ) from failure
        error = interface.lastError()
        if error.isValid():
            raise DBusCallError(
                f"{self._where[0]} {self._where[2]}.{member}: {error.message()}",
                timed_out=error.type()
                in (QDBusError.ErrorType.NoReply, QDBusError.ErrorType.Timeout),
            )
        return [] if returns == "void" else [result]

    def _ensure_interface(self) -> QDBusInterface:
        if self._interface is None:
            if not self._bus.isConnected():
                raise DBusCallError(f"not connected to the bus for {self._where[0]}")
            interface = QDBusInterface(*self._where, self._bus)
            if not interface.isValid():
                raise DBusCallError(f"{self._where[0]}: {interface.lastError().message()}")
            interface.setTimeout(DEFAULT_TIMEOUT_MS)
            self._interface = interface
        return self._interface

    def forget(self) -> None:
        """The service restarted: a new interface object at the next call (QtDBus keeps
        the introspected description per interface name, so it is not asked again)."""
        if self._interface is not None:
            self._interface.deleteLater()
            self._interface = None


def call_later(
    bus: QDBusConnection,
    service: str,
    path: str,
    interface: str,
    member: str,
    *arguments: object,
    owner: QObject,
    on_reply: Reply,
    on_failure: Failure,
    timeout_ms: int = LATER_TIMEOUT_MS,
) -> None:
    """Send the call and return at once; `on_reply(arguments)` or `on_failure(error)` runs
    later on this thread, unless `owner` is deleted first."""
    what = f"{service} {interface}.{member}"
    if not bus.isConnected():
        on_failure(DBusCallError(f"not connected to the bus for {service}"))
        return
    pending = bus.asyncCall(_message(service, path, interface, member, arguments), timeout_ms)
    watcher = QDBusPendingCallWatcher(pending)
    # Python owns the watcher, and holds it here until the answer has come and the signal
    # has returned; then the watcher goes, and the answer with it (a file descriptor in
    # it stays open while anything holds the answer). Parented to `owner` and deleted with
    # deleteLater(), an answered watcher made Qt abort when `owner` was deleted: "shared
    # QObject was deleted directly".
    _in_flight.add(watcher)
    watcher.finished.connect(lambda done: _answered(owner, what, on_reply, on_failure, done))


def _answered(
    owner: QObject, what: str, on_reply: Reply, on_failure: Failure, done: QDBusPendingCallWatcher
) -> None:
    QTimer.singleShot(0, partial(_in_flight.discard, done))
    if not shiboken6.isValid(owner):
        return
    try:
        answer = _arguments(done.reply(), what)
    except DBusCallError as error:
        on_failure(error)
        return
    on_reply(answer)


def unwrap(value: object) -> object:
    """The value inside a `v` reply argument (Properties.Get answers with one)."""
    return value.variant() if isinstance(value, QDBusVariant) else value


def object_path(value: object) -> str:
    """The path in an `o` reply argument, whichever way the binding handed it over."""
    if isinstance(value, QDBusObjectPath):
        return value.path()
    if isinstance(value, str):
        return value
    raise DBusCallError(f"expected an object path, got {value!r}")


def as_number(value: object) -> float:
    """A numeric reply argument as a float, or DBusCallError when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DBusCallError(f"expected a number, got {value!r}")
    return float(value)


def qt_slot(signature: str) -> bytes:
    """The SLOT() string QDBusConnection.connect wants for a receiver's slot."""
    # The PySide6 stubs declare bytes, but the binding accepts only the str SLOT() returns.
    return cast(bytes, SLOT(signature))
