"""A dialog shows where typing goes as soon as it opens.

Fusion (and the contrast style over it) draws the focus frame of a drop-down list, a check box, a button or a table
only once the keyboard has moved the focus in that window (Qt's WA_KeyboardFocusChange, set by Tab): a dialog opened
with the focus on such a field showed no frame at all, and a coordinator working by keyboard could not see where the
keys would go until pressing Tab. Here a dialog the focus enters (opened, or come back to) counts as reached by the
keyboard, so its focus frame shows from the start. The main window keeps Qt's own rule.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class FocusShownInDialogs(QObject):
    """Marks a dialog as reached by the keyboard when the focus enters it (QApplication.focusChanged)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, old: QWidget | None, now: QWidget | None) -> None:
        if now is None:
            return
        window = now.window()
        if not isinstance(window, QDialog) or (old is not None and old.window() is window):
            return  # not a dialog, or the focus moved inside it (by Tab, Qt marks it itself; by a click, it is left be)
        if not window.testAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange):
            window.setAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
            now.update()

    def remove(self) -> None:
        """Stop marking dialogs (a test puts the application back as it found it)."""
        self.app.focusChanged.disconnect(self._focus_moved)
        self.deleteLater()


def show_focus_in_dialogs(app: QApplication) -> FocusShownInDialogs:
    """Install the rule on the application; once is enough."""
    return FocusShownInDialogs(app)
