"""Where the keys are, in sight: the window never sits with no field holding the keyboard focus.

At start no field had the focus until Tab was pressed, and after Department settings (opened from the menu)
closed with Escape Qt gave the focus back to the menu bar, which shows none: a keyboard-only coordinator could
not see where typing would go. Whenever the window becomes active with the keys nowhere in it, or on a part
that is no Tab stop (the menu bar), they go back to the field that last had them, else to the patient's name,
the form's first field; its focus frame shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from .guard import guarded


def tab_stop(widget: QWidget) -> bool:
    """A field Tab can reach, on screen and usable: where the keys may be left."""
    return (isValid(widget) and widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


class FocusHome(QObject):
    """Gives the window's last focused field, else `home()` (then `fallback()`, when home is disabled: a cancelled
    course's form), the focus whenever `window` becomes active and no field of it has the keys."""

    def __init__(self, window: QWidget, home: Callable[[], QWidget], fallback: Callable[[], QWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.home = home
        self.fallback = fallback
        self.last: QWidget | None = None  # the window's field that last had the keys
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _in_window(self, widget: QWidget | None) -> bool:
        return widget is not None and isValid(widget) and widget is not self.window and self.window.isAncestorOf(widget)

    @guarded
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isValid(self) and self._in_window(new) and new is not None and tab_stop(new):
            self.last = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, self, self.place)  # after Qt gave the focus back where it was
        return False

    def keys_in_sight(self) -> bool:
        focused = QApplication.focusWidget()
        return self._in_window(focused) and focused is not None and tab_stop(focused)

    @guarded
    def place(self) -> None:
        """The keys to the last field that had them, else the home field, when the active window has them on no field."""
        if not self.window.isActiveWindow() or self.keys_in_sight():
            return
        for target in (self.last, self.home(), self.fallback()):
            if target is not None and self._in_window(target) and tab_stop(target):
                target.setFocus(Qt.FocusReason.TabFocusReason)  # as Tab would: its focus frame shows
                return
