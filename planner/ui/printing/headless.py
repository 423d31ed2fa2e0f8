"""Qt for printing from the command line: a QGuiApplication, offscreen when there is no display."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication


def qt_ready() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen without a display); keep the result."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv else "planner"])
