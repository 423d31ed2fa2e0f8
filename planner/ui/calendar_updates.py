"""The Bookings window's list of calendars still owed: the patients whose exported calendar a
re-booking, a move, a closure, unbooking, cancelling, reinstating or a course saved changed and who were not given
the update yet, and writing those updates into a folder (each then leaves the list, as it does when the course is exported again)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ..app.booking import BookingDesk, CalendarUpdate, OutdatedCalendar
from ..app.store_words import store_words
from ..core.agenda import initials
from ..core.errors import InputError
from ..core.text import counted
from ..store.db import StoreError
from ..store.db.stored_spec import NEWER_TAIL
from .booking_dialogs import (
    buddy_label,
    changes_words,
    follow_changes,
    left_out_of_updates,
    not_written_words,
    plain_table,
    written_words,
)
from .guard import guarded
from .shown_names import shown_name

COLUMNS = ("Patient", "Hospital number", "What changed")
NOTHING_LEFT = "nothing now (back as exported)"  # moved and put back: writing the updates takes it off the list
NONE_OWED = "No patient is owed a calendar update."  # true too before any calendar was exported


def owed_words(count: int) -> str:
    """The list's heading: how many patients are owed an update, and why."""
    if not count:
        return NONE_OWED
    who = "1 patient's" if count == 1 else f"{count} patients'"
    return (f"{who} exported calendar changed since they were given it (a machine down, a closure, a move, a "
            "re-optimisation, unbooking, cancelling, reinstating or a course saved). Write the updates and give each patient theirs; exporting a "
            "course again does it too.")


DAMAGED_WORDS = "damaged: repair it first"  # a course an older version stored damaged: its update waits for the repair


class OutdatedCalendars(QWidget):
    """The calendars still owed, from the store each time it is drawn; `countChanged` says how many
    (the window's tab names the number), `said` what was written (for the status line)."""

    countChanged = Signal(int)
    said = Signal(str)

    def __init__(self, desk: BookingDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.calendars: list[OutdatedCalendar] = []
        self.changes: dict[str, int] | None = None  # events changed by course; None until read (when the tab is shown)
        self.change_texts: dict[str, tuple[str, ...]] = {}  # and each change in words, for the cell's tooltip
        self.left_out: list[CalendarUpdate] = []  # the updates read whose discreet calendar leaves a reminder out
        self.damaged: dict[str, str] = {}  # a course stored damaged: why and how to repair it (its update is not written)
        self.discreet = False
        self.heading = QLabel(NONE_OWED)
        self.heading.setWordWrap(True)
        self.table = plain_table(COLUMNS, [])
        self.table.setAccessibleName("Calendars to update")
        self.write_button = QPushButton("&Write calendar updates…")
        self.write_button.setToolTip("Write each listed patient's updated calendar (.ics, with a raised SEQUENCE) into a folder")
        self.write_button.clicked.connect(self.choose_folder)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # above Write calendar updates…: what the discreet updates listed leave out, said before they are written
        self.left_out_said = QLabel()
        self.left_out_said.setWordWrap(True)
        self.left_out_said.setTextFormat(Qt.TextFormat.PlainText)  # patients' names and the catalogue's words as written
        self.left_out_said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.write_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.table_label = buddy_label("Patients &owed an update", self.table)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        self.changes_said = QLabel()  # the chosen patient's changes, under the list
        self._say_changes = follow_changes(self.table, 2, self.changes_said)
        layout.addWidget(self.changes_said)
        layout.addWidget(self.left_out_said)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(0)  # with no table the words stay together at the top, not spread down the page
        self._fill()

    def refresh(self) -> None:
        """Read the list again (InputError or StoreError for the window to say)."""
        self.calendars = self.desk.outdated_calendars()
        self.changes, self.change_texts, self.left_out = None, {}, []
        if self.isVisible():
            self._count_changes()
        self._fill()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The changes counted when the tab is shown, not on every redraw of the window (each builds the calendars)."""
        super().showEvent(event)
        if self.changes is None and self.calendars:
            self._count_changes()
            self._fill()

    def _count_changes(self) -> None:
        """How many events of each calendar changed, as the re-booking report and `calendar-updates` say."""
        try:
            updates = self.desk.outdated_updates([c.course_id for c in self.calendars])
        except (InputError, StoreError) as exc:
            self.status.setText(f"Could not read what changed: {exc}" if isinstance(exc, InputError) else
                                f"Could not read what changed. {store_words(exc, self.desk.store.display_url)}")
            self.changes = {}
            return
        self.changes = {u.course_id: u.changed for u in updates}
        self.change_texts = {u.course_id: u.changes for u in updates}
        self.left_out = [u for u in updates if u.left_out]
        self.damaged = self.desk.damaged_owed()
        if self.damaged and not self.status.text():  # what was said of a write stays (it names the damaged one too)
            self.status.setText(self._damaged_words())

    def _damaged_words(self) -> str:
        return " ".join(f"{words}." if words.endswith(NEWER_TAIL) else f"{words}; its update is written once it is repaired."
                        for _, words in sorted(self.damaged.items()))

    def changed_words(self, course_id: str) -> str:
        """'2 changes' (events moved or cancelled since the patient's calendar was exported); empty until read."""
        if self.changes is None:
            return ""
        if course_id in self.damaged:
            return DAMAGED_WORDS
        changed = self.changes.get(course_id, 0)
        return counted(changed, "change") if changed else NOTHING_LEFT

    def set_discreet(self, discreet: bool) -> None:
        """Initials only and no hospital number, as every tab of the window in a treatment room."""
        self.discreet = discreet
        self.table.setColumnHidden(1, discreet)
        self._fill()

    def _fill(self) -> None:
        rows = [(initials(c.patient) if self.discreet else c.patient or "(no name)", c.hospital_number,
                 self.changed_words(c.course_id)) for c in self.calendars]
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            texts = self.change_texts.get(self.calendars[row].course_id, ())
            cell = self.table.item(row, 2)
            if cell is not None and texts and not self.discreet:  # what to tell the patient, in the diff's words
                cell.setToolTip(changes_words(texts))
                cell.setData(Qt.ItemDataRole.AccessibleDescriptionRole, changes_words(texts))  # a screen reader hears them
        self._say_changes()
        listed = {c.course_id for c in self.calendars}
        self.left_out_said.setText(left_out_of_updates([u for u in self.left_out if u.course_id in listed], self.discreet))
        self.left_out_said.setVisible(bool(self.left_out_said.text()))
        self.heading.setText(owed_words(len(rows)))
        self.table.setVisible(bool(rows))
        self.table_label.setVisible(bool(rows))
        self.write_button.setEnabled(bool(rows))
        self.countChanged.emit(len(rows))

    @guarded
    def choose_folder(self) -> None:
        from .start_folder import choose_update_folder

        folder = choose_update_folder(self)
        if folder is not None:
            self.write_to(folder)

    def write_to(self, folder: Path) -> None:
        """Write every listed update into `folder`; those written leave the list."""
        try:
            written = self.desk.write_outdated(folder, [c.course_id for c in self.calendars])
        except (OSError, StoreError, InputError) as exc:
            if isinstance(exc, StoreError):
                said = f"Could not write the updates into {shown_name(folder)}. {store_words(exc, self.desk.store.display_url, undone='')}"
            elif isinstance(exc, OSError):
                said = not_written_words(exc, folder, self.discreet)
            else:
                said = f"Could not write the updates into {shown_name(folder)}: {exc}"
            self.status.setText(said)
            self._reread()
            return
        self.status.setText(" ".join(filter(None, (written_words(written, folder, self.discreet),  # each file by name
                                                   left_out_of_updates(written, self.discreet), self._damaged_words()))))
        self.said.emit(written_words(written, folder, discreet=True))  # the window's status line: one short line
        self._reread()

    def _reread(self) -> None:
        try:
            self.refresh()
        except (InputError, StoreError) as exc:
            self.status.setText(str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
