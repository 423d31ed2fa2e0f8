"""History: the course's audit entries from the store (who saved what, when), newest first.

In a dock too narrow for a column each (at 1024 px, and the dock's first width at 1366 px) the list
folds as the Patients list does (folded_rows.py) into two columns of two lines: the field over when
and who, the old value over the new, each line elided; the tooltips and accessible texts give the
whole row, version too.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..app.audit_words import readable_change, readable_field
from ..core.clinic import HolidaySource
from ..store.db import AuditEntry
from .as_written import as_written
from .folded_rows import FoldedDelegate, show_folded
from .formats import date_text, day_text
from .row_table import Index, RowTableModel

COLUMNS = ("When", "Who", "Version", "Field", "From", "To")
FOLDED = {3: 0, 4: 5}  # each column shown while folded and the one under it (who goes with when)
FOLDED_HEADINGS = {3: "Field\nWhen, who", 4: "From\nTo"}
MARGIN = 16  # a cell's text and its margins


class CourseHistoryModel(RowTableModel):
    """The audit entries of one course, newest first; times in `zone` (the department's), holiday regions
    named as `holidays` names them."""

    columns = COLUMNS
    folded_under = FOLDED

    def __init__(self, zone: ZoneInfo | None = None, holidays: HolidaySource | None = None) -> None:
        super().__init__()
        self.zone = zone
        self.holidays = holidays
        self.folded = False

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(entries))
        self.endResetModel()

    def set_folded(self, folded: bool) -> None:
        if folded != self.folded:
            self.folded = folded
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if self.folded and role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and section in FOLDED_HEADINGS:
            return FOLDED_HEADINGS[section]
        return super().headerData(section, orientation, role)

    def cells(self, row: int) -> tuple[str, ...]:
        """The row's six cells as a column each shows them."""
        entry: AuditEntry | None = self.row_at(row)
        if entry is None:
            return ("",) * len(COLUMNS)
        at = entry.at.astimezone(self.zone) if self.zone else entry.at.astimezone()
        return (f"{day_text(at.date())} {at:%H:%M}", entry.who, str(entry.version), readable_field(entry.field),
                readable_change(entry.field, entry.old_value, self.holidays),
                readable_change(entry.field, entry.new_value, self.holidays))

    def folded_lines(self, row: int, column: int) -> tuple[str, str]:
        """A folded cell's two lines: the field over when (no weekday) and who; the old value over the new."""
        cells = self.cells(row)
        if column == 3:
            entry: AuditEntry | None = self.row_at(row)
            if entry is None:
                return "", ""
            at = entry.at.astimezone(self.zone) if self.zone else entry.at.astimezone()
            return cells[3], f"{date_text(at.date())} {at:%H:%M}, {cells[1]}"
        return cells[column], cells[FOLDED[column]] if column in FOLDED else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self._data(index, role)
        return as_written(found) if role == Qt.ItemDataRole.ToolTipRole else found

    def _data(self, index: Index, role: int) -> Any:
        if not index.isValid() or self.row_at(index.row()) is None:
            return None
        cells = self.cells(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.row_words(cells) if self.folded else cells[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole and self.folded and index.column() in FOLDED:
            when, who, version, field, old, new = cells
            return (f"{field}, {when}, by {who}, version {version}" if index.column() == 3
                    else f"from {old or 'nothing'} to {new or 'nothing'}")
        return None

    @staticmethod
    def row_words(cells: tuple[str, ...]) -> str:
        """The whole row, for a folded row's tooltip: its lines may be elided."""
        when, who, version, field, old, new = cells
        change = f": {old or '(none)'} → {new or '(none)'}" if old or new else ""
        return f"{field}{change}\n{when}, {who}, version {version}"


class CourseHistoryPanel(QWidget):
    """The History view: what changed in the open course, by whom and when."""

    def __init__(self, parent: QWidget | None = None, holidays: HolidaySource | None = None) -> None:
        super().__init__(parent)
        self.model = CourseHistoryModel(holidays=holidays)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list like any other field; the arrow keys move inside it
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(self._row_height)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(FoldedDelegate(self.model, self.table))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)
        self._widths: list[int] = []  # each column's own width (its widest cell and heading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.show_entries(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def show_entries(self, entries: list[AuditEntry] | None) -> None:
        """The open course's entries; None when the course is not in the store."""
        self.model.set_entries(entries or [])
        if entries is None:
            self.note.setText("This course is not in the department's store yet: it has no history.")
        else:
            self.note.setText(f"{len(entries)} change{'s' if len(entries) != 1 else ''} saved to the store.")
        metrics, heading = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        rows = [self.model.cells(row) for row in range(self.model.rowCount())]
        self._widths = [max([heading.horizontalAdvance(title) + 2 * MARGIN,
                             *(metrics.horizontalAdvance(cells[column]) + MARGIN for cells in rows)])
                        for column, title in enumerate(COLUMNS)]
        self.fit_columns()

    def fit_columns(self) -> None:
        """A column each when they fit the dock; else folded, the values taking what the others leave."""
        if not self._widths:
            return
        view = self.table.viewport().width()
        folded = sum(self._widths) > view
        self.model.set_folded(folded)
        show_folded(self.table, FOLDED, folded, self._row_height)
        self.table.horizontalHeader().setStretchLastSection(not folded)  # folded: the widths below fill the view exactly
        if not folded:
            for column, width in enumerate(self._widths):
                self.table.setColumnWidth(column, width)
            return
        heading, metrics = self.table.horizontalHeader().fontMetrics(), self.table.fontMetrics()
        lines = {column: max(heading.horizontalAdvance(line) + 2 * MARGIN for line in FOLDED_HEADINGS[column].split("\n"))
                 for column in FOLDED}
        rows = [self.model.folded_lines(row, 3) for row in range(self.model.rowCount())]
        wanted = {3: max([lines[3], *(metrics.horizontalAdvance(line) + MARGIN for pair in rows for line in pair)]),
                  4: max(self._widths[4], self._widths[5], lines[4])}
        # The field and when whole if they take no more than three fifths; the values take the rest, elided if need be
        field = min(wanted[3], max(lines[3], view * 3 // 5, view - wanted[4]))
        widths = {3: field, 4: max(lines[4], view - field)}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
