"""PySide6.QtGui as PyInstaller's own hook collects it, less the plugins the app never loads.

Left out here, the libraries that only those plugins link stay out too: the GTK3
platform theme alone brings GTK's whole stack (cairo, pango, gdk-pixbuf, atk…), which
must come from the desktop anyway to be of any use.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folder → the plugins kept from it (a part of the file name); folders not named
# here keep every plugin. Windows, macOS and Linux (X11 and Wayland) platforms stay; the
# rest are for embedded devices (eglfs, linuxfb, evdev, VNC) or unused image formats.
KEEP = {
    "platforms": ("qxcb", "qwayland", "qwindows", "qcocoa"),
    "platformthemes": ("qxdgdesktopportal",),
    "imageformats": ("qsvg",),
    "egldeviceintegrations": (),
    "generic": (),
}


def wanted(source: str, destination: str) -> bool:
    kind = destination.replace("\\", "/").split("/plugins/", 1)[-1]
    if kind not in KEEP:
        return True
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return any(part in name for part in KEEP[kind])


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, target) for source, target in binaries if wanted(source, target)]
