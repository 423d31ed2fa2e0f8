"""Department settings: clinic details, closures, machines with hours and capabilities, and downtime,
each an editable table, and the booking rules, a form; saved as one `Department` through the caller
(the store)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..app.booking import BookingDesk, CalendarUpdate, SlotTaken
from ..app.department_import import downtime_span
from ..app.department_tables import (
    CLOSURE_COLUMNS,
    DETAIL_KEYS,
    DETAIL_LABELS,
    DOWNTIME_COLUMNS,
    MACHINE_COLUMNS,
    DepartmentTables,
    cell_words,
    department_from_tables,
    tables_from_department,
)
from ..booking.model import ClosureReport
from ..core.clinic import HolidaySource
from ..core.department import Department, DepartmentFileError
from ..core.errors import InputError
from ..core.text import counted
from ..store.db import DowntimeHitsBookings, StoreError
from .booking_rules_form import BookingRulesForm
from .course_form import FieldError
from .text_table import TextTableModel

HINTS = {
    "Clinic": "Treatment days as mon,tue,wed,thu,fri; public holidays as a region code such as US-NY or GB-ENG.",
    "Closures": "Days the whole clinic is closed, as YYYY-MM-DD, with a name such as 'Staff training day'.",
    "Machines": "Capabilities are words such as vmat, sbrt, dibh, srs; ct: a CT simulator (planning scans), room: a clinic room "
                "(reviews); opening hours per weekday as 07:30-19:00 (empty: closed).",
    "Downtime": "Planned QA or service, local time as YYYY-MM-DDTHH:MM; the machine as named under Machines.",
}


def _shipped_capabilities() -> frozenset[str]:
    """The words the shipped catalogue asks for, when the caller names no catalogue."""
    from ..app.catalogues import catalogue_at
    from ..app.machine_roles import ROLE_WORDS, known_capabilities
    from ..core.errors import CatalogueError

    try:
        return known_capabilities(catalogue_at(""))
    except CatalogueError:
        return ROLE_WORDS


class DepartmentDialog(QDialog):
    """Edits a copy of the department; `save` is called with the checked result and may raise to refuse it."""

    def __init__(self, department: Department, save: Callable[[Department], None], parent: QWidget | None = None,
                 known_capabilities: frozenset[str] | None = None, desk: BookingDesk | None = None,
                 holidays: HolidaySource | None = None) -> None:
        """`desk`: the booking desk on the same store; with it, new closures over booked days that the store
        refuses are offered as "Close and re-book" (the closure with the re-booking of their patients).
        `holidays`: where the public holidays region is checked (else the holidays package itself)."""
        super().__init__(parent)
        self.setWindowTitle("Department settings")
        self._save = save
        self.desk = desk
        self.holidays = holidays
        self._closed_before = {day for day, _ in department.closures}
        self.closing: list[tuple[date, str]] = []  # the new closures over booked days offered for closing
        self.closure: tuple[ClosureReport, list[CalendarUpdate]] | None = None  # once closed and re-booked here
        self._known = known_capabilities if known_capabilities is not None else _shipped_capabilities()
        self.capability_note = FieldError("warning")  # under the machines: words no catalogue entry asks for
        self.result_department: Department | None = None
        tables = tables_from_department(department)
        self.details = TextTableModel(("Value",), [[tables.details[key]] for key in DETAIL_KEYS], row_labels=DETAIL_LABELS)
        self.closures = TextTableModel(CLOSURE_COLUMNS, tables.closures)
        self.machines = TextTableModel(MACHINE_COLUMNS, tables.machines)
        self.downtime = TextTableModel(DOWNTIME_COLUMNS, tables.downtime)
        self.booking = BookingRulesForm(department.booking)
        self.tabs = QTabWidget()
        self.views: dict[str, QTableView] = {}
        for title, label, model in (("Clinic", "&Clinic", self.details), ("Closures", "C&losures", self.closures),
                                    ("Machines", "&Machines", self.machines), ("Downtime", "&Downtime", self.downtime)):
            self.tabs.addTab(self._page(title, model), label)  # one Alt letter each: Clinic has C, so Closures takes L
        self.tabs.addTab(self.booking, "&Booking")
        self.machines.dataChanged.connect(self._note_capabilities)
        self.machines.rowsRemoved.connect(self._note_capabilities)
        self._note_capabilities()
        self.error = FieldError()
        self.close_button = QPushButton()
        self.close_button.setToolTip("Record the new closures now and re-book every appointment on those days (as Department "
                                     "closed… in the Bookings window), then save the settings")
        self.close_button.clicked.connect(self.close_and_rebook)
        self.close_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        offer = QHBoxLayout()
        offer.addWidget(self.close_button)
        offer.addStretch(1)
        layout.addLayout(offer)
        layout.addWidget(buttons)
        self.resize(980, 520)

    def _page(self, title: str, model: TextTableModel) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        hint = QLabel(HINTS[title])
        hint.setWordWrap(True)
        column.addWidget(hint)
        view = QTableView()
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        view.resizeColumnsToContents()
        self.views[title] = view
        column.addWidget(view, 1)
        if title == "Machines":
            column.addWidget(self.capability_note)
        if title != "Clinic":
            row = QHBoxLayout()
            add = QPushButton("Add row")
            add.clicked.connect(lambda: self._add_row(view, model))
            remove = QPushButton("Remove row")
            remove.clicked.connect(lambda: self._remove_row(view, model))
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch(1)
            column.addLayout(row)
        return page

    def _note_capabilities(self, *_: object) -> None:
        """A note per capability word no catalogue entry asks for: a typo would make a clinic room a treatment machine."""
        from ..app.machine_roles import capability_note

        notes = [note for row in self.machines.rows()
                 for note in capability_note(row[0].strip(), [word.lower() for word in cell_words(row[2])], self._known)]
        self.capability_note.show_message("\n".join(f"Note: {note}" for note in notes))

    def _add_row(self, view: QTableView, model: TextTableModel) -> None:
        model.insertRows(model.rowCount(), 1)
        index = model.index(model.rowCount() - 1, 0)
        view.setCurrentIndex(index)
        view.edit(index)

    def _remove_row(self, view: QTableView, model: TextTableModel) -> None:
        rows = sorted({index.row() for index in view.selectionModel().selectedIndexes()}, reverse=True)
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        for row in rows:
            model.removeRows(row, 1)

    def tables(self, booking: dict[str, Any] | None = None) -> DepartmentTables:
        details = {key: row[0] for key, row in zip(DETAIL_KEYS, self.details.rows(), strict=True)}
        return DepartmentTables(details=details, booking=booking or {}, closures=self.closures.rows(),
                                machines=self.machines.rows(), downtime=self.downtime.rows())

    def accept(self) -> None:
        """Check every table; a refusal (or the store's) is shown under the tables and nothing closes."""
        booking = self.booking.values()
        if booking is None:  # the reason is under the field on the Booking page
            self.tabs.setCurrentWidget(self.booking)
            self.error.show_message("")
            return
        try:
            department = department_from_tables(self.tables(booking))
        except DepartmentFileError as exc:
            self.error.show_message(str(exc))
            return
        try:  # a region the holidays package does not know would stop every course from being planned
            department.clinic_calendar(self.holidays)
        except InputError as exc:
            self.tabs.setCurrentIndex(0)
            self.views["Clinic"].setCurrentIndex(self.details.index(DETAIL_KEYS.index("holidays"), 0))
            self.error.show_message(f"Public holidays: {exc.reason}")
            return
        try:
            self._save(department)
        except DowntimeHitsBookings as exc:  # patients booked in it: the machine-down action re-books them
            self.error.show_message(f"Not saved: {exc.down.machine}'s downtime {downtime_span(exc.down)} hits {exc.hit} booked "
                                    f"appointment{'s' if exc.hit != 1 else ''}. Record it with Department → Bookings… → Machine "
                                    "down…, which re-books those patients and says who moved.")
            return
        except (StoreError, InputError, OSError) as exc:  # the store refuses: the user reads why, the dialog stays open
            self.error.show_message(f"Not saved: {exc}")
            self._offer_closing(department)
            return
        self.result_department = department
        super().accept()

    def _offer_closing(self, department: Department) -> None:
        """The new closures on days holding bookings, offered to close with the re-booking of their patients."""
        self.closing = []
        self.close_button.hide()
        if self.desk is None:
            return
        added = [(day, note) for day, note in department.closures if day not in self._closed_before and day >= self.desk.today]
        try:
            booked = self.desk.booked_on(day for day, _ in added)
        except (StoreError, InputError):
            return
        self.closing = [(day, note) for day, note in added if day in booked]
        if not self.closing:
            return
        patients = len(set().union(*booked.values()))
        self.close_button.setText(f"Close and &re-book the {counted(patients, 'affected patient')}")
        self.close_button.show()
        self.close_button.setFocus()  # Enter or Space takes the offer; Save stays a Tab away

    def close_and_rebook(self) -> None:
        """Record the new closures over booked days with every re-booking (all or nothing), then save the settings."""
        if self.desk is None or not self.closing:
            return
        try:
            self.closure = self.desk.close_days(self.closing)
        except SlotTaken as exc:
            self.error.show_message(f"Not closed: someone booked or moved an appointment meanwhile ({exc}); nothing was changed. "
                                    "Save again.")
            self.close_button.hide()
            return
        except (StoreError, InputError) as exc:
            self.error.show_message(f"Not closed: {exc}")
            self.close_button.hide()
            return
        self._closed_before |= {day for day, _ in self.closing}
        moved = len({m.course_id for m in (*self.closure[0].moved, *self.closure[0].appended)})
        self.close_button.hide()
        self.accept()
        if self.result() != QDialog.DialogCode.Accepted:  # the other changes still refused: the closure stands, said first
            self.error.show_message(f"The closures are recorded and {counted(moved, 'patient')} re-booked; the other changes "
                                    f"were not saved. {self.error.text()}")
