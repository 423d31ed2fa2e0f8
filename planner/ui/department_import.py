"""Department → Import department file…: choose a department file (clinic, calendar, closures,
machines with their hours and capabilities, downtime), see what it holds, import it. The file is
read and refused by the same use case as the command line's `department import`
(planner.app.department_import); a refusal is said under the file's field, a department already in
the store is replaced only after a question."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..app.department_import import (
    DepartmentImportError,
    DepartmentRead,
    DowntimeOverBookings,
    downtime_span,
    import_department,
    read_department_file,
)
from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.department import Department, kept_downtime
from ..core.text import printable
from ..store.db import Store, StoreError
from .course_form import FieldError
from .dialog_fit import fit_height
from .guard import guarded

FILE_FILTER = "Department file (*.toml);;All files (*)"
INTRO = ("A department file (TOML) holds the clinic's name, address and phone, its time zone, treatment days, "
         "holidays and closures, the machines with their hours and capabilities, and planned downtime.")


def department_words(department: Department) -> str:
    """'Riverside Cancer Centre (Europe/London): 4 machines, 2 closures'."""
    return (f"{department.name} ({department.timezone}): {len(department.machines)} machine"
            f"{'s' if len(department.machines) != 1 else ''}, {len(department.closures)} closure"
            f"{'s' if len(department.closures) != 1 else ''}")


def kept_words(old: Department, new: Department) -> str:
    """' (Linac 2 down 30 Nov 08:00–13:00 is kept)': the recorded downtime the file does not hold."""
    kept = kept_downtime(old.downtime, new)
    if not kept:
        return ""
    shown = "; ".join(f"{d.machine} down {downtime_span(d)}" for d in kept[:3])
    more = f" and {len(kept) - 3} more" if len(kept) > 3 else ""
    return f" ({shown}{more} {'is' if len(kept) == 1 else 'are'} kept)"


class DepartmentImportDialog(QDialog):
    """On success `imported` is the department now in the store."""

    def __init__(self, store: Store, catalogue: Catalogue, holidays: HolidaySource | None = None, folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.catalogue = catalogue
        self.holidays = holidays
        self.folder = folder
        self.read: DepartmentRead | None = None
        self._read_text = ""  # the path `read` (or its refusal) belongs to
        self._refusal = ""  # why the file at `_read_text` cannot be imported ("" when it could be read)
        self.imported: Department | None = None
        self.setWindowTitle("Import department")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("e.g. riverside.toml")
        self.path.setToolTip("Type the file's path and press Enter to read it, or choose it with Browse")
        self.path.installEventFilter(self)
        self.path.editingFinished.connect(self.read_file)
        self.path.textEdited.connect(self._refusal_for_path)
        self.browse = QPushButton("&Browse…")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.choose_file)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        label = QLabel("&File:")
        label.setBuddy(self.path)
        self.file_error = FieldError()
        column = QWidget()
        under = QVBoxLayout(column)
        under.setContentsMargins(0, 0, 0, 0)
        under.setSpacing(2)
        under.addWidget(holder)
        under.addWidget(self.file_error)
        form = QFormLayout()
        form.addRow(label, column)
        self.preview = QLabel()  # what the file holds, once read
        self.preview.setWordWrap(True)
        self.preview.hide()
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = FieldError("warning")
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.error = FieldError()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.notes)
        layout.addWidget(self.current)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.import_button.setDefault(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 90)
        self._show_current()
        self.path.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the file's field reads a newly typed path first (and shows it); the next Enter imports."""
        if (watched is self.path and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.path.text().strip() != self._read_text):
            self.read_file()
            return True
        return False

    def _refusal_for_path(self, text: str) -> None:
        """A refusal stays under the field only while the field names the file it is about."""
        self.file_error.show_message(self._refusal if text.strip() == self._read_text else "")

    def _show_current(self) -> None:
        try:
            old = self.store.department()
        except StoreError as exc:
            said = printable(str(exc))
            self.current.setText(f"{said[:1].upper()}{said[1:]}. Importing a file replaces the department's settings; courses, "
                                 "bookings and the recorded downtime that still reads stay.")
            return
        if old is None:
            self.current.setText("The store has no department yet.")
        else:
            self.current.setText(f"Importing replaces the department in the store: {printable(department_words(old))}. "
                                 "Its courses, bookings and recorded downtime stay.")

    @guarded
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import department", self.folder, FILE_FILTER)
        if name:
            self.path.setText(name)
            self.read_file()
            self.path.setFocus()

    def read_file(self) -> None:
        """Read the file named in the field: what it holds, or why it cannot be imported (under the field)."""
        text = self.path.text().strip()
        if text == self._read_text:
            return
        self._read_text = text
        self._refusal = ""
        self.read = None
        self.preview.clear()
        self.preview.hide()
        self.notes.show_message("")
        self.error.show_message("")
        if not text:
            self.file_error.show_message("")
            self.import_button.setEnabled(False)
            return
        try:
            self.read = read_department_file(Path(text).expanduser(), self.holidays, self.catalogue)
        except DepartmentImportError as exc:
            self._refusal = f"File: {printable(str(exc))}"
            self.file_error.show_message(self._refusal)
            self.import_button.setEnabled(False)
            return
        self.file_error.show_message("")
        department = self.read.department
        self.preview.setText(f"{printable(department_words(department))}, {len(department.downtime)} downtime period"
                             f"{'s' if len(department.downtime) != 1 else ''}.\n{printable(self.read.roles)}.\n"
                             f"Booking: {department.booking.summary()}.")
        self.preview.show()
        self.notes.show_message("\n".join(f"Note: {printable(note)}." for note in self.read.notes))
        fit_height(self)
        self.import_button.setEnabled(True)

    @guarded
    def import_now(self) -> None:
        self.read_file()
        if self.read is None:
            self.path.setFocus()
            return
        new = self.read.department
        try:
            old = self.store.department()
        except StoreError as exc:
            answer = QMessageBox.question(
                self, "Replace the department?",
                f"The department's settings in the store cannot be read ({printable(str(exc))}).\n\n"
                f"Replace them with {printable(department_words(new))} from {printable(Path(self._read_text).name)}? "
                "Courses, bookings and the recorded downtime that still reads stay.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
            old = None
        if old is not None:
            answer = QMessageBox.question(
                self, "Replace the department?",
                f"The store already holds the department {printable(department_words(old))}.\n\n"
                f"Replace its settings with {printable(department_words(new))} from {printable(Path(self._read_text).name)}? "
                f"Courses, bookings and recorded downtime stay{kept_words(old, new)}.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            stored = import_department(self.store, new)
        except DowntimeOverBookings as exc:
            self.error.show_message(f"{exc}. Record it with Department → Bookings… → Machine down…, which re-books them and "
                                    "writes their calendar updates, then import the file again.")
            return
        except (DepartmentImportError, StoreError) as exc:
            self.error.show_message(f"Not imported: {printable(str(exc))}")
            return
        self.imported = stored
        self.accept()
