"""A save that lost the race: who changed the course, when and what, beside the user's own version.

Nothing is lost: the user's version stays open. They may compare it with the store's, keep it
open to re-apply by hand, or save their changes on top of the other one (the fields only the other
coordinator changed keep that coordinator's values).
"""

from __future__ import annotations

from enum import Enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..app.stored_courses import Difference
from ..store.db import ConflictDetails
from .formats import day_text

THEIRS_KEPT = "not changed by you: theirs is kept"  # a field only they changed, which saving mine leaves as they saved it


class ConflictChoice(Enum):
    KEEP_MINE_OPEN = "keep"
    SAVE_MINE = "save"
    OPEN_THEIRS = "theirs"


class SaveConflictDialog(QDialog):
    """Says who saved first and shows each field on which the two versions differ."""

    def __init__(self, details: ConflictDetails, differences: list[Difference], zone: ZoneInfo | None = None,
                 parent: QWidget | None = None, *, cancelled: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("The course was cancelled by someone else" if cancelled else "The course was changed by someone else")
        self.choice = ConflictChoice.KEEP_MINE_OPEN
        when = details.changed_at.astimezone(zone) if zone else details.changed_at.astimezone()
        changed = ", ".join(details.fields) if details.fields else "no field"
        if cancelled:  # a cancelled course is not changed: saving on top of it could only be refused
            self.message = QLabel(
                f"Your changes were not saved: {details.changed_by} cancelled this course at {day_text(when.date())} "
                f"{when:%H:%M %Z} (treatment stopped; its coming bookings were released). A cancelled course is not changed: "
                "if it was cancelled by mistake, open theirs and reinstate it (Department → Reinstate course…), then make "
                "your changes again.\nYour version is still open. Compare it with theirs below.")
        else:
            self.message = QLabel(
                f"Your changes were not saved: {details.changed_by} saved this course at {day_text(when.date())} {when:%H:%M %Z} "
                f"(version {details.version}; changed: {changed}).\nYour version is still open. Compare it with theirs below.")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # who saved it is the store's word: never taken as markup
        self.table = QTableWidget(len(differences), 3)
        self.table.setHorizontalHeaderLabels(["Field", "In the store now", "Your version"])
        for row, difference in enumerate(differences):
            mine = difference.mine if difference.mine_changed else THEIRS_KEPT
            for column, text in enumerate((difference.field, difference.theirs, mine)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox()
        keep = buttons.addButton("Keep mine open", QDialogButtonBox.ButtonRole.RejectRole)
        save = buttons.addButton("Save my changes on top of theirs", QDialogButtonBox.ButtonRole.AcceptRole)
        theirs = buttons.addButton("Open theirs (drop mine)", QDialogButtonBox.ButtonRole.DestructiveRole)
        keep.clicked.connect(lambda: self._choose(ConflictChoice.KEEP_MINE_OPEN))
        save.clicked.connect(lambda: self._choose(ConflictChoice.SAVE_MINE))
        theirs.clicked.connect(lambda: self._choose(ConflictChoice.OPEN_THEIRS))
        keep.setDefault(True)
        save.setVisible(not cancelled)
        self.save_button = save
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        if choice is ConflictChoice.KEEP_MINE_OPEN:
            self.reject()
        else:
            self.accept()
