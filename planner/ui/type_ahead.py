"""A drop-down list that picks a name from its first letters as they were typed. Qt's own search starts over
when the box gets to a letter more than the keyboard's pause after the last one; choosing a country fills its
regions and plans the course again, which on a fresh start takes longer than that pause, so "United" typed
quickly in the Holidays list landed on "Nicaragua". Here the letters are told apart by when they were typed."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier  # still just typing


class TypeAheadCombo(QComboBox):
    """A closed, not editable drop-down list: the letters typed within the keyboard's pause of each other
    choose the first name that starts with them (a space between them too: "United K"); the same letter again
    goes to the next name with that letter, as in Qt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = ""
        self.typed_at = 0  # when its last letter was typed, in ms

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if (self.isEditable() or len(text) != 1 or not text.isprintable() or event.modifiers() & ~_PLAIN
                or not self.type_letter(text, event.timestamp())):
            super().keyPressEvent(event)
            return
        event.accept()

    def type_letter(self, text: str, when: int) -> bool:
        """`text` typed at `when` (the event's time, in ms; 0 when the event has none) added to the letters before
        it when they came within the keyboard's pause; False for a Space that starts nothing (Qt's to handle)."""
        when = when or int(time.monotonic() * 1000)
        continuing = bool(self.typed) and 0 <= when - self.typed_at < QApplication.keyboardInputInterval()
        if text == " " and not continuing:
            return False
        typed = self.typed + text if continuing else text
        self.typed, self.typed_at = typed, when
        same = len(typed) > 1 and typed.casefold() == typed[0].casefold() * len(typed)
        wanted = (typed[0] if same else typed).casefold()
        current, rows = self.currentIndex(), self.count()
        first = current if continuing and not same else current + 1  # a longer start may still be the name shown
        for step in range(rows):
            row = (first + step) % rows
            if self.itemText(row).casefold().startswith(wanted):
                if row != current:
                    self.setCurrentIndex(row)
                    self.activated.emit(row)
                break
        return True
