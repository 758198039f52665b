"""Blocking D-Bus method calls with a short timeout, for local desktop services."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import SLOT
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusVariant

# Local services answer in well under a millisecond; a hung one must not freeze the UI long.
DEFAULT_TIMEOUT_MS = 500


class DBusCallError(Exception):
    """A D-Bus call failed: no such service or method, an error reply, or a timeout."""


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
    message = QDBusMessage.createMethodCall(service, path, interface, member)
    if arguments:
        message.setArguments(list(arguments))
    reply = bus.call(message, timeout=timeout_ms)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage:
        raise DBusCallError(f"{service} {interface}.{member}: {reply.errorMessage()}")
    return list(reply.arguments())


def get_property(
    bus: QDBusConnection, service: str, path: str, interface: str, name: str
) -> object:
    """Read one property through org.freedesktop.DBus.Properties.Get."""
    (value,) = call_method(
        bus, service, path, "org.freedesktop.DBus.Properties", "Get", interface, name
    )
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
