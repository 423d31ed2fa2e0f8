"""History: the course's audit entries from the store (who saved what, when), newest first."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..app.audit_words import readable_change, readable_field
from ..store.db import AuditEntry
from .formats import day_text
from .row_table import Index, RowTableModel

COLUMNS = ("When", "Who", "Version", "Field", "From", "To")


class CourseHistoryModel(RowTableModel):
    """The audit entries of one course, newest first; times in `zone` (the department's)."""

    columns = COLUMNS

    def __init__(self, zone: ZoneInfo | None = None) -> None:
        super().__init__()
        self.zone = zone

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(entries))
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry: AuditEntry | None = self.row_at(index.row()) if index.isValid() else None
        if entry is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        at = entry.at.astimezone(self.zone) if self.zone else entry.at.astimezone()
        cells = (f"{day_text(at.date())} {at:%H:%M}", entry.who, str(entry.version), readable_field(entry.field),
                 readable_change(entry.field, entry.old_value), readable_change(entry.field, entry.new_value))
        return cells[index.column()]


class CourseHistoryPanel(QWidget):
    """The History view: what changed in the open course, by whom and when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CourseHistoryModel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list like any other field; the arrow keys move inside it
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.show_entries(None)

    def show_entries(self, entries: list[AuditEntry] | None) -> None:
        """The open course's entries; None when the course is not in the store."""
        self.model.set_entries(entries or [])
        if entries is None:
            self.note.setText("This course is not in the department's store yet: it has no history.")
        else:
            self.note.setText(f"{len(entries)} change{'s' if len(entries) != 1 else ''} saved to the store.")
        self.table.resizeColumnsToContents()
