"""The Bookings window's 'Waiting to start' page: the waiting list under a line to find a patient in it and to show only
the courses not booked yet, and how many courses there are and how many wait to be booked.

A busy department has hundreds of courses on the list (every course until its first fraction, booked or not) and a
handful still to book, sorted among them by due date: without the line, the few to book sit below the 400 booked ones."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.text import counted
from .department_views import WaitingList

FIND_HINT = "Part of a patient's name or hospital number: only the courses that match are listed (Down or Enter goes to them)"
UNBOOKED_HINT = "Only the courses not booked on a machine yet: those Enter or Ctrl+B books"


class WaitingPage(QWidget):
    """The find line (a search field, 'Not booked only', the count) above the waiting list."""

    def __init__(self, waiting: WaitingList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.waiting = waiting
        self.find = QLineEdit()
        self.find.setPlaceholderText("Name or hospital no.")
        self.find.setClearButtonEnabled(True)
        self.find.setToolTip(FIND_HINT)
        self.find.setAccessibleName("Find a course waiting to start")
        label = QLabel("&Find:")
        label.setBuddy(self.find)
        self.unbooked = QCheckBox("&Not booked only")
        self.unbooked.setToolTip(UNBOOKED_HINT)
        self.count = QLabel()
        self.count.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QHBoxLayout()
        line.setContentsMargins(6, 4, 6, 0)
        line.addWidget(label)
        line.addWidget(self.find, 1)
        line.addWidget(self.unbooked)
        line.addWidget(self.count, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(waiting, 1)
        self.find.textChanged.connect(self._filter)
        self.unbooked.toggled.connect(self._filter)
        self.find.installEventFilter(self)
        waiting.listed.connect(self.show_count)
        self.show_count()

    def _filter(self, *_: object) -> None:
        self.waiting.set_filter(self.find.text(), self.unbooked.isChecked())

    def show_count(self, *_: object) -> None:
        """'415 courses, 15 not booked' (every course waiting); filtered: 'showing 3 of 415 courses, 15 not booked'."""
        every = self.waiting.all_courses
        unbooked = sum(1 for course in every if course.booked_first is None and not course.unreadable)
        words = f"{counted(len(every), 'course')}, {unbooked} not booked"
        if len(self.waiting.courses) != len(every):
            words = f"showing {len(self.waiting.courses)} of {words}"
            words = words[:1].upper() + words[1:]
        self.count.setText(words)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Down or Enter in the find field: the keys go to the list, on the first course found (Enter again books it);
        Escape clears what was typed."""
        if watched is self.find and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.waiting.courses:
                self.waiting.setFocus(Qt.FocusReason.TabFocusReason)
                self.waiting.setCurrentCell(0, 0)
                self.waiting.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.find.text():
                self.find.clear()
                return True
        return False
