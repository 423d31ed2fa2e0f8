"""Tab stops only where the user can see: docks that Qt keeps off screen are no stops.

Qt keeps a dock tabbed behind another (the History behind the Patients list) shown but moved off
screen, and the docks' tab bar too while it has fewer than two tabs; both stayed stops of Tab, so
the focus vanished from sight for a key press or more. Their contents are disabled while off screen
(a dock whose tab is chosen, or that is opened again, is enabled as it comes on screen).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QWidget

WATCHED = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Move, QEvent.Type.Resize)


def on_screen(widget: QWidget) -> bool:
    """Shown where the window draws it: Qt moves what it keeps out of sight to negative places."""
    geometry = widget.geometry()
    return widget.isVisible() and geometry.right() >= 0 and geometry.bottom() >= 0


class DocksInFront(QObject):
    """Keeps the window's docks and their tab bars out of the Tab order while they are off screen."""

    def __init__(self, window: QMainWindow, docks: Sequence[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.docks = tuple(docks)
        self._pending = False
        for dock in self.docks:
            dock.installEventFilter(self)
            dock.visibilityChanged.connect(self.follow)
        self.follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in WATCHED:
            self.follow()
        return False

    def follow(self, *_: object) -> None:
        """Follow the docks now, and again once Qt has placed the docks and tab bars (after the events of this turn)."""
        self.apply()
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._apply_later)

    def _apply_later(self) -> None:
        self._pending = False
        self.apply()

    def apply(self) -> None:
        for dock in self.docks:
            content = dock.widget()
            if content is not None and dock.isVisible():
                content.setEnabled(dock.isFloating() or on_screen(dock))  # a floating one may sit on a screen left of the first
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            chooses = on_screen(bar) and bar.count() > 1
            bar.setFocusPolicy(Qt.FocusPolicy.TabFocus if chooses else Qt.FocusPolicy.NoFocus)
