"""An Alt+letter that no Alt shortcut of the window uses types nothing: Qt would insert the letter
into the field with the keys ('Mon 23 Nov 2026w' in a date field, 'nAnn' in a name), which a
coordinator reaching for a label's Alt letter does not see until the patient's calendar shows it."""

from __future__ import annotations

import sys

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

_TYPED_INTO = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit)


class AltLettersKeptOut(QObject):
    """Swallows a key press with Alt (without Ctrl: AltGr on Windows is Ctrl+Alt) whose text would be typed
    into a field. A matching shortcut never reaches it: Qt gives shortcuts the keys first."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, _TYPED_INTO):
            return False
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers()
        text = event.text()
        return bool(modifiers & QtCore.Qt.KeyboardModifier.AltModifier and not modifiers & QtCore.Qt.KeyboardModifier.ControlModifier
                    and text and text.isprintable())


def keep_alt_letters_out(app: QApplication) -> AltLettersKeptOut | None:
    """Install the filter on the application (not on macOS, where Option+letter types accented letters and signs)."""
    if sys.platform == "darwin":
        return None
    guard = AltLettersKeptOut(app)
    app.installEventFilter(guard)
    return guard
