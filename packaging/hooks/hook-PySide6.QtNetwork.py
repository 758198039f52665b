"""PySide6.QtNetwork as PyInstaller's own hook collects it, less its plugins.

The app uses QtNetwork only for its local command socket (QLocalServer): it needs
neither TLS backends nor network-information plugins (HTTP goes through httpx).
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = ("/plugins/tls", "/plugins/networkinformation", "/plugins/networkaccess")

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, destination)
    for source, destination in binaries
    if not destination.replace("\\", "/").endswith(UNUSED_PLUGINS)
]
