"""The main window comes back where the user left it, but always inside the screen it opens on: a size and
place saved on a bigger screen (1366x768, then started at 1024x700) left the bottom of the window, its
status bar and buttons, off screen. A window saved maximised comes back maximised."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from .dialog_fit import FRAME_ALLOWANCE  # room kept for a title bar the window manager has not drawn yet


def fitted(frame: QRect, available: QRect) -> QRect:
    """`frame` moved, and shrunk where it is larger, to lie wholly inside `available`."""
    width, height = min(frame.width(), available.width()), min(frame.height(), available.height())
    x = min(max(frame.x(), available.x()), available.x() + available.width() - width)
    y = min(max(frame.y(), available.y()), available.y() + available.height() - height)
    return QRect(x, y, width, height)


def fit_on_screen(window: QWidget) -> None:
    """The window (with its frame) inside the free area of the screen it is on; a maximised or full-screen window
    is left as it is."""
    if window.isMaximized() or window.isFullScreen():
        return
    inner, frame = window.geometry(), window.frameGeometry()
    screen = QGuiApplication.screenAt(inner.center()) or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    top = inner.y() - frame.y()
    left, right, bottom = inner.x() - frame.x(), frame.right() - inner.right(), frame.bottom() - inner.bottom()
    if frame == inner and not window.isVisible():
        top = FRAME_ALLOWANCE
    outer = QRect(inner.x() - left, inner.y() - top, inner.width() + left + right, inner.height() + top + bottom)
    target = fitted(outer, screen.availableGeometry())
    if target == outer:
        return
    window.resize(target.width() - left - right, target.height() - top - bottom)
    window.move(target.topLeft())  # a window's position is its frame's


class ScreenFit(QObject):
    """Fits its window once more after the first show, when the window manager's frame is known."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.window, lambda: fit_on_screen(self.window))
        return False


def restore_fitted(window: QWidget, saved: str) -> bool:
    """Restores `saved` (base64 of Qt's saveGeometry) inside the screen's free area; False when it cannot be read
    (a settings file edited by hand may hold any text there: one that is not base64 is not read)."""
    if not saved.isascii() or not window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
        return False
    fit_on_screen(window)
    ScreenFit(window)
    return True
