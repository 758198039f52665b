"""The smallest tray program: one QSystemTrayIcon, nothing else. tray_footprint.py's baseline.

    python bench/bare_tray.py

It draws a plain square icon (no SVG, no files), shows it in the tray and waits. SIGTERM
ends it.
"""

import sys

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def main() -> int:
    application = QApplication(sys.argv[:1])
    application.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#2E7D32"))
    icon = QSystemTrayIcon(QIcon(pixmap))
    icon.setToolTip("bare tray")
    icon.show()
    return application.exec()


if __name__ == "__main__":
    sys.exit(main())
