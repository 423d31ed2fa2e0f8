"""A table that folds when its pane is too narrow for a column each: some columns stay, each with the
one folded under it as a second line (the Patients list: the hospital number under the name; History:
who under when, the new value under the old). Each line is elided on its own; the model's tooltips
and accessible texts give both whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView


class FoldingModel(Protocol):
    """What the delegate asks of a model that folds."""

    folded: bool
    folded_under: Mapping[int, int]  # each column shown while folded -> the column folded under it

    def folded_lines(self, row: int, column: int) -> tuple[str, str]: ...


class FoldedDelegate(QStyledItemDelegate):
    """Draws a folded cell's two lines."""

    def __init__(self, model: FoldingModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if self.model.folded and index.column() in self.model.folded_under:
            # Each line elided on its own (a long name must not push the number out of the cell), to the room the
            # style draws it in: its text rectangle less a margin each side (beside a sign: the sign's own margins),
            # measured to the fraction of a pixel as the style lays out the text, and a pixel to spare (an elided
            # text may come out a fraction wider than asked). A line too wide wraps at its last space, and the
            # second line (the hospital number) falls out of the cell
            style = option.widget.style() if option.widget is not None else QApplication.style()
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
            room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget).width() - 2 * margin - 1
            metrics = QFontMetricsF(option.font)
            lines = (metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(0, room))
                     for line in self.model.folded_lines(index.row(), index.column()))
            option.text = "\u2028".join(lines)  # a line break the style keeps
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


def show_folded(table: QTableView, shown: Mapping[int, int], folded: bool, row_height: int) -> None:
    """Only the columns `shown` while folded, rows of two lines; or every column, rows of one."""
    for column in range(table.model().columnCount()):
        table.setColumnHidden(column, folded and column not in shown)
    table.verticalHeader().setDefaultSectionSize(row_height * 2 - 8 if folded else row_height)
