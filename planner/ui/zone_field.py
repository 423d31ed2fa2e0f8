"""A time zone typed or picked, checked where it is typed.

An IANA zone name is typed in part ("lond") and picked from the matches, or chosen from the list.
What is not a zone is said beside the field when the coordinator leaves it or presses Enter, and
the message goes as soon as the text is a zone again. Enter accepts the completion and, on a good
zone, moves on to the next field: it never presses the dialog's default button (Save closed the
whole dialog on the Enter that was meant to accept "Europe/London" from the list).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ..core.zones import listed_zones
from ..wording import unknown_zone


class ZoneField(QComboBox):
    """`problemChanged(str)`: the reason the typed text is not a time zone, or "" once it is one (or empty,
    when `empty_means` says what an empty field stands for)."""

    problemChanged = Signal(str)

    def __init__(self, zone: str = "", empty_means: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a typo never joins the list
        self.empty_means = empty_means
        self.problem = ""
        zones = listed_zones()
        self._by_folded = {name.casefold(): name for name in zones}
        if empty_means:
            self.addItem("")
        self.addItems(zones)
        completer = QCompleter(zones, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "york" finds America/New_York
        self.setCompleter(completer)
        self.setCurrentText(zone)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(empty_means or "e.g. Europe/London")
        line.editingFinished.connect(self.check)
        line.textEdited.connect(self._typed)
        self.activated.connect(lambda _index: self.check())

    def zone(self) -> str:
        """The zone as IANA spells it ("europe/london" typed gives Europe/London); "" for an empty field."""
        text = self.currentText().strip()
        return self._by_folded.get(text.casefold(), text)

    def zone_problem(self) -> str:
        """Why the text is not a time zone; "" when it is one (or is empty and may be)."""
        text = self.currentText().strip()
        if not text and self.empty_means:
            return ""
        if text.casefold() in self._by_folded:
            return ""
        if not text:
            return "Choose a time zone, e.g. Europe/London"
        return unknown_zone(text)

    def check(self) -> str:
        """Show the zone as IANA spells it, and say what is wrong with it; returns the problem ("" when none)."""
        problem = self.zone_problem()
        if not problem and self.zone() != self.currentText():
            self.setCurrentText(self.zone())
        self._set_problem(problem)
        return problem

    def _typed(self) -> None:
        """While typing, no message appears; one shown goes as soon as the text is a zone."""
        if self.problem and not self.zone_problem():
            self._set_problem("")

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.problemChanged.emit(problem)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter checks the zone and, when it is one, goes on to the next field; it goes no further (no Save)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.completer().popup() if self.completer() is not None else None
            if popup is not None and popup.isVisible():  # the completer takes it first; this is for safety
                popup.hide()
            if not self.check():
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)
