"""Foundation notifications through the Objective-C runtime, by ctypes alone (no PyObjC).

This module is the macOS boundary of `lock_sleep_macos`: an observer object of a class
made at run time with one method, registered with a notification center. It has never
run on a Mac (see docs/platforms.md); everything above it is tested with a stand-in.
"""

from __future__ import annotations

import ctypes
import enum
import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)

OnNotification = Callable[[str], None]

_OBJC = "/usr/lib/libobjc.A.dylib"
_APPKIT = "/System/Library/Frameworks/AppKit.framework/AppKit"
_CLASS_NAME = b"AvailabilityNotificationObserver"
_SELECTOR = "availabilityNotification:"
_DELIVER_IMMEDIATELY = 4  # NSNotificationSuspensionBehaviorDeliverImmediately
_ID = ctypes.c_void_p
_IMP = ctypes.CFUNCTYPE(None, _ID, _ID, _ID)  # -(void)method:(NSNotification *)notification


class Center(enum.Enum):
    """The notification centers the watchers listen to."""

    DISTRIBUTED = "NSDistributedNotificationCenter.defaultCenter"
    WORKSPACE = "NSWorkspace.sharedWorkspace.notificationCenter"


class _Runtime:
    """The few libobjc calls needed, each with its exact C prototype.

    objc_msgSend must be called through a prototype of the method it reaches, never as a
    variadic function: on arm64 variadic arguments travel on the stack, not in registers.
    """

    def __init__(self) -> None:
        objc = ctypes.CDLL(_OBJC)  # OSError anywhere but macOS
        ctypes.CDLL(_APPKIT)  # defines NSWorkspace (and loads Foundation)
        self.get_class = objc.objc_getClass
        self.get_class.restype, self.get_class.argtypes = _ID, (ctypes.c_char_p,)
        self._register_name = objc.sel_registerName
        self._register_name.restype, self._register_name.argtypes = _ID, (ctypes.c_char_p,)
        self.allocate_class_pair = objc.objc_allocateClassPair
        self.allocate_class_pair.restype = _ID
        self.allocate_class_pair.argtypes = (_ID, ctypes.c_char_p, ctypes.c_size_t)
        self.add_method = objc.class_addMethod
        self.add_method.restype = ctypes.c_bool
        self.add_method.argtypes = (_ID, _ID, _IMP, ctypes.c_char_p)
        self.register_class_pair = objc.objc_registerClassPair
        self.register_class_pair.restype, self.register_class_pair.argtypes = None, (_ID,)
        self._msg_send: int = ctypes.cast(objc.objc_msgSend, ctypes.c_void_p).value or 0

    def selector(self, name: str) -> int:
        return int(self._register_name(name.encode()))

    def send(self, receiver: int | None, selector: str, *arguments: Any, restype: Any = _ID) -> Any:
        """`[receiver selector…]`.

        Every argument here is an object, a selector, a C string or an NSUInteger: all
        are 64-bit words passed in general registers, so each goes as a c_void_p.
        """
        prototype = ctypes.CFUNCTYPE(restype, _ID, _ID, *([_ID] * len(arguments)))
        return prototype(self._msg_send)(receiver, self.selector(selector), *arguments)

    def string(self, text: str) -> int:
        """A new NSString (retained: release it)."""
        string = self.send(self.get_class(b"NSString"), "alloc")
        return int(self.send(string, "initWithUTF8String:", text.encode()))


# The Python callbacks, by the address of their Objective-C observer object.
_callbacks: dict[int, OnNotification] = {}


def _on_notification(observer: int | None, _selector: int | None, notification: int) -> None:
    callback = _callbacks.get(observer or 0)
    if callback is None:
        return
    try:
        runtime = _runtime()
        name = runtime.send(
            runtime.send(notification, "name"), "UTF8String", restype=ctypes.c_char_p
        )
        callback(name.decode())
    except Exception:
        # An exception must not unwind into the Objective-C caller.
        log.exception("notification handler failed")


# Module-level: the class keeps pointing at this function for the life of the process.
_METHOD = _IMP(_on_notification)


@functools.cache
def _runtime() -> _Runtime:
    return _Runtime()


@functools.cache
def _observer_class() -> int:
    runtime = _runtime()
    cls = runtime.allocate_class_pair(runtime.get_class(b"NSObject"), _CLASS_NAME, 0)
    if not cls:
        raise OSError(f"cannot create the Objective-C class {_CLASS_NAME.decode()}")
    runtime.add_method(cls, runtime.selector(_SELECTOR), _METHOD, b"v@:@")
    runtime.register_class_pair(cls)
    return int(cls)


class ObjCNotificationObserver:
    """One Objective-C observer; the notifications it observes call `on_notification`.

    Notifications arrive on the main thread's run loop, which Qt's event loop runs.
    Raises OSError where the Objective-C runtime or AppKit cannot be loaded.
    """

    def __init__(self) -> None:
        self._runtime = _runtime()
        runtime = self._runtime
        self._observer = int(runtime.send(runtime.send(_observer_class(), "alloc"), "init"))
        self._observed: list[tuple[int, int]] = []  # (center, name string)

    def observe(
        self, center: Center, names: Sequence[str], on_notification: OnNotification
    ) -> None:
        """Call on_notification(name) for each notification of these names."""
        runtime = self._runtime
        _callbacks[self._observer] = on_notification
        center_object = self._center(center)
        if center is Center.DISTRIBUTED:
            # A tray app is rarely the active app, and AppKit suspends distributed
            # notifications while it is not: the default behaviour would hold them back.
            add, extra = (
                "addObserver:selector:name:object:suspensionBehavior:",
                [_DELIVER_IMMEDIATELY],
            )
        else:
            add, extra = "addObserver:selector:name:object:", []
        for name in names:
            string = runtime.string(name)
            self._observed.append((center_object, string))
            method = runtime.selector(_SELECTOR)
            runtime.send(
                center_object, add, self._observer, method, string, None, *extra, restype=None
            )

    def close(self) -> None:
        """Stop observing.

        The observer object itself is never released: close() may run inside its own
        method (the app quitting on a notification), and it is a few bytes once per run.
        """
        runtime = self._runtime
        for center_object in {center for center, _name in self._observed}:
            runtime.send(center_object, "removeObserver:", self._observer, restype=None)
        for _center, string in self._observed:
            runtime.send(string, "release", restype=None)
        self._observed.clear()
        _callbacks.pop(self._observer, None)

    def _center(self, center: Center) -> int:
        runtime = self._runtime
        if center is Center.DISTRIBUTED:
            cls = runtime.get_class(b"NSDistributedNotificationCenter")
            return int(runtime.send(cls, "defaultCenter"))
        workspace = runtime.send(runtime.get_class(b"NSWorkspace"), "sharedWorkspace")
        return int(runtime.send(workspace, "notificationCenter"))
