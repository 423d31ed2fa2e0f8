"""A combo box for long names (a regimen preset's "Prostate 20 fractions daily (4 weeks)"): in a
narrow form the chosen name ends in "…" rather than being cut mid-letter, its tooltip gives it
whole, and the open list is wide enough for the longest name, whatever the style."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class NamedCombo(QComboBox):
    """`hint`: what the field is for, said in the tooltip under the chosen name."""

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self.currentIndexChanged.connect(self._chosen)
        model = self.model()
        model.rowsInserted.connect(self._widen_list)
        model.rowsRemoved.connect(self._widen_list)
        model.modelReset.connect(self._widen_list)
        self._chosen()

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 - Qt's name
        """Also while the form fills it with its signals blocked: the tooltip follows."""
        super().setCurrentIndex(index)
        self._chosen()

    def _chosen(self) -> None:
        name = self.currentText()
        self.setToolTip("\n".join(part for part in (name, self.hint) if part))
        self.setAccessibleDescription(self.hint)

    def _widen_list(self) -> None:
        """The open list as wide as its longest name, with its frame, margins and scroll bar."""
        view = self.view()
        widest = max((view.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        chrome = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 24
        view.setMinimumWidth(widest + chrome if widest else 0)
        for row in range(self.count()):
            self.setItemData(row, self.itemText(row), Qt.ItemDataRole.ToolTipRole)
        self._chosen()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown_text(self, option: QStyleOptionComboBox | None = None) -> str:
        """The chosen name as the field shows it: whole, or ending in "…" where the field is too narrow."""
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, max(0, room))
