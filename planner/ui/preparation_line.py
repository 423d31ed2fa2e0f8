"""The line under the List that shows the chosen appointment's preparation while the list has no
readable width for its Preparation column (a booked course beside the Patients dock on a laptop):
the list then fits without scrolling sideways, and every row's preparation is one click or arrow
key away."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from .formats import day_text
from .list_columns import ListColumns
from .schedule_model import ScheduleTableModel


class PreparationLine(QLabel):
    """Shown only while the Preparation column is hidden; follows the list's current row (the first
    row while none is chosen)."""

    def __init__(self, table: QTableView, columns: ListColumns, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.columns = columns
        self.setObjectName("preparation-line")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Preparation of the chosen appointment")
        self.setContentsMargins(4, 4, 4, 0)
        self.setVisible(False)
        self._tallest: tuple[object, int] = ((), 0)  # (the texts and width measured for, the tallest's height)
        model = table.model()
        model.modelReset.connect(self.refresh)
        model.dataChanged.connect(self.refresh)
        table.selectionModel().currentRowChanged.connect(self.refresh)
        columns.placed.connect(self.refresh)

    def row(self) -> int:
        """The row whose preparation is shown: the current one, else the first."""
        current = self.table.currentIndex()
        return current.row() if current.isValid() else 0

    def refresh(self, *_: object) -> None:
        model = self.table.model()
        if self.columns.wrapping or not isinstance(model, ScheduleTableModel) or model.rowCount() == 0:
            self.setText("")
            self.setVisible(False)
            return
        self.setText(self.words(model, self.row()))
        self.setVisible(True)
        self.setMinimumHeight(self.tallest(model))

    def tallest(self, model: ScheduleTableModel) -> int:
        """The height of the tallest row's words at the line's width now, so that the list keeps its height
        while the arrow keys go from a fraction to a review."""
        rows: dict[str, int] = {}  # each preparation's first row
        for row in range(model.rowCount()):
            rows.setdefault(model.preparation_lines(row), row)
        key = (tuple(rows), self.width())
        if self._tallest[0] != key:
            sample = QLabel()
            sample.setFont(self.font())
            sample.setWordWrap(True)
            sample.setTextFormat(Qt.TextFormat.RichText)
            sample.setContentsMargins(self.contentsMargins())
            height = 0
            for row in rows.values():
                sample.setText(self.words(model, row))
                height = max(height, sample.heightForWidth(self.width()))
            self._tallest = (key, height)
        return self._tallest[1]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.isVisible() and event.size().width() != event.oldSize().width():
            self.refresh()

    @staticmethod
    def words(model: ScheduleTableModel, row: int) -> str:
        """'Preparation for Radiotherapy 3 of 20, Wed 9 Dec 2026:' and each timed step on its own line."""
        appointment = model.appointment(row)
        if appointment is None:
            return ""
        head = f"<b>Preparation</b> for {escape(model.titles()[row], quote=False)}, {escape(day_text(appointment.start.date()), quote=False)}:"
        lines = model.preparation_lines(row).splitlines()
        if not lines:
            return f"{head} none"
        return "<br>".join([head, *(escape(line, quote=False) for line in lines)])
