"""The keys and the docks: Tab stops only where the user can see, and a dock's key (F9) that goes to it.

Tab stops only where the user can see: docks that Qt keeps off screen are no stops.

Qt keeps a dock tabbed behind another (the History behind the Patients list) shown but moved off
screen, and the docks' tab bar too while it has fewer than two tabs; both stayed stops of Tab, so
the focus vanished from sight for a key press or more. Their contents are disabled while off screen
(a dock whose tab is chosen, or that is opened again, is enabled as it comes on screen).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabBar, QWidget
from shiboken6 import isValid

from .guard import guarded

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


class DockKey(QObject):
    """A dock's key (F9 for the Patients list; the History's View entry, with no key), as side panes work in well-made
    desktop apps: pressed with the dock hidden it shows the dock and puts the keys in it; with the dock open but the
    keys elsewhere (or its tab behind another) it puts the keys in it; pressed in the dock it hides it and gives the
    keys back to where they were.
    `action` is its View menu entry, checked while the dock is shown."""

    def __init__(self, window: QMainWindow, dock: QDockWidget, first: QWidget, key: str, tip: str) -> None:
        """`first`: what takes the keys in the dock when nothing there had them yet (the search box)."""
        super().__init__(window)
        self.dock = dock
        self.first = first
        self.before: QWidget | None = None  # where the keys were when they went into the dock
        self.inside: QWidget | None = None  # where they were in the dock last
        self.action = QAction(dock.windowTitle(), window)
        self.action.setCheckable(True)
        if key:  # the History has its View entry alone
            self.action.setShortcuts([QKeySequence(key)])
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.press)
        # Shown or hidden by its × button, the other menu's entry, a restored layout or a first start on a small screen.
        dock.toggleViewAction().toggled.connect(self.sync)
        dock.visibilityChanged.connect(self.sync)
        self.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def has_keys(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.dock.isAncestorOf(focus)

    def _focus_moved(self, old: QWidget | None, now: QWidget | None) -> None:
        if not isValid(self.dock) or now is None or not self.dock.isAncestorOf(now):
            return
        if old is None or not self.dock.isAncestorOf(old):
            self.before = old
        self.inside = now

    @guarded
    def press(self, *_: object) -> None:
        dock = self.dock
        if dock.isHidden():
            dock.show()
            dock.raise_()
            QTimer.singleShot(0, self, self.focus_in)  # once shown (its contents are enabled as it comes on screen)
        elif not self.has_keys():
            dock.raise_()  # its tab chosen, were the History in front
            if dock.isFloating():
                dock.activateWindow()
            QTimer.singleShot(0, self, self.focus_in)
        else:
            back = self.before
            dock.hide()
            if back is not None and isValid(back) and back.isVisible() and back.isEnabled():
                back.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sync()

    def sync(self, *_: object) -> None:
        """The check mark: the dock shown (also while the History's tab is in front of it)."""
        if isValid(self.dock):
            self.action.setChecked(not self.dock.isHidden())

    def focus_in(self) -> None:
        """The keys in the dock: where they were in it last, else its first field."""
        target = self.inside if self.inside is not None and isValid(self.inside) else self.first
        if not (target.isVisible() and target.isEnabled()):
            target = self.first
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
